"""The hand-over of an entry: every transition by every role, allowed and refused, and its records."""
import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from innovations import services
from innovations.models import EventKind, Innovation, InnovationEvent, Status
from tests.factories import CompetitionFactory, InnovationFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
# 30 June 2026 23:59:59 WIB = 16:59:59 UTC, the last second of the window.
LAST_SECOND = datetime.datetime(2026, 6, 30, 16, 59, 59, tzinfo=UTC)
# 1 July 2026 00:00:00 WIB, the first second after it.
CLOSED = datetime.datetime(2026, 6, 30, 17, 0, 0, tzinfo=UTC)


@pytest.fixture
def entry():
    return InnovationFactory(complete=True, title="Posyandu Keliling")


@pytest.fixture
def people(entry):
    """Everyone who might act on the entry, inside and outside its scope."""
    other_unit = UserFactory()
    return {
        "operator": UserFactory(work_unit=entry.work_unit, email="operator@dinas.go.id", full_name="Ani Operator"),
        "coordinator": UserFactory(coordinator=True, agency=entry.agency, email="orpeg@kota.go.id", full_name="Budi Orpeg"),
        "other_operator": UserFactory(),
        "other_unit_same_agency": UserFactory(work_unit=type(entry.work_unit).objects.create(agency=entry.agency, name="Dinas Lain")),
        "other_coordinator": UserFactory(coordinator=True, agency=other_unit.work_unit.agency),
        "admin": UserFactory(admin=True),
        "judge": UserFactory(judge=True),
    }


def set_status(innovation, status):
    Innovation.objects.filter(pk=innovation.pk).update(status=status)
    innovation.refresh_from_db()
    return innovation


TRANSITIONS = {
    "submit": lambda user, entry: services.innovation_submit(user=user, innovation=entry),
    "return": lambda user, entry: services.innovation_return(user=user, innovation=entry, note="Lengkapi data."),
    "forward": lambda user, entry: services.innovation_forward(user=user, innovation=entry),
    "withdraw": lambda user, entry: services.innovation_withdraw(user=user, innovation=entry),
}

# (transition, from status, role) -> resulting status, for every allowed case.
ALLOWED = {
    ("submit", Status.DRAFT, "operator"): Status.SUBMITTED,
    ("submit", Status.RETURNED, "operator"): Status.SUBMITTED,
    ("return", Status.SUBMITTED, "coordinator"): Status.RETURNED,
    ("forward", Status.SUBMITTED, "coordinator"): Status.FORWARDED,
    ("withdraw", Status.DRAFT, "operator"): Status.WITHDRAWN,
    ("withdraw", Status.SUBMITTED, "operator"): Status.WITHDRAWN,
    ("withdraw", Status.RETURNED, "operator"): Status.WITHDRAWN,
    ("withdraw", Status.DRAFT, "coordinator"): Status.WITHDRAWN,
    ("withdraw", Status.SUBMITTED, "coordinator"): Status.WITHDRAWN,
    ("withdraw", Status.RETURNED, "coordinator"): Status.WITHDRAWN,
}
ROLES = ["operator", "coordinator", "other_operator", "other_unit_same_agency", "other_coordinator", "admin", "judge"]
STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.FORWARDED, Status.WITHDRAWN, Status.PUBLISHED]
# The role that acts on entries in the natural flow of each transition.
OWNER = {"submit": "operator", "return": "coordinator", "forward": "coordinator", "withdraw": "operator"}


