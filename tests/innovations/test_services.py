import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import date_format

from innovations import services
from innovations.models import Answer, Innovation, Status
from tests.factories import (
    AttachmentFactory,
    CompetitionFactory,
    InnovationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def words(count, word="layanan"):
    return " ".join([word] * count)


def update_arguments(innovation, **changes):
    """Return the arguments of innovation_update that keep the entry as it is."""
    arguments = {
        "innovation": innovation,
        "version": innovation.version,
        "title": innovation.title,
        "category": innovation.category,
        "started_on": innovation.started_on,
        "video_url": innovation.video_url,
        "answers": {},
    }
    arguments.update(changes)
    return arguments


def operator_of(innovation):
    return UserFactory(work_unit=innovation.work_unit)


# --- Creating a draft ---------------------------------------------------------


def test_create_draft_for_operator_unit():
    competition = CompetitionFactory()
    operator = UserFactory()
    category = competition.categories.get(number=2)

    innovation = services.innovation_create_draft(
        user=operator,
        competition=competition,
        title="  Sistem   Antrean Daring ",
        category=category,
        started_on=datetime.date(2021, 3, 1),
    )

    innovation.refresh_from_db()
    assert innovation.title == "Sistem Antrean Daring"
    assert innovation.title_key == "sistem antrean daring"
    assert innovation.slug == f"sistem-antrean-daring-{competition.year}"
    assert innovation.status == Status.DRAFT
    assert innovation.work_unit == operator.work_unit
    assert innovation.agency == operator.work_unit.agency
    assert innovation.category == category
    assert innovation.created_by == operator
    assert innovation.version == 1
    assert innovation.submitted_at is None


def test_create_draft_duplicate_title_rejected():
    competition = CompetitionFactory()
    services.innovation_create_draft(user=UserFactory(), competition=competition, title="Sistem  Antrean")

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(user=UserFactory(), competition=competition, title="SISTEM antrean")

    assert raised.value.message_dict["title"] == [
        "Another entry in this competition already has the title “SISTEM antrean”. Choose a different title."
    ]
    assert competition.innovations.count() == 1


def test_create_draft_same_title_in_other_competition_allowed():
    first = services.innovation_create_draft(
        user=UserFactory(), competition=CompetitionFactory(), title="Sistem Antrean"
    )

    second = services.innovation_create_draft(
        user=UserFactory(), competition=CompetitionFactory(), title="sistem antrean"
    )

    assert first.slug != second.slug
    assert Innovation.objects.filter(title_key="sistem antrean").count() == 2


def test_create_draft_slug_made_unique():
    competition = CompetitionFactory()
    first = services.innovation_create_draft(user=UserFactory(), competition=competition, title="Antre? Tidak!")

    second = services.innovation_create_draft(user=UserFactory(), competition=competition, title="Antre, tidak")

    assert first.slug == f"antre-tidak-{competition.year}"
    assert second.slug == f"antre-tidak-{competition.year}-2"


def test_create_draft_title_without_letters_gets_slug():
    competition = CompetitionFactory()

    innovation = services.innovation_create_draft(user=UserFactory(), competition=competition, title="???")

    assert innovation.slug == f"inovasi-{competition.year}"


def test_create_draft_blank_title_rejected():
    competition = CompetitionFactory()

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(user=UserFactory(), competition=competition, title=" \t\u00a0")

    assert raised.value.message_dict["title"] == ["Enter the title of the innovation."]
    assert not competition.innovations.exists()


def test_create_draft_category_of_other_competition_rejected():
    competition = CompetitionFactory()
    foreign_category = CompetitionFactory().categories.get(number=1)

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(
            user=UserFactory(), competition=competition, title="Sistem Antrean", category=foreign_category
        )

    assert raised.value.message_dict["category"] == ["Choose a category of this competition."]
    assert not competition.innovations.exists()


def test_create_draft_too_young_rejected():
    competition = CompetitionFactory(minimum_age_years=2)
    too_late = competition.latest_start_date + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(
            user=UserFactory(), competition=competition, title="Sistem Antrean", started_on=too_late
        )

    assert list(raised.value.message_dict) == ["started_on"]
    assert date_format(competition.latest_start_date, "j F Y") in raised.value.message_dict["started_on"][0]
    assert not competition.innovations.exists()


def test_create_draft_started_on_latest_date_allowed():
    competition = CompetitionFactory(minimum_age_years=2)

    innovation = services.innovation_create_draft(
        user=UserFactory(),
        competition=competition,
        title="Sistem Antrean",
        started_on=competition.latest_start_date,
    )

    assert innovation.started_on == competition.latest_start_date


@pytest.mark.parametrize("traits", [{"coordinator": True}, {"admin": True}, {"judge": True}])
def test_create_draft_by_non_operator_denied(traits):
    competition = CompetitionFactory()

    with pytest.raises(PermissionDenied):
        services.innovation_create_draft(user=UserFactory(**traits), competition=competition, title="Sistem Antrean")

    assert not competition.innovations.exists()


# --- Saving a proposal ------------------------------------------------------------


def test_update_saves_details_and_answers():
    innovation = InnovationFactory()
    sections = list(innovation.competition.sections.order_by("position"))
    category = innovation.competition.categories.get(number=2)

    services.innovation_update(
        user=operator_of(innovation),
        **update_arguments(
            innovation,
            title="Sistem Antrean Terpadu",
            category=category,
            started_on=datetime.date(2019, 5, 2),
            video_url="https://youtu.be/dQw4w9WgXcQ",
            answers={sections[0].pk: "  Warga antre dari rumah.  ", sections[1].pk: ""},
        ),
    )

    innovation.refresh_from_db()
    assert innovation.version == 2
    assert innovation.title == "Sistem Antrean Terpadu"
    assert innovation.title_key == "sistem antrean terpadu"
    assert innovation.category == category
    assert innovation.started_on == datetime.date(2019, 5, 2)
    assert innovation.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert dict(innovation.answers.values_list("section_id", "text")) == {
        sections[0].pk: "Warga antre dari rumah.",
        sections[1].pk: "",
    }


def test_update_twice_replaces_answer():
    innovation = InnovationFactory()
    section = innovation.competition.sections.get(position=1)
    operator = operator_of(innovation)
    services.innovation_update(user=operator, **update_arguments(innovation, answers={section.pk: "Teks pertama."}))
    innovation.refresh_from_db()

    services.innovation_update(user=operator, **update_arguments(innovation, answers={section.pk: "Teks kedua."}))

    assert list(Answer.objects.filter(innovation=innovation).values_list("text", flat=True)) == ["Teks kedua."]
    innovation.refresh_from_db()
    assert innovation.version == 3


def test_update_with_stale_version_saves_nothing():
    innovation = InnovationFactory()
    section = innovation.competition.sections.get(position=1)
    operator = operator_of(innovation)
    loaded_version = innovation.version
    services.innovation_update(user=operator, **update_arguments(innovation, answers={section.pk: "Simpanan pertama."}))

    with pytest.raises(services.StaleVersion):
        services.innovation_update(
            user=operator,
            **update_arguments(
                innovation, version=loaded_version, title="Judul Lain", answers={section.pk: "Simpanan kedua."}
            ),
        )

    innovation.refresh_from_db()
    assert innovation.version == loaded_version + 1
    assert innovation.title != "Judul Lain"
    assert innovation.answers.get().text == "Simpanan pertama."


def test_update_over_word_limit_saves_nothing():
    innovation = InnovationFactory()
    summary = innovation.competition.sections.get(position=1)
    background = innovation.competition.sections.get(position=2)

    with pytest.raises(ValidationError) as raised:
        services.innovation_update(
            user=operator_of(innovation),
            **update_arguments(
                innovation,
                title="Judul Baru",
                answers={summary.pk: words(201), background.pk: words(300)},
            ),
        )

    assert raised.value.message_dict == {
        f"section_{summary.pk}": ["“Ringkasan” has 201 words; the limit is 200. Shorten the text."]
    }
    innovation.refresh_from_db()
    assert innovation.version == 1
    assert innovation.title != "Judul Baru"
    assert not innovation.answers.exists()


def test_update_at_word_limit_allowed():
    innovation = InnovationFactory()
    summary = innovation.competition.sections.get(position=1)

    services.innovation_update(
        user=operator_of(innovation),
        **update_arguments(innovation, answers={summary.pk: words(199) + "\u00a0akhir"}),
    )

    assert innovation.answers.get().text.endswith("\u00a0akhir")


def test_update_ignores_sections_of_other_competitions():
    innovation = InnovationFactory()
    foreign_section = CompetitionFactory().sections.get(position=1)

    services.innovation_update(
        user=operator_of(innovation), **update_arguments(innovation, answers={foreign_section.pk: "Teks asing."})
    )

    assert not Answer.objects.exists()


def test_update_title_of_other_entry_rejected():
    innovation = InnovationFactory(title="Sistem Antrean")
    InnovationFactory(competition=innovation.competition, work_unit=innovation.work_unit, title="Kartu Sehat")

    with pytest.raises(ValidationError) as raised:
        services.innovation_update(
            user=operator_of(innovation), **update_arguments(innovation, title="kartu  SEHAT")
        )

    assert list(raised.value.message_dict) == ["title"]
    innovation.refresh_from_db()
    assert innovation.title == "Sistem Antrean"


def test_update_keeping_own_title_in_other_case_allowed():
    innovation = InnovationFactory(title="Sistem Antrean")

    services.innovation_update(user=operator_of(innovation), **update_arguments(innovation, title="SISTEM ANTREAN"))

    innovation.refresh_from_db()
    assert innovation.title == "SISTEM ANTREAN"


def test_update_by_operator_of_other_unit_denied():
    innovation = InnovationFactory()

    with pytest.raises(PermissionDenied):
        services.innovation_update(user=UserFactory(), **update_arguments(innovation, title="Diambil Alih"))

    innovation.refresh_from_db()
    assert innovation.title != "Diambil Alih"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.FORWARDED, Status.WITHDRAWN, Status.PUBLISHED])
