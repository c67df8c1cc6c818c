import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from innovations import services
from innovations.models import (
    Answer,
    Attachment,
    Category,
    Competition,
    Innovation,
    ProposalSection,
    Status,
    normalize_title,
)
from tests.factories import (
    AnswerFactory,
    AttachmentFactory,
    CategoryFactory,
    CompetitionFactory,
    InnovationFactory,
    ProposalSectionFactory,
)

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
UTC = datetime.timezone.utc


def test_title_unique_in_competition_ignoring_case_and_spacing():
    competition = CompetitionFactory()
    InnovationFactory(competition=competition, title="Sistem  Antrean", slug="sistem-antrean-1")

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        InnovationFactory(competition=competition, title="sistem antrean", slug="sistem-antrean-2")

    assert "innovation_title_unique" in str(raised.value)
    assert Innovation.objects.filter(competition=competition).count() == 1


def test_title_allowed_again_in_another_competition():
    InnovationFactory(competition=CompetitionFactory(), title="Sistem  Antrean", slug="sistem-antrean-1")

    InnovationFactory(competition=CompetitionFactory(), title="sistem antrean", slug="sistem-antrean-2")

    assert Innovation.objects.filter(title_key="sistem antrean").count() == 2


def test_title_key_follows_title_on_partial_save():
    innovation = InnovationFactory(title="Layanan Lama")

    innovation.title = "  Layanan   BARU "
    innovation.save(update_fields=["title"])

    innovation.refresh_from_db()
    assert innovation.title_key == "layanan baru"


def test_normalize_title_collapses_all_whitespace():
    assert normalize_title("\tSistem\u00a0 Antrean\nDaring ") == "sistem antrean daring"


def test_competition_create_applies_default_template():
    competition = services.competition_create(
        year=2026,
        name="KIPP 2026",
        submission_opens_on=datetime.date(2026, 6, 1),
        submission_closes_on=datetime.date(2026, 6, 30),
        categories=["Pelayanan publik inklusif", "Kelembagaan efektif"],
    )

    sections = list(competition.sections.order_by("position"))
    assert [section.position for section in sections] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert sections[0].title == "Ringkasan"
    assert sections[-1].title == "Strategi keberlanjutan"
    assert [section.word_limit for section in sections] == [200, 300, 200, 200, 600, 300, 200, 500]
    assert sum(section.weight for section in sections) == Decimal("100")
    assert list(competition.categories.values_list("number", "name")) == [
        (1, "Pelayanan publik inklusif"),
        (2, "Kelembagaan efektif"),
    ]


def test_default_template_not_applied_twice():
    competition = CompetitionFactory()

    services.proposal_template_apply_default(competition=competition)

    assert competition.sections.count() == 8


def test_competition_window_reversed_rejected_by_database():
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Competition.objects.create(
            year=2026,
            name="KIPP 2026",
            submission_opens_on=datetime.date(2026, 6, 30),
            submission_closes_on=datetime.date(2026, 6, 1),
        )

    assert "competition_window_is_ordered" in str(raised.value)
    assert not Competition.objects.exists()


def test_competition_window_reversed_rejected_by_service():
    with pytest.raises(ValidationError):
        services.competition_create(
            year=2026,
            name="KIPP 2026",
            submission_opens_on=datetime.date(2026, 6, 30),
            submission_closes_on=datetime.date(2026, 6, 1),
        )

    assert not Competition.objects.exists()
    assert not ProposalSection.objects.exists()


def test_competition_window_of_one_day_allowed():
    competition = CompetitionFactory(
        submission_opens_on=datetime.date(2026, 6, 30), submission_closes_on=datetime.date(2026, 6, 30)
    )

    assert competition.submission_opens_at == datetime.datetime(2026, 6, 30, tzinfo=WIB)
    assert competition.submission_deadline == datetime.datetime(2026, 7, 1, tzinfo=WIB)


def test_competition_deadline_moments_in_wib():
    competition = CompetitionFactory(
        submission_opens_on=datetime.date(2026, 6, 1), submission_closes_on=datetime.date(2026, 6, 30)
    )

    assert competition.submission_opens_at == datetime.datetime(2026, 5, 31, 17, 0, tzinfo=UTC)
    assert competition.submission_deadline == datetime.datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
    assert competition.last_submission_moment == datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=WIB)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime.datetime(2026, 5, 31, 23, 59, 59, tzinfo=WIB), False),
        (datetime.datetime(2026, 6, 1, 0, 0, 0, tzinfo=WIB), True),
        (datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=WIB), True),
        (datetime.datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=WIB), True),
        (datetime.datetime(2026, 7, 1, 0, 0, 0, tzinfo=WIB), False),
    ],
)
def test_competition_open_between_wib_midnights(moment, is_open):
    competition = CompetitionFactory(
        submission_opens_on=datetime.date(2026, 6, 1), submission_closes_on=datetime.date(2026, 6, 30)
    )

    assert competition.is_open_for_submission(now=moment) is is_open


