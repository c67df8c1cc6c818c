"""Writes on proposals: creating a draft and saving its details and section texts."""
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role
from innovations.models import Answer, Innovation, normalize_title
from innovations.services._checks import (
    StaleVersion,
    clean_details,
    duplicate_title_error,
    ensure_editable,
    ensure_operator_of,
    ensure_window_open,
)
from innovations.text import count_words

logger = logging.getLogger(__name__)

# Marks an argument the caller leaves as it is.
KEEP = object()


def innovation_slug_unique(title, year):
    """Return an unused address name for an entry: its slugified title and year."""
    base = slugify(title)[:90].strip("-") or "inovasi"
    candidate = f"{base}-{year}"
    suffix = 2
    while Innovation.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{year}-{suffix}"
        suffix += 1
    return candidate


def innovation_create_draft(
    *, user, competition, title, category=None, started_on=None, video_url="", group=None, sdgs=(), previous_awards=""
):
    """Create a draft entry for the operator's work unit."""
    if user.role != Role.OPERATOR or user.work_unit_id is None:
        raise PermissionDenied
    if not user.work_unit.is_active:
        raise ValidationError(
            _("Your work unit %(unit)s is inactive, so it cannot start new entries. Ask your coordinator to activate it."),
            code="inactive_unit",
            params={"unit": user.work_unit.name},
        )
    ensure_window_open(competition)
    title, video_url, started_on = clean_details(
        competition, title=title, video_url=video_url, started_on=started_on, category=category, group=group
    )
    try:
        with transaction.atomic():
            innovation = Innovation(
                competition=competition,
                category=category,
                group=group,
                agency_id=user.work_unit.agency_id,
                work_unit_id=user.work_unit_id,
                title=title,
                slug=innovation_slug_unique(title, competition.year),
                started_on=started_on,
                video_url=video_url,
                previous_awards=(previous_awards or "").strip(),
                created_by=user,
            )
            innovation._history_user = user
            if sdgs:
                # Saved once without history, then recorded with its goals.
                innovation.skip_history_when_saving = True
                innovation.save()
                innovation.sdgs.set(sdgs)
                del innovation.skip_history_when_saving
            innovation.save()
    except IntegrityError:
        # Two operators chose the same title at the same moment: the database
        # constraint decided, and the later one gets the same message.
        raise duplicate_title_error(title)
    logger.info("Innovation %s created by user %s", innovation.pk, user.pk)
    return innovation


def _check_word_limits(sections, answers):
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


def innovation_update(
    *,
    user,
    innovation,
    version,
    title,
    category,
    started_on,
    video_url,
    answers,
    group=KEEP,
    sdgs=KEEP,
    previous_awards=KEEP,
):
    """Save an entry's details and section texts, unless someone saved a newer version.

    ``answers`` maps section ids to text. A draft may be incomplete, but no
    text may exceed its section's word limit. Arguments left at KEEP stay as
    they are.
    """
    ensure_operator_of(user, innovation)
    ensure_window_open(innovation.competition)
    ensure_editable(innovation)

    competition = innovation.competition
    # Inactive sections are not in the editor; their answers stay untouched.
    sections = {section.pk: section for section in competition.sections.filter(is_active=True)}
    # The details and the word limits are both checked before raising, so one
    # save reports every problem.
    errors = {}
    try:
        title, video_url, started_on = clean_details(
            competition,
            title=title,
            video_url=video_url,
            started_on=started_on,
            category=category,
            group=None if group is KEEP else group,
            exclude_pk=innovation.pk,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _check_word_limits(sections, answers)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    fields = {
        "title": title,
        "title_key": normalize_title(title),
        "category": category,
        "started_on": started_on,
        "video_url": video_url,
    }
    if group is not KEEP:
        fields["group"] = group
    if previous_awards is not KEEP:
        fields["previous_awards"] = (previous_awards or "").strip()

    with transaction.atomic():
        # The version check and increment happen in one UPDATE, so of two
        # saves based on the same version exactly one succeeds.
        updated = Innovation.objects.filter(pk=innovation.pk, version=version).update(
            version=F("version") + 1, updated_at=timezone.now(), **fields
        )
        if not updated:
            raise StaleVersion
        existing = {answer.section_id: answer for answer in innovation.answers.all()}
        for section_id, text in answers.items():
            if section_id not in sections:
                continue
            text = text.strip()
            answer = existing.get(section_id) or Answer(innovation=innovation, section_id=section_id)
            # Unchanged answers are not saved, so the history shows only real changes.
            if answer.pk and answer.text == text:
                continue
            answer.text = text
            answer._history_user = user
            answer.save()
        innovation.refresh_from_db()
        if sdgs is not KEEP:
            # Each m2m signal would record a half-changed version; the save
            # below records one version with the final goals instead.
            innovation.skip_history_when_saving = True
            try:
                innovation.sdgs.set(sdgs)
            finally:
                del innovation.skip_history_when_saving
        # The conditional UPDATE above bypasses save(); this save writes the
        # same values and records the new version in the entry's history.
        innovation._history_user = user
        innovation.save(update_fields=["updated_at"])
    return innovation


def innovation_missing_parts(innovation):
    """Return the messages for everything a proposal still lacks before submission."""
    missing = []
    if innovation.category_id is None:
        missing.append(_("Choose a category."))
    if innovation.group_id is None and innovation.competition.groups.exists():
        missing.append(_("Choose a group."))
    if innovation.started_on is None:
        missing.append(_("Enter the date the innovation started."))
    texts = {answer.section_id: answer.text for answer in innovation.answers.all()}
    evidence = {attachment.section_id for attachment in innovation.attachments.all()}
    for section in innovation.competition.sections.filter(is_active=True):
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