def test_update_after_submission_rejected(status):
    innovation = InnovationFactory(status=status)

    with pytest.raises(ValidationError) as raised:
        services.innovation_update(user=operator_of(innovation), **update_arguments(innovation, title="Judul Baru"))

    assert raised.value.code == "not_editable"
    innovation.refresh_from_db()
    assert innovation.title != "Judul Baru"


def test_update_returned_entry_allowed():
    innovation = InnovationFactory(status=Status.RETURNED)

    services.innovation_update(user=operator_of(innovation), **update_arguments(innovation, title="Judul Perbaikan"))

    innovation.refresh_from_db()
    assert innovation.title == "Judul Perbaikan"


# --- Submitting ---------------------------------------------------------------


def test_missing_parts_of_empty_draft():
    innovation = InnovationFactory(category=None, started_on=None)

    missing = services.innovation_missing_parts(innovation)

    assert missing == [
        "Choose a category.",
        "Enter the date the innovation started.",
        "Fill in the section “Ringkasan”.",
        "Fill in the section “Latar belakang dan tujuan”.",
        "Fill in the section “Kebaruan”.",
        "Fill in the section “Implementasi”.",
        "Fill in the section “Signifikansi”.",
        "Fill in the section “Adaptabilitas”.",
        "Fill in the section “Sumber daya”.",
        "Fill in the section “Strategi keberlanjutan”.",
    ]


