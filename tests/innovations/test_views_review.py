"""The coordinator's dashboard and review pages: scoped to the agency, with return and forward."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovations.models import InnovationEvent, Status
from tests.factories import CompetitionFactory, InnovationFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("workspace:dashboard")
REVIEW_URL = reverse("workspace:review_list")


def detail_url(innovation):
    return reverse("workspace:review_detail", kwargs={"pk": innovation.pk})


def return_url(innovation):
    return reverse("workspace:review_return", kwargs={"pk": innovation.pk})


def forward_url(innovation):
    return reverse("workspace:review_forward", kwargs={"pk": innovation.pk})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True, full_name="Rina Koordinator", email="rina@kota.go.id")


@pytest.fixture
def unit(coordinator):
    return WorkUnitFactory(agency=coordinator.agency, name="Dinas Kesehatan")


@pytest.fixture
def submitted(unit, competition):
    return InnovationFactory(competition=competition, work_unit=unit, submitted=True, complete=True, title="Si Cantik")


def test_coordinator_dashboard_shows_units_entries_and_waiting(login, coordinator, unit, submitted, competition):
    idle = WorkUnitFactory(agency=coordinator.agency, name="Kecamatan Teluk Segara")
    InnovationFactory(competition=competition, work_unit=idle, title="Draf Kecamatan")
    InnovationFactory(competition=competition, title="Milik Instansi Lain", submitted=True)

    response = login(coordinator).get(DASHBOARD_URL)

    content = response.content.decode()
    assert [template.name for template in response.templates][0] == "innovations/workspace/dashboard_coordinator.html"
    assert [innovation.title for innovation in response.context["waiting"]] == ["Si Cantik"]
    assert [(u.name, [e.title for e in u.entries], u.unsubmitted_count) for u in response.context["units"]] == [
        ("Dinas Kesehatan", ["Si Cantik"], 0),
        ("Kecamatan Teluk Segara", ["Draf Kecamatan"], 1),
    ]
    assert [u.name for u in response.context["lagging_units"]] == ["Kecamatan Teluk Segara"]
    assert "Kecamatan Teluk Segara: 1 proposal not submitted" in content
    assert "Milik Instansi Lain" not in content
    # The competition closes in 30 days, beyond the warning.
    assert "Remind these units to submit." not in content


def test_coordinator_dashboard_warns_as_deadline_nears(login, coordinator, unit):
    competition = CompetitionFactory(submission_closes_on=timezone.localdate() + datetime.timedelta(days=3))
    InnovationFactory(competition=competition, work_unit=unit)

    content = login(coordinator).get(DASHBOARD_URL).content.decode()

    assert "The deadline is in 3 days. Remind these units to submit." in content


def test_coordinator_dashboard_query_count_constant(login, coordinator, competition):
    def count_queries():
        client = login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DASHBOARD_URL)
        assert response.status_code == 200
        return len(queries)

    unit = WorkUnitFactory(agency=coordinator.agency)
    InnovationFactory(competition=competition, work_unit=unit, submitted=True)
    one = count_queries()
    for _ in range(5):
        more_units = WorkUnitFactory(agency=coordinator.agency)
        InnovationFactory.create_batch(2, competition=competition, work_unit=more_units, submitted=True)
    assert count_queries() == one


def test_review_list_query_count_constant(login, coordinator, unit, competition):
    def count_queries():
        client = login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(REVIEW_URL)
        assert response.status_code == 200
        return len(queries), len(response.context["waiting"])

    InnovationFactory(competition=competition, work_unit=unit, submitted=True)
    one, rows = count_queries()
    InnovationFactory.create_batch(6, competition=competition, work_unit=unit, submitted=True)
    assert count_queries() == (one, 7)
    assert rows == 1


def test_review_list_shows_only_submitted_entries_of_agency(login, coordinator, unit, submitted, competition):
    InnovationFactory(competition=competition, work_unit=unit, title="Masih Draf")
    InnovationFactory(competition=competition, work_unit=unit, forwarded=True, title="Sudah Diteruskan")
    InnovationFactory(competition=competition, submitted=True, title="Instansi Lain")

    response = login(coordinator).get(REVIEW_URL)

    assert [innovation.title for innovation in response.context["waiting"]] == ["Si Cantik"]
    content = response.content.decode()
    for hidden in ("Masih Draf", "Sudah Diteruskan", "Instansi Lain"):
        assert hidden not in content


def test_review_detail_shows_proposal_and_actions(login, coordinator, submitted):
    response = login(coordinator).get(detail_url(submitted))

    content = response.content.decode()
    assert "Si Cantik" in content
    assert f"Isi bagian Ringkasan untuk {submitted.title}." in content
    assert 'id="form-teruskan"' in content
    assert 'id="form-kembalikan"' in content


def test_return_with_notes_from_page(login, coordinator, submitted, django_capture_on_commit_callbacks):
    UserFactory(work_unit=submitted.work_unit, email="ani@dinkes.go.id")

    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(return_url(submitted), {"note": "Lengkapi bagian Signifikansi."})

    assert response["Location"] == REVIEW_URL
    assert messages_of(response) == ["The proposal “Si Cantik” was returned to Dinas Kesehatan with your notes."]
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert InnovationEvent.objects.get().note == "Lengkapi bagian Signifikansi."
    assert sorted(message.to[0] for message in mail.outbox) == ["ani@dinkes.go.id", "rina@kota.go.id"]


def test_return_without_note_shows_error_and_keeps_status(login, coordinator, submitted):
    response = login(coordinator).post(return_url(submitted), {"note": "   "})

    assert response.status_code == 200
    assert "Write a note that tells the operator what to change." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_forward_from_page_makes_entry_public(login, client, coordinator, submitted):
    response = login(coordinator).post(forward_url(submitted), {"note": ""})

    assert response["Location"] == REVIEW_URL
    assert messages_of(response) == ["The proposal “Si Cantik” was forwarded to the organiser."]
    submitted.refresh_from_db()
    assert submitted.status == Status.FORWARDED
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_forward_draft_shows_reason(login, coordinator, unit, competition):
    draft = InnovationFactory(competition=competition, work_unit=unit, title="Draf")

    response = login(coordinator).post(forward_url(draft))

    assert response["Location"] == detail_url(draft)
    assert messages_of(response) == ["This entry has status “Draft”, so it cannot be forwarded."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("method_and_url", [
    ("get", detail_url), ("post", return_url), ("post", forward_url),
    ("get", lambda i: reverse("workspace:innovation_history", kwargs={"pk": i.pk})),
    ("get", lambda i: reverse("workspace:innovation_print", kwargs={"pk": i.pk})),
    ("post", lambda i: reverse("workspace:innovation_withdraw", kwargs={"pk": i.pk})),
])
def test_entry_of_other_agency_is_404(login, submitted, method_and_url):
    method, url = method_and_url
    outsider = UserFactory(coordinator=True)

    response = getattr(login(outsider), method)(url(submitted), {"note": "Coba."})

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not InnovationEvent.objects.exists()


@pytest.mark.parametrize("traits", [{}, {"judge": True}, {"admin": True}])
def test_review_pages_refuse_other_roles(login, submitted, traits):
    user = UserFactory(**traits)

    responses = [login(user).get(REVIEW_URL), login(user).post(forward_url(submitted))]

    assert [response.status_code for response in responses] == [403, 403]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_coordinator_withdraws_entry(login, coordinator, submitted):
    url = reverse("workspace:innovation_withdraw", kwargs={"pk": submitted.pk})

    response = login(coordinator).post(url, {"note": "Unit dilebur."})

    assert response["Location"] == detail_url(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert InnovationEvent.objects.get().note == "Unit dilebur."
