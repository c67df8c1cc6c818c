"""Writes on competitions and their proposal templates."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovations.models import SDG, Category, Competition, Group, ProposalSection
from innovations.proposal_template import DEFAULT_GROUPS, DEFAULT_SECTIONS, SDG_NAMES
from sinovik.cache import public_cache_bump


@transaction.atomic
def competition_create(
    *, year, name, submission_opens_on, submission_closes_on, minimum_age_years=1, categories=(), groups=None
):
    """Create a competition with the default proposal template, the given categories and groups."""
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
    competition_groups_apply_default(competition=competition, names=groups)
    # The public pages list every competition's year and show the open one.
    public_cache_bump()
    return competition


def proposal_template_apply_default(*, competition):
    """Give a competition without sections the default template's sections."""
    if competition.sections.exists():
        return
    ProposalSection.objects.bulk_create(
        ProposalSection(competition=competition, position=position, **section)
        for position, section in enumerate(DEFAULT_SECTIONS, start=1)
    )


def competition_groups_apply_default(*, competition, names=None):
    """Give a competition without groups the default groups (or the given names)."""
    if competition.groups.exists():
        return
    Group.objects.bulk_create(
        Group(competition=competition, number=number, name=name)
        for number, name in enumerate(DEFAULT_GROUPS if names is None else names, start=1)
    )


@transaction.atomic
def proposal_template_copy(*, source, target):
    """Make target's proposal template a copy of source's, keeping every answer.

    Sections of the target that no entry has answered are replaced; sections
    with answers are kept but deactivated, so their text is never lost.
    """
    if source.pk == target.pk:
        raise ValidationError(_("Choose a different competition to copy the template from."), code="same")
    if not source.sections.exists():
        raise ValidationError(
            _("%(competition)s has no proposal sections to copy.") % {"competition": source.name}, code="empty"
        )
    copied = list(source.sections.filter(is_active=True).order_by("position"))
    # Sections with answers or evidence stay (deactivated); the rest go.
    target.sections.filter(answers__isnull=True, attachments__isnull=True).delete()
    kept = list(target.sections.order_by("position"))
    # Two passes keep positions unique: first out of the way, then behind the copies.
    for index, section in enumerate(kept, start=1):
        section.position = 10000 + index
        section.save(update_fields=["position"])
    for index, section in enumerate(kept, start=len(copied) + 1):
        section.position = index
        section.is_active = False
        section.save(update_fields=["position", "is_active"])
    ProposalSection.objects.bulk_create(
        ProposalSection(
            competition=target,
            position=position,
            title=section.title,
            guidance=section.guidance,
            word_limit=section.word_limit,
            weight=section.weight,
            evidence_required=section.evidence_required,
            is_active=True,
        )
        for position, section in enumerate(copied, start=1)
    )
    return target


def competition_get_open(now=None):
    """Return the competition whose submission window contains now, if any."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Competition.objects.filter(submission_opens_on__lte=today, submission_closes_on__gte=today)
        .order_by("-year")
        .first()
    )


def sdg_list_load():
    """Make sure the 17 SDGs exist with their names; the data migration does the same."""
    for number, name in enumerate(SDG_NAMES, start=1):
        SDG.objects.update_or_create(number=number, defaults={"name": name})