def test_missing_parts_of_complete_draft_empty():
    assert services.innovation_missing_parts(InnovationFactory(complete=True)) == []


def test_missing_parts_lists_whitespace_and_overlong_answers():
    innovation = InnovationFactory(complete=True)
    innovation.answers.filter(section__position=1).update(text="\u00a0\u3000 ")
    innovation.answers.filter(section__position=3).update(text=words(201))

    assert services.innovation_missing_parts(innovation) == [
        "Fill in the section “Ringkasan”.",
        "Shorten the section “Kebaruan” to 200 words.",
    ]


def test_missing_parts_lists_evidence_required():
    innovation = InnovationFactory(complete=True)
    innovation.competition.sections.filter(position=5).update(evidence_required=True)

    assert services.innovation_missing_parts(innovation) == ["Attach evidence to the section “Signifikansi”."]

    AttachmentFactory(innovation=innovation, section=innovation.competition.sections.get(position=5))
    assert services.innovation_missing_parts(innovation) == []


def test_submit_incomplete_rejected_with_missing_parts():
    innovation = InnovationFactory(started_on=None)

    with pytest.raises(ValidationError) as raised:
        services.innovation_submit(user=operator_of(innovation), innovation=innovation)

    assert raised.value.messages[0] == "Enter the date the innovation started."
    assert len(raised.value.messages) == 9
    innovation.refresh_from_db()
    assert innovation.status == Status.DRAFT
    assert innovation.submitted_at is None