@pytest.mark.parametrize("transition", list(TRANSITIONS))
@pytest.mark.parametrize("from_status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_transition_by_role_and_status(entry, people, django_capture_on_commit_callbacks, transition, from_status, role):
    set_status(entry, from_status)
    user = people[role]
    expected = ALLOWED.get((transition, from_status, role))

    with django_capture_on_commit_callbacks(execute=True):
        if expected is None:
            with pytest.raises((PermissionDenied, ValidationError)):
                TRANSITIONS[transition](user, entry)
        else:
            TRANSITIONS[transition](user, entry)

    entry.refresh_from_db()
    if expected is None:
        assert entry.status == from_status
        assert not InnovationEvent.objects.exists()
        assert mail.outbox == []
    else:
        assert entry.status == expected
        event = InnovationEvent.objects.get()
        assert (event.from_status, event.to_status, event.actor) == (from_status, expected, user)
        assert sorted(message.to[0] for message in mail.outbox) == ["operator@dinas.go.id", "orpeg@kota.go.id"]


def test_refused_in_wrong_status_says_why(entry, people):
    with pytest.raises(ValidationError) as raised:
        services.innovation_forward(user=people["coordinator"], innovation=entry)

    assert raised.value.messages == ["This entry has status “Draft”, so it cannot be forwarded."]


def test_return_without_note_refused(entry, people):
    set_status(entry, Status.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        services.innovation_return(user=people["coordinator"], innovation=entry, note="  \n ")

    assert raised.value.message_dict == {"note": ["Write a note that tells the operator what to change."]}
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_return_records_note_and_mails_it(entry, people, django_capture_on_commit_callbacks):
    set_status(entry, Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_return(
            user=people["coordinator"], innovation=entry, note="Tambahkan data sebelum/sesudah\nsesuai pedoman."
        )

    event = InnovationEvent.objects.get()
    assert event.kind == EventKind.RETURNED
    assert event.note == "Tambahkan data sebelum/sesudah\nsesuai pedoman."
    assert event.actor_name == f"Budi Orpeg ({people['coordinator'].username})"
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == "[SiNovik] Returned to the operator: Posyandu Keliling"
    assert "Tambahkan data sebelum/sesudah\nsesuai pedoman." in message.body
    assert "Submitted → Returned" in message.body
    assert "The operator can now change the proposal and submit it again before the deadline." in message.body


def test_mail_skips_inactive_and_addressless_users(entry, people, django_capture_on_commit_callbacks):
    UserFactory(work_unit=entry.work_unit, email="")
    UserFactory(work_unit=entry.work_unit, email="lama@dinas.go.id", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_submit(user=people["operator"], innovation=entry)

    assert sorted(message.to[0] for message in mail.outbox) == ["operator@dinas.go.id", "orpeg@kota.go.id"]


def test_mail_sent_only_after_commit(entry, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.innovation_submit(user=people["operator"], innovation=entry)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_transition_increments_version_so_stale_save_refused(entry, people):
    version = entry.version
    services.innovation_submit(user=people["operator"], innovation=entry)
    services.innovation_return(user=people["coordinator"], innovation=entry, note="Perbaiki.")

    with pytest.raises(services.StaleVersion):
        services.innovation_update(
            user=people["operator"], innovation=entry, version=version, title=entry.title,
            category=entry.category, started_on=entry.started_on, video_url="", answers={},
        )
    entry.refresh_from_db()
    assert entry.version == version + 2


def test_full_cycle_records_every_event_in_order(entry, people):
    operator, coordinator = people["operator"], people["coordinator"]
    services.innovation_submit(user=operator, innovation=entry)
    services.innovation_return(user=coordinator, innovation=entry, note="Ringkasan terlalu umum.")
    services.innovation_submit(user=operator, innovation=entry)
    services.innovation_forward(user=coordinator, innovation=entry, note="Layak.")

    assert list(InnovationEvent.objects.values_list("kind", "from_status", "to_status", "note")) == [
        (EventKind.SUBMITTED, Status.DRAFT, Status.SUBMITTED, ""),
        (EventKind.RETURNED, Status.SUBMITTED, Status.RETURNED, "Ringkasan terlalu umum."),
        (EventKind.SUBMITTED, Status.RETURNED, Status.SUBMITTED, ""),
        (EventKind.FORWARDED, Status.SUBMITTED, Status.FORWARDED, "Layak."),
    ]


# --- Public visibility ----------------------------------------------------------


def test_entry_public_once_forwarded(entry, people):
    services.innovation_submit(user=people["operator"], innovation=entry)
    assert not Innovation.objects.public().filter(pk=entry.pk).exists()

    services.innovation_forward(user=people["coordinator"], innovation=entry)

    entry.refresh_from_db()
    assert list(Innovation.objects.public()) == [entry]
    assert entry.is_public


def test_results_only_entry_public_with_stage(people):
    competition = CompetitionFactory(publish_only_results=True)
    entry = InnovationFactory(competition=competition, forwarded=True)

    assert not Innovation.objects.public().exists()
    assert not entry.is_public

    Innovation.objects.filter(pk=entry.pk).update(stage_reached="Top 45")
    entry.refresh_from_db()
    assert list(Innovation.objects.public()) == [entry]
    assert entry.is_public


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN])
def test_unforwarded_entry_with_stage_not_public(status):
    InnovationFactory(status=status, stage_reached="Top 99")

    assert not Innovation.objects.public().exists()


# --- Deadline edges in WIB, with the server clock in UTC ------------------------------


@pytest.fixture
def june_entry():
    with time_machine.travel(LAST_SECOND - datetime.timedelta(days=1), tick=False):
        competition = CompetitionFactory(
            year=2026, name="KIPP 2026",
            submission_opens_on=datetime.date(2026, 6, 1), submission_closes_on=datetime.date(2026, 6, 30),
        )
        return InnovationFactory(competition=competition, complete=True)


@pytest.mark.parametrize(
    ("transition", "from_status", "role"),
    [("submit", Status.DRAFT, "operator"), ("return", Status.SUBMITTED, "coordinator"),
     ("forward", Status.SUBMITTED, "coordinator"), ("withdraw", Status.DRAFT, "operator")],
)
def test_transition_at_last_second_allowed_and_after_refused(june_entry, transition, from_status, role):
    set_status(june_entry, from_status)
    user = (
        UserFactory(work_unit=june_entry.work_unit) if role == "operator"
        else UserFactory(coordinator=True, agency=june_entry.agency)
    )

    with time_machine.travel(CLOSED, tick=False):
        with pytest.raises(ValidationError) as raised:
            TRANSITIONS[transition](user, june_entry)
    june_entry.refresh_from_db()
    assert raised.value.code == "closed"
    assert june_entry.status == from_status

    with time_machine.travel(LAST_SECOND, tick=False):
        TRANSITIONS[transition](user, june_entry)
    june_entry.refresh_from_db()
    assert june_entry.status == ALLOWED[(transition, from_status, role)]


def test_admin_override_after_deadline(june_entry, django_capture_on_commit_callbacks):
    set_status(june_entry, Status.SUBMITTED)
    UserFactory(coordinator=True, agency=june_entry.agency, email="orpeg@kota.go.id")
    admin = UserFactory(admin=True, full_name="Sekretariat KIPP")

    with time_machine.travel(CLOSED + datetime.timedelta(days=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.innovation_override_status(
                user=admin, innovation=june_entry, status=Status.FORWARDED, note="Terkirim 00:00:02 karena gangguan server."
            )

    june_entry.refresh_from_db()
    assert june_entry.status == Status.FORWARDED
    event = InnovationEvent.objects.get()
    assert (event.kind, event.from_status, event.to_status) == (EventKind.OVERRIDDEN, Status.SUBMITTED, Status.FORWARDED)
    assert event.note == "Terkirim 00:00:02 karena gangguan server."
    assert [message.to for message in mail.outbox] == [["orpeg@kota.go.id"]]


@pytest.mark.parametrize("role", ["operator", "coordinator", "judge"])
def test_override_by_non_admin_denied(entry, people, role):
    with pytest.raises(PermissionDenied):
        services.innovation_override_status(user=people[role], innovation=entry, status=Status.FORWARDED, note="x")

    entry.refresh_from_db()
    assert entry.status == Status.DRAFT


def test_override_needs_reason_and_a_different_status(entry, people):
    with pytest.raises(ValidationError) as without_reason:
        services.innovation_override_status(user=people["admin"], innovation=entry, status=Status.FORWARDED, note=" ")
    with pytest.raises(ValidationError) as same:
        services.innovation_override_status(user=people["admin"], innovation=entry, status=Status.DRAFT, note="x")

    assert without_reason.value.message_dict == {"note": ["Write the reason for changing the status."]}
    assert same.value.message_dict == {"status": ["The entry already has status “Draft”. Choose another status."]}
    assert not InnovationEvent.objects.exists()


def test_event_kept_when_actor_account_deleted(entry, people):
    services.innovation_submit(user=people["operator"], innovation=entry)
    username = people["operator"].username

    people["operator"].delete()

    event = InnovationEvent.objects.get()
    assert event.actor is None
    assert event.actor_name == f"Ani Operator ({username})"
