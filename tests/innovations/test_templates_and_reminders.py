"""Proposal templates (copy, deactivate, protected delete) and the deadline reminder command."""
import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from innovations import services
from innovations.models import Answer, DeadlineReminder, ProposalSection, Status
from tests.factories import CompetitionFactory, InnovationFactory, ProposalSectionFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc


def titles(competition):
    return list(competition.sections.order_by("position").values_list("position", "title", "is_active"))


def test_competition_create_has_default_template_and_groups():
    competition = services.competition_create(
        year=2031, name="KIPP 2031", submission_opens_on=datetime.date(2031, 1, 1),
        submission_closes_on=datetime.date(2031, 3, 31),
    )

    assert [title for _, title, _ in titles(competition)][:2] == ["Ringkasan", "Latar belakang dan tujuan"]
    assert competition.sections.count() == 8
    assert list(competition.groups.values_list("number", "name")) == [
        (1, "Kelompok Umum"), (2, "Kelompok Khusus"), (3, "Replikasi"),
    ]


def test_copy_template_replaces_unanswered_sections():
    source = CompetitionFactory(sections=False)
    ProposalSectionFactory(competition=source, position=1, title="Ringkasan baru", word_limit=150, weight=0)
    ProposalSectionFactory(competition=source, position=2, title="Dampak", word_limit=500, weight=40, evidence_required=True)
    ProposalSectionFactory(competition=source, position=3, title="Tidak dipakai", is_active=False)
    target = CompetitionFactory()

    services.proposal_template_copy(source=source, target=target)

    assert titles(target) == [(1, "Ringkasan baru", True), (2, "Dampak", True)]
    copied = target.sections.get(position=2)
    assert (copied.word_limit, copied.weight, copied.evidence_required) == (500, 40, True)
    # The source is untouched.
    assert source.sections.count() == 3


def test_copy_template_keeps_answered_sections_deactivated():
    source = CompetitionFactory(sections=False)
    ProposalSectionFactory(competition=source, position=1, title="Ringkasan baru")
    target = CompetitionFactory()
    entry = InnovationFactory(competition=target)
    answered = target.sections.get(position=5)
    Answer.objects.create(innovation=entry, section=answered, text="Dampak sebelum dan sesudah.")

    services.proposal_template_copy(source=source, target=target)

    assert titles(target) == [(1, "Ringkasan baru", True), (2, "Signifikansi", False)]
    assert Answer.objects.get(innovation=entry).text == "Dampak sebelum dan sesudah."


@pytest.mark.parametrize("same", [True, False])
def test_copy_template_refuses_same_or_empty_source(same):
    target = CompetitionFactory()
    source = target if same else CompetitionFactory(sections=False)

    with pytest.raises(ValidationError):
        services.proposal_template_copy(source=source, target=target)

    assert target.sections.count() == 8


def test_admin_action_copies_template(login):
    admin = UserFactory(admin=True, is_superuser=True)
    source = CompetitionFactory(sections=False, name="KIPP 2022")
    ProposalSectionFactory(competition=source, position=1, title="Ringkasan 2022")
    target = CompetitionFactory(name="KIPP 2024")
    client = login(admin)
    url = reverse("admin:innovations_competition_changelist")

    form_page = client.post(url, {"action": "copy_proposal_template", "_selected_action": [target.pk]})
    applied = client.post(url, {
        "action": "copy_proposal_template", "_selected_action": [target.pk], "apply": "1", "source": source.pk,
    }, follow=True)

    assert "Copy the proposal template of" in form_page.content.decode()
    assert "The proposal template of KIPP 2022 was copied to KIPP 2024." in applied.content.decode()
    assert titles(target) == [(1, "Ringkasan 2022", True)]


def inline_data(competition, delete_section=None):
    """Return the competition change form's POST data, optionally deleting one section."""
    data = {
        "year": competition.year, "name": competition.name,
        "submission_opens_on": competition.submission_opens_on.isoformat(),
        "submission_closes_on": competition.submission_closes_on.isoformat(),
        "minimum_age_years": competition.minimum_age_years,
    }
    for prefix, rows in (("categories", competition.categories.all()), ("groups", competition.groups.all())):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-id": row.pk, f"{prefix}-{index}-competition": competition.pk,
                         f"{prefix}-{index}-number": row.number, f"{prefix}-{index}-name": row.name})
    sections = list(competition.sections.all())
    data.update({"sections-TOTAL_FORMS": len(sections), "sections-INITIAL_FORMS": len(sections)})
    for index, section in enumerate(sections):
        data.update({
            f"sections-{index}-id": section.pk, f"sections-{index}-competition": competition.pk,
            f"sections-{index}-position": section.position, f"sections-{index}-title": section.title,
            f"sections-{index}-guidance": section.guidance, f"sections-{index}-word_limit": section.word_limit,
            f"sections-{index}-weight": section.weight, f"sections-{index}-is_active": "on",
        })
        if section == delete_section:
            data[f"sections-{index}-DELETE"] = "on"
    return data