def test_submit_complete_draft():
    innovation = InnovationFactory(complete=True)

    submitted = services.innovation_submit(user=operator_of(innovation), innovation=innovation)

    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    assert innovation.submitted_at is not None
    assert innovation.version == 2
    assert submitted.status == Status.SUBMITTED


def test_submit_twice_rejected():
    innovation = InnovationFactory(complete=True)
    operator = operator_of(innovation)
    services.innovation_submit(user=operator, innovation=innovation)
    innovation.refresh_from_db()
    first_submitted_at = innovation.submitted_at

    with pytest.raises(ValidationError) as raised:
        services.innovation_submit(user=operator, innovation=innovation)

    assert raised.value.code == "not_editable"
    innovation.refresh_from_db()
    assert innovation.submitted_at == first_submitted_at


def test_submit_by_operator_of_other_unit_denied():
    innovation = InnovationFactory(complete=True)

    with pytest.raises(PermissionDenied):
        services.innovation_submit(user=UserFactory(), innovation=innovation)

    innovation.refresh_from_db()
    assert innovation.status == Status.DRAFT


def test_submit_by_coordinator_of_agency_denied():
    innovation = InnovationFactory(complete=True)
    coordinator = UserFactory(coordinator=True, agency=innovation.agency)

    with pytest.raises(PermissionDenied):
        services.innovation_submit(user=coordinator, innovation=innovation)

    innovation.refresh_from_db()
    assert innovation.status == Status.DRAFT


# --- Attachments ----------------------------------------------------------------


def test_attachment_delete_removes_row_and_file(django_capture_on_commit_callbacks, stored_files):
    attachment = AttachmentFactory()
    stored_name = attachment.file.name
    assert stored_files() == [stored_name]

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(user=operator_of(attachment.innovation), attachment=attachment)

    assert not attachment.innovation.attachments.exists()
    assert stored_files() == []


def test_attachment_delete_after_submission_rejected(stored_files):
    attachment = AttachmentFactory(innovation=InnovationFactory(submitted=True))

    with pytest.raises(ValidationError):
        services.attachment_delete(user=operator_of(attachment.innovation), attachment=attachment)

    assert attachment.innovation.attachments.count() == 1
    assert stored_files() == [attachment.file.name]


def test_attachment_delete_by_operator_of_other_unit_denied(stored_files):
    attachment = AttachmentFactory()

    with pytest.raises(PermissionDenied):
        services.attachment_delete(user=UserFactory(), attachment=attachment)

    assert attachment.innovation.attachments.count() == 1
    assert stored_files() == [attachment.file.name]


# --- Open competition -----------------------------------------------------------


def test_competition_get_open_returns_competition_of_today():
    today = datetime.date.today()
    CompetitionFactory(
        submission_opens_on=today - datetime.timedelta(days=60),
        submission_closes_on=today - datetime.timedelta(days=30),
    )
    open_competition = CompetitionFactory()

    assert services.competition_get_open() == open_competition


def test_competition_get_open_none_between_windows():
    today = datetime.date.today()
    CompetitionFactory(
        submission_opens_on=today + datetime.timedelta(days=30),
        submission_closes_on=today + datetime.timedelta(days=60),
    )

    assert services.competition_get_open() is None


def test_create_draft_by_inactive_unit_rejected():
    competition = CompetitionFactory()
    operator = UserFactory(work_unit__name="Kecamatan Lama", work_unit__is_active=False)

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(user=operator, competition=competition, title="Sistem Antrean")

    assert raised.value.messages == [
        "Your work unit Kecamatan Lama is inactive, so it cannot start new entries. Ask your coordinator to activate it."
    ]
    assert not competition.innovations.exists()


def test_update_by_inactive_unit_allowed():
    innovation = InnovationFactory(work_unit__is_active=False)

    services.innovation_update(user=operator_of(innovation), **update_arguments(innovation, title="Judul Baru"))

    innovation.refresh_from_db()
    assert innovation.title == "Judul Baru"
