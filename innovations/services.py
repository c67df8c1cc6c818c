"""Writes on competitions and innovations. Views call these and nothing else writes."""
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from innovations.models import (
    EDITABLE_STATUSES,
    Answer,
    Attachment,
    Category,
    Competition,
    Innovation,
    ProposalSection,
    Status,
    normalize_title,
)
from innovations.proposal_template import DEFAULT_SECTIONS
from innovations.text import count_words
from innovations.uploads import display_name, inspect_upload
from innovations.video import youtube_video_id, youtube_watch_url

logger = logging.getLogger(__name__)


class StaleVersion(Exception):
    """Raised when a save is based on an older version of the proposal."""


# --- Competitions -----------------------------------------------------------


@transaction.atomic
def competition_create(
    *, year, name, submission_opens_on, submission_closes_on, minimum_age_years=1, categories=()
):
    """Create a competition with the default proposal template and the given categories."""
    competition = Competition(
        year=year,
        name=name,
        submission_opens_on=submission_opens_on,
        submission_closes_on=submission_closes_on,
        minimum_age_years=minimum_age_years,
    )
    competition.full_clean()
    competition.save()
    proposal_template_apply_default(competition=competition)
    for number, category_name in enumerate(categories, start=1):
        Category.objects.create(competition=competition, number=number, name=category_name)
    return competition


def proposal_template_apply_default(*, competition):
    """Give a competition without sections the default template's sections."""
    if competition.sections.exists():
        return
    ProposalSection.objects.bulk_create(
        ProposalSection(competition=competition, position=position, **section)
        for position, section in enumerate(DEFAULT_SECTIONS, start=1)
    )


def competition_get_open(now=None):
    """Return the competition whose submission window contains now, if any."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Competition.objects.filter(submission_opens_on__lte=today, submission_closes_on__gte=today)
        .order_by("-year")
        .first()
    )


# --- Checks shared by the operator's writes ----------------------------------


def _ensure_operator_of(user, innovation):
    # The selectors already scope querysets to the unit; this guards services
    # called from elsewhere (commands, other views).
    if not (user.role == Role.OPERATOR and user.work_unit_id == innovation.work_unit_id):
        raise PermissionDenied


def _ensure_window_open(competition):
    now = timezone.now()
    if now < competition.submission_opens_at:
        raise ValidationError(
            _("Submission for %(competition)s opens on %(opens)s WIB. Entries can be created, changed and submitted from then on."),
            code="not_open_yet",
            params={
                "competition": competition.name,
                "opens": timezone.localtime(competition.submission_opens_at).strftime("%d-%m-%Y %H:%M:%S"),
            },
        )
    if not competition.is_open_for_submission(now):
        raise ValidationError(
            _("Submission for %(competition)s closed on %(deadline)s WIB. Entries can no longer be created, changed or submitted."),
            code="closed",
            params={
                "competition": competition.name,
                "deadline": timezone.localtime(competition.last_submission_moment).strftime("%d-%m-%Y %H:%M:%S"),
            },
        )


def _ensure_editable(innovation):
    if innovation.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This entry has status “%(status)s” and can no longer be changed."),
            code="not_editable",
            params={"status": innovation.get_status_display()},
        )


def _clean_title(competition, title, exclude_pk=None):
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Enter the title of the innovation.")})
    duplicates = Innovation.objects.filter(competition=competition, title_key=normalize_title(title))
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError(
            {"title": _("Another entry in this competition already has the title “%(title)s”. Choose a different title.") % {"title": title}}
        )
    return title


def _clean_video_url(url):
    url = (url or "").strip()
    if not url:
        return ""
    video_id = youtube_video_id(url)
    if not video_id:
        raise ValidationError(
            {"video_url": _("Enter a YouTube video link, such as https://www.youtube.com/watch?v=…")}
        )
    return youtube_watch_url(video_id)


def _clean_started_on(competition, started_on):
    if started_on and started_on > competition.latest_start_date:
        raise ValidationError(
            {
                "started_on": ngettext(
                    "The innovation must have started on or before %(date)s, %(years)s year before the last day of submission.",
                    "The innovation must have started on or before %(date)s, %(years)s years before the last day of submission.",
                    competition.minimum_age_years,
                )
                % {"date": competition.latest_start_date.strftime("%d-%m-%Y"), "years": competition.minimum_age_years}
            }
        )
    return started_on


def innovation_slug_unique(title, year):
    """Return an unused address name for an entry: its slugified title and year."""
    base = slugify(title)[:90].strip("-") or "inovasi"
    candidate = f"{base}-{year}"
    suffix = 2
    while Innovation.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{year}-{suffix}"
        suffix += 1
    return candidate


# --- Innovations ------------------------------------------------------------


def innovation_create_draft(*, user, competition, title, category=None, started_on=None, video_url=""):
    """Create a draft entry for the operator's work unit."""
    if user.role != Role.OPERATOR or user.work_unit_id is None:
        raise PermissionDenied
    if not user.work_unit.is_active:
        raise ValidationError(
            _("Your work unit %(unit)s is inactive, so it cannot start new entries. Ask your coordinator to activate it."),
            code="inactive_unit",
            params={"unit": user.work_unit.name},
        )
    _ensure_window_open(competition)
    if category is not None and category.competition_id != competition.pk:
        raise ValidationError({"category": _("Choose a category of this competition.")})
    title = _clean_title(competition, title)
    video_url = _clean_video_url(video_url)
    started_on = _clean_started_on(competition, started_on)
    try:
        with transaction.atomic():
            innovation = Innovation.objects.create(
                competition=competition,
                category=category,
                agency_id=user.work_unit.agency_id,
                work_unit_id=user.work_unit_id,
                title=title,
                slug=innovation_slug_unique(title, competition.year),
                started_on=started_on,
                video_url=video_url,
                created_by=user,
            )
    except IntegrityError:
        # Two operators chose the same title at the same moment: the database
        # constraint decided, and the later one gets the same message.
        raise ValidationError(
            {"title": _("Another entry in this competition already has the title “%(title)s”. Choose a different title.") % {"title": title}}
        )
    logger.info("Innovation %s created by user %s", innovation.pk, user.pk)
    return innovation


