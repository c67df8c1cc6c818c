"""Reads of the public portal: announcements, help pages, statistics and open data."""
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from accounts.models import AgencyKind
from innovations.models import SDG, Innovation
from portal.models import Announcement, FrequentlyAskedQuestion, Guideline
from sinovik.cache import public_data

LATEST_ANNOUNCEMENT_COUNT = 3


def announcement_list_public():
    """Return the published announcements, newest first."""
    return Announcement.objects.published().order_by("-published_at", "-id")


def announcement_list_latest(*, limit=LATEST_ANNOUNCEMENT_COUNT):
    return list(announcement_list_public()[:limit])


def announcement_get_public(*, slug):
    """Return a published announcement, or raise Http404 for a draft or a future one."""
    return get_object_or_404(announcement_list_public(), slug=slug)


def faq_list_public():
    return list(FrequentlyAskedQuestion.objects.filter(is_published=True).order_by("order", "id"))


def guideline_list_public():
    return list(Guideline.objects.filter(is_published=True).order_by("order", "title", "id"))


def guideline_get_public(*, uuid):
    """Return a published guideline document, or raise Http404."""
    return get_object_or_404(Guideline.objects.filter(is_published=True), uuid=uuid)


def innovation_statistics_public():
    """Return the number of public entries per year, category, agency kind and province.

    Four grouped queries, whatever the size of the database. Each list
    contains (label, count) pairs, except by_category, which contains
    (year, number, name, count) because each year has its own categories.
    The result is kept in the shared cache until the next publication.
    """
    # The agency kinds' labels are translated, so each language has its own copy.
    return public_data("statistics", _statistics, get_language())


def _statistics():
    public = Innovation.objects.public().order_by()
    by_year = [
        (str(row["competition__year"]), row["count"])
        for row in public.values("competition__year").annotate(count=Count("id")).order_by("competition__year")
    ]
    by_category = [
        (row["competition__year"], row["category__number"], row["category__name"], row["count"])
        for row in public.exclude(category=None)
        .values("competition__year", "category__number", "category__name")
        .annotate(count=Count("id"))
        .order_by("-competition__year", "category__number")
    ]
    kind_labels = dict(AgencyKind.choices)
    by_kind = [
        (str(kind_labels.get(row["agency__kind"], row["agency__kind"])), row["count"])
        for row in public.values("agency__kind").annotate(count=Count("id")).order_by("-count", "agency__kind")
    ]
    by_province = [
        (row["agency__province__name"], row["count"])
        for row in public.values("agency__province__name")
        .annotate(count=Count("id"))
        .order_by("-count", "agency__province__name")
    ]
    return {"by_year": by_year, "by_category": by_category, "by_kind": by_kind, "by_province": by_province}


def innovation_list_open_data(innovations):
    """Return innovations with what the open data outputs show loaded, in a fixed order."""
    return innovations.select_related("competition", "category", "agency__province", "work_unit").prefetch_related(
        Prefetch("sdgs", queryset=SDG.objects.order_by("number"))
    )
