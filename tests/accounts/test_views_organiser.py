"""The organiser's pages: agencies with their coordinators, and issuing coordinator accounts."""
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ActivityAction, ActivityLog, AgencyKind, Role, User
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def finish_batch(client, response):
    batch_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("accounts:batch_process", kwargs={"batch_id": batch_id}))
    return client.get(reverse("accounts:batch_slips", kwargs={"batch_id": batch_id}))


def test_admin_issues_coordinator_accounts(login):
    admin = UserFactory(admin=True)
    client = login(admin)
    city = AgencyFactory(name="Pemerintah Kota Bengkulu")
    province = AgencyFactory(name="Pemerintah Provinsi Bengkulu", kind=AgencyKind.PROVINCE)
    UserFactory(coordinator=True, agency=city, username="koordinator.kota-bengkulu")

    response = client.post(reverse("accounts:coordinator_issue"), {"agencies": [city.pk, province.pk]})
    slips = finish_batch(client, response)

    coordinators = User.objects.filter(role=Role.COORDINATOR).order_by("username")
    assert [(user.username, user.agency_id, user.must_change_password) for user in coordinators] == [
        ("koordinator.kota-bengkulu", city.pk, False),
        ("koordinator.kota-bengkulu.2", city.pk, True),
        ("koordinator.provinsi-bengkulu", province.pk, True),
    ]
    html = slips.content.decode()
    assert "koordinator.kota-bengkulu.2" in html
    assert "koordinator.provinsi-bengkulu" in html
    assert ActivityLog.objects.filter(action=ActivityAction.ACCOUNT_ISSUED, actor=admin).count() == 2


def test_coordinator_cannot_open_organiser_pages(login):
    client = login(UserFactory(coordinator=True))
    agency = AgencyFactory()

    assert client.get(reverse("accounts:agency_list")).status_code == 403
    assert client.post(reverse("accounts:coordinator_issue"), {"agencies": [agency.pk]}).status_code == 403
    assert not User.objects.filter(agency=agency).exists()


@pytest.mark.parametrize("count", [1, 6])
def test_agency_list_query_count(login, count, django_assert_max_num_queries):
    client = login(UserFactory(admin=True))
    for _ in range(count):
        UserFactory(coordinator=True)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("accounts:agency_list"))

    listed = [agency for agency in response.context["agencies"] if agency.coordinator_accounts]
    assert len(listed) == count


def test_agency_list_shows_bumd_coordinating_region(login):
    client = login(UserFactory(admin=True))
    city = AgencyFactory(name="Pemerintah Kota Bengkulu")
    AgencyFactory(name="PDAM Tirta Dharma", kind=AgencyKind.REGIONAL_COMPANY, parent=city)

    html = " ".join(client.get(reverse("accounts:agency_list"), {"q": "PDAM"}).content.decode().split())

    assert "Coordinated by Pemerintah Kota Bengkulu" in html
    assert 'name="agencies"' not in html


def test_admin_deactivates_coordinator(login):
    admin = UserFactory(admin=True)
    coordinator = UserFactory(coordinator=True)

    response = login(admin).post(reverse("accounts:account_deactivate", kwargs={"pk": coordinator.pk}))

    assert response["Location"] == reverse("accounts:agency_list")
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    entry = ActivityLog.objects.get()
    assert (entry.actor, entry.action, entry.target_user, entry.agency) == (
        admin,
        ActivityAction.ACCOUNT_DEACTIVATED,
        coordinator,
        coordinator.agency,
    )


def test_django_admin_user_change_logged(login):
    admin = UserFactory(admin=True, is_superuser=True)
    operator = UserFactory(phone="0811 000 111")
    client = login(admin)
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    joined = timezone.localtime(operator.date_joined)
    data.update(
        {
            "phone": "0811 999 888",
            "groups": [],
            "user_permissions": [],
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = client.post(url, data)

    assert response["Location"] == reverse("admin:accounts_user_changelist")
    entry = ActivityLog.objects.get()
    assert (entry.actor, entry.target_user) == (admin, operator)
    assert "phone" in entry.details["fields"]
    assert not [name for name in entry.details["fields"] if "password" in name]
