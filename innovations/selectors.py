"""Reads on competitions and innovations, scoped to who is asking."""
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from accounts.models import Role
from innovations.models import (
    PUBLIC_STATUSES,
    Answer,
    Attachment,
    Category,
    Competition,
    Innovation,
)


def innovation_list_for_unit(*, user):
    """Return the entries of the operator's work unit, newest competition first."""
    if user.role != Role.OPERATOR or user.work_unit_id is None:
        return Innovation.objects.none()
    return (
        Innovation.objects.filter(work_unit_id=user.work_unit_id)
        .select_related("competition", "category")
        .order_by("-competition__year", "-updated_at", "id")
    )


def innovation_get_for_operator(*, user, pk):
    """Return one entry of the operator's unit, or raise Http404 for any other."""
    innovation = get_object_or_404(
        innovation_list_for_unit(user=user).select_related("work_unit__agency"), pk=pk
    )
    return innovation


def innovation_list_public(*, year=None, category=None, query=None):
    """Return the public entries, filtered, in a stable order for pagination."""
    innovations = (
        Innovation.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("competition", "category", "agency", "work_unit")
        .order_by("-competition__year", "title_key", "id")
    )
    if year:
        innovations = innovations.filter(competition__year=year)
    if category:
        innovations = innovations.filter(category__number=category)
    if query:
        innovations = innovations.filter(
            Q(title__icontains=query) | Q(agency__name__icontains=query) | Q(work_unit__name__icontains=query)
        )
    return innovations


def innovation_get_public(*, slug):
    """Return a public entry with its sections and files, or raise Http404."""
    return get_object_or_404(
        Innovation.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("competition", "category", "agency__province", "work_unit")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("section").order_by("section__position")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
        ),
        slug=slug,
    )


def competition_years_public():
    """Return the years that have public entries, newest first."""
    return list(
        Competition.objects.filter(innovations__status__in=PUBLIC_STATUSES)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def category_list_with_counts(*, competition):
    """Return a competition's categories with the number of public entries in each."""
    return Category.objects.filter(competition=competition).annotate(
        public_count=Count("innovations", filter=Q(innovations__status__in=PUBLIC_STATUSES))
    )


def attachment_get_for_user(*, user, uuid):
    """Return an attachment the user may download, or raise Http404.

    Files of public entries are for everyone; others only for the unit's
    operators, the agency's coordinators and the organiser's admins.
    """
    attachment = get_object_or_404(
        Attachment.objects.select_related("innovation"), uuid=uuid
    )
    innovation = attachment.innovation
    if innovation.is_public:
        return attachment
    if user.is_authenticated:
        if user.is_portal_admin:
            return attachment
        if user.role == Role.OPERATOR and user.work_unit_id == innovation.work_unit_id:
            return attachment
        if user.role == Role.COORDINATOR and user.agency_id == innovation.agency_id:
            return attachment
    return get_object_or_404(Attachment.objects.none())


def competition_latest():
    return Competition.objects.order_by("-year").first()