def innovation_update(
    *, user, innovation, version, title, category, started_on, video_url, answers
):
    """Save an entry's details and section texts, unless someone saved a newer version.

    ``answers`` maps section ids to text. A draft may be incomplete, but no
    text may exceed its section's word limit.
    """
    _ensure_operator_of(user, innovation)
    _ensure_window_open(innovation.competition)
    _ensure_editable(innovation)

    competition = innovation.competition
    if category is not None and category.competition_id != competition.pk:
        raise ValidationError({"category": _("Choose a category of this competition.")})
    title = _clean_title(competition, title, exclude_pk=innovation.pk)
    video_url = _clean_video_url(video_url)
    started_on = _clean_started_on(competition, started_on)

    sections = {section.pk: section for section in competition.sections.all()}
    errors = {}
    for section_id, text in answers.items():
        section = sections.get(section_id)
        if section is None:
            continue
        words = count_words(text)
        if words > section.word_limit:
            errors[f"section_{section_id}"] = _(
                "“%(section)s” has %(words)s words; the limit is %(limit)s. Shorten the text."
            ) % {"section": section.title, "words": words, "limit": section.word_limit}
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # The version check and increment happen in one UPDATE, so of two
        # saves based on the same version exactly one succeeds.
        updated = Innovation.objects.filter(pk=innovation.pk, version=version).update(
            version=F("version") + 1,
            title=title,
            title_key=normalize_title(title),
            category=category,
            started_on=started_on,
            video_url=video_url,
            updated_at=timezone.now(),
        )
        if not updated:
            raise StaleVersion
        for section_id, text in answers.items():
            if section_id in sections:
                Answer.objects.update_or_create(
                    innovation=innovation, section_id=section_id, defaults={"text": text.strip()}
                )
    innovation.refresh_from_db()
    return innovation


def attachment_add(*, user, innovation, kind, uploaded_file, section=None):
    """Inspect an uploaded file by its content and attach it to the entry."""
    _ensure_operator_of(user, innovation)
    _ensure_window_open(innovation.competition)
    _ensure_editable(innovation)
    inspected = inspect_upload(kind, uploaded_file)
    attachment = Attachment(
        innovation=innovation,
        kind=kind,
        section=section,
        original_name=display_name(uploaded_file.name),
        size=inspected.size,
        content_type=inspected.content_type,
        checksum=inspected.checksum,
        uploaded_by=user,
    )
    # The file is written to storage first; if the row cannot be saved, the
    # stored file is removed so that nothing is left half-stored.
    attachment.file.save("upload", inspected.content, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_delete(*, user, attachment):
    innovation = attachment.innovation
    _ensure_operator_of(user, innovation)
    _ensure_window_open(innovation.competition)
    _ensure_editable(innovation)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def innovation_missing_parts(innovation):
    """Return the messages for everything a proposal still lacks before submission."""
    missing = []
    if innovation.category_id is None:
        missing.append(_("Choose a category."))
    if innovation.started_on is None:
        missing.append(_("Enter the date the innovation started."))
    texts = {answer.section_id: answer.text for answer in innovation.answers.all()}
    evidence = {attachment.section_id for attachment in innovation.attachments.all()}
    for section in innovation.competition.sections.all():
        text = texts.get(section.pk, "")
        if not text.strip():
            missing.append(_("Fill in the section “%(section)s”.") % {"section": section.title})
        elif count_words(text) > section.word_limit:
            missing.append(
                _("Shorten the section “%(section)s” to %(limit)s words.")
                % {"section": section.title, "limit": section.word_limit}
            )
        if section.evidence_required and section.pk not in evidence:
            missing.append(_("Attach evidence to the section “%(section)s”.") % {"section": section.title})
    return missing


@transaction.atomic
def innovation_submit(*, user, innovation):
    """Hand a complete proposal to the agency's coordinator."""
    # Lock the row so that a save and a submit cannot interleave.
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    _ensure_operator_of(user, innovation)
    _ensure_window_open(innovation.competition)
    _ensure_editable(innovation)
    missing = innovation_missing_parts(innovation)
    if missing:
        raise ValidationError(missing, code="incomplete")
    innovation.status = Status.SUBMITTED
    innovation.submitted_at = timezone.now()
    innovation.version = F("version") + 1
    innovation.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    innovation.refresh_from_db()
    logger.info("Innovation %s submitted by user %s", innovation.pk, user.pk)
    return innovation