def test_admin_refuses_deleting_answered_section_with_message(login):
    admin = UserFactory(admin=True, is_superuser=True)
    competition = CompetitionFactory(year=2099)
    section = competition.sections.get(position=2)
    owner = InnovationFactory(competition=competition)
    Answer.objects.create(innovation=owner, section=section, text="Latar belakang.")
    url = reverse("admin:innovations_competition_change", args=[competition.pk])

    response = login(admin).post(url, inline_data(competition, delete_section=section))

    assert response.status_code == 200
    assert (
        "The section “Latar belakang dan tujuan” has answers in 1 entry, so it cannot be deleted. "
        "Untick “active” instead: the section leaves the editor and the answers are kept."
    ) in response.content.decode()
    assert ProposalSection.objects.filter(pk=section.pk).exists()


def test_admin_deletes_unanswered_section(login):
    admin = UserFactory(admin=True, is_superuser=True)
    # A fixed year: the factory's sequence passes the form's limit of 2100 in long runs.
    competition = CompetitionFactory(year=2099)
    section = competition.sections.get(position=8)
    url = reverse("admin:innovations_competition_change", args=[competition.pk])

    response = login(admin).post(url, inline_data(competition, delete_section=section))

    assert response.status_code == 302
    assert not ProposalSection.objects.filter(pk=section.pk).exists()


def test_admin_override_action_changes_status_with_reason(login):
    admin = UserFactory(admin=True, is_superuser=True)
    entry = InnovationFactory(submitted=True)
    url = reverse("admin:innovations_innovation_changelist")

    response = login(admin).post(url, {
        "action": "override_status", "_selected_action": [entry.pk], "apply": "1",
        "status": Status.FORWARDED, "note": "Diteruskan oleh sekretariat.",
    }, follow=True)

    assert "The status of 1 entry was changed." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.FORWARDED
    assert entry.events.get().note == "Diteruskan oleh sekretariat."


# --- Deadline reminders ------------------------------------------------------------


@pytest.fixture
def closing_soon():
    # 25 June 2026, 01:00 WIB (24 June 18:00 UTC): five days before the last day.
    with time_machine.travel(datetime.datetime(2026, 6, 24, 18, 0, tzinfo=UTC), tick=False) as traveller:
        competition = CompetitionFactory(
            year=2026, name="KIPP 2026",
            submission_opens_on=datetime.date(2026, 6, 1), submission_closes_on=datetime.date(2026, 6, 30),
        )
        yield competition, traveller


def test_reminder_sent_once_a_day(closing_soon):
    competition, traveller = closing_soon
    coordinator = UserFactory(coordinator=True, email="orpeg@kota.go.id", full_name="Rina")
    lagging = WorkUnitFactory(agency=coordinator.agency, name="Dinas Perhubungan")
    InnovationFactory.create_batch(2, competition=competition, work_unit=lagging)
    done = WorkUnitFactory(agency=coordinator.agency, name="Dinas Sosial")
    InnovationFactory(competition=competition, work_unit=done, submitted=True)
    quiet = UserFactory(coordinator=True, email="tenang@kab.go.id")
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=quiet.agency), forwarded=True)
    output = StringIO()

    call_command("send_deadline_reminders", "--days", "7", stdout=output)
    call_command("send_deadline_reminders", "--days", "7", stdout=StringIO())

    assert output.getvalue() == "Sent 1 reminder(s).\n"
    [message] = mail.outbox
    assert message.to == ["orpeg@kota.go.id"]
    assert message.subject == "[SiNovik] Unsubmitted drafts in KIPP 2026"
    assert "closes in 5 days, on 30-06-2026 at 23:59:59 WIB" in message.body
    assert "- Dinas Perhubungan: 2" in message.body
    assert "Dinas Sosial" not in message.body
    assert DeadlineReminder.objects.count() == 1

    traveller.move_to(datetime.datetime(2026, 6, 25, 18, 0, tzinfo=UTC))
    call_command("send_deadline_reminders", "--days", "7", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_reminder_not_sent_when_deadline_further_than_days(closing_soon):
    competition, _ = closing_soon
    coordinator = UserFactory(coordinator=True)
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=coordinator.agency))

    call_command("send_deadline_reminders", "--days", "3", stdout=StringIO())

    assert mail.outbox == []
    assert not DeadlineReminder.objects.exists()