def test_latest_start_date_counts_back():
    competition = CompetitionFactory(
        submission_opens_on=datetime.date(2026, 6, 1),
        submission_closes_on=datetime.date(2026, 6, 30),
        minimum_age_years=2,
    )

    assert competition.latest_start_date == datetime.date(2024, 6, 30)


def test_latest_start_date_from_leap_day():
    competition = CompetitionFactory(
        submission_opens_on=datetime.date(2028, 2, 1),
        submission_closes_on=datetime.date(2028, 2, 29),
        minimum_age_years=1,
    )

    assert competition.latest_start_date == datetime.date(2027, 2, 28)


def test_category_number_unique_per_competition():
    competition = CompetitionFactory(categories=[])
    CategoryFactory(competition=competition, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CategoryFactory(competition=competition, number=1)

    CategoryFactory(competition=CompetitionFactory(categories=[]), number=1)
    assert Category.objects.filter(number=1).count() == 2


def test_section_position_unique_per_competition():
    competition = CompetitionFactory(sections=False)
    ProposalSectionFactory(competition=competition, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSectionFactory(competition=competition, position=1)

    assert competition.sections.count() == 1


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"weight": Decimal("100.01")}, "section_weight_is_a_percentage"),
        ({"weight": Decimal("-1")}, "section_weight_is_a_percentage"),
        ({"word_limit": 0}, "section_word_limit_positive"),
    ],
)
def test_section_out_of_range_rejected(values, constraint):
    section = ProposalSectionFactory()

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        ProposalSection.objects.filter(pk=section.pk).update(**values)

    assert constraint in str(raised.value)


def test_answer_unique_per_section():
    answer = AnswerFactory()

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        AnswerFactory(innovation=answer.innovation, section=answer.section, text="Teks kedua.")

    assert "answer_unique_per_section" in str(raised.value)
    assert Answer.objects.get().text == answer.text


def test_section_with_answers_cannot_be_deleted():
    answer = AnswerFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        answer.section.delete()

    assert ProposalSection.objects.filter(pk=answer.section_id).exists()
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_section_without_answers_can_be_deleted():
    competition = CompetitionFactory()
    section = competition.sections.get(position=8)

    section.delete()

    assert competition.sections.count() == 7


def test_competition_with_entries_cannot_be_deleted():
    innovation = InnovationFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        innovation.competition.delete()

    assert Innovation.objects.filter(pk=innovation.pk).exists()


def test_innovation_delete_removes_answers_and_attachments():
    innovation = InnovationFactory(complete=True)
    AttachmentFactory(innovation=innovation)

    innovation.delete()

    assert not Answer.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("status", "is_public", "is_editable"),
    [
        (Status.DRAFT, False, True),
        (Status.RETURNED, False, True),
        (Status.SUBMITTED, False, False),
        (Status.FORWARDED, True, False),
        (Status.WITHDRAWN, False, False),
        (Status.PUBLISHED, True, False),
    ],
)
def test_innovation_visibility_and_editability_by_status(status, is_public, is_editable):
    innovation = InnovationFactory.build(status=status)

    assert innovation.is_public is is_public
    assert innovation.is_editable is is_editable


def test_innovation_youtube_id_from_video_url():
    innovation = InnovationFactory.build(video_url="https://youtu.be/dQw4w9WgXcQ")

    assert innovation.youtube_id == "dQw4w9WgXcQ"
    assert InnovationFactory.build(video_url="").youtube_id is None


def test_innovation_absolute_url_uses_slug():
    innovation = InnovationFactory(title="Sistem Antrean", slug="sistem-antrean-2031")

    assert innovation.get_absolute_url() == "/inovasi/sistem-antrean-2031/"


def test_attachment_path_reveals_nothing_of_the_name():
    attachment = AttachmentFactory(original_name="rahasia warga.png")

    assert re.fullmatch(rf"attachments/{attachment.uuid.hex[:2]}/{attachment.uuid.hex}\.png", attachment.file.name)
    assert attachment.get_absolute_url() == f"/berkas/{attachment.uuid}/"
