"""Reads on agencies, work units, accounts and the activity log, scoped to who is asking.

An object outside the asker's scope is not found (Http404), never forbidden,
so that its existence is not revealed.
"""
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from accounts.models import ActivityLog, Agency, AgencyKind, Role, User, WorkUnit


def agency_list_managed(*, user):
    """Return the agencies whose units and accounts the user manages.

    A coordinator manages their own agency and the regional companies (BUMD)
    that name it as their coordinating agency; an admin manages every agency.
    """
    if user.is_portal_admin:
        return Agency.objects.all()
    if user.role == Role.COORDINATOR and user.agency_id:
        return Agency.objects.filter(Q(pk=user.agency_id) | Q(parent_id=user.agency_id, kind=AgencyKind.REGIONAL_COMPANY))
    return Agency.objects.none()


def agency_get_managed(*, user, pk):
    return get_object_or_404(agency_list_managed(user=user), pk=pk)


def workunit_list_managed(*, user, agency=None, query=None):
    """Return the managed work units with their number of active operators, by agency and name."""
    units = (
        WorkUnit.objects.filter(agency__in=agency_list_managed(user=user))
        .select_related("agency")
        .annotate(
            operator_count=Count(
                "operators", filter=Q(operators__role=Role.OPERATOR, operators__is_active=True)
            )
        )
        .order_by("agency__name", "name", "id")
    )
    if agency is not None:
        units = units.filter(agency=agency)
    if query:
        units = units.filter(Q(name__icontains=query) | Q(abbreviation__icontains=query) | Q(code__icontains=query))
    return units


def workunit_get_managed(*, user, pk):
    return get_object_or_404(
        WorkUnit.objects.filter(agency__in=agency_list_managed(user=user)).select_related("agency"), pk=pk
    )


def workunit_list_by_ids(*, user, ids):
    """Return the managed, active units among ids; ids outside the scope are left out."""
    return list(
        WorkUnit.objects.filter(agency__in=agency_list_managed(user=user), pk__in=ids, is_active=True)
        .select_related("agency")
        .order_by("agency__name", "name", "id")
    )


def account_list_managed(*, user):
    """Return the accounts the user may re-issue or deactivate.

    A coordinator manages the operators of the units of their agencies; an
    admin manages every account except their own.
    """
    if user.is_portal_admin:
        return User.objects.exclude(pk=user.pk)
    if user.role == Role.COORDINATOR and user.agency_id:
        return User.objects.filter(
            role=Role.OPERATOR, work_unit__agency__in=agency_list_managed(user=user)
        )
    return User.objects.none()


def account_get_managed(*, user, pk):
    return get_object_or_404(
        account_list_managed(user=user).select_related("work_unit__agency", "agency"), pk=pk
    )


def operator_list_for_unit(*, work_unit):
    return User.objects.filter(work_unit=work_unit, role=Role.OPERATOR).order_by("-is_active", "username")


def agency_list_with_coordinators(*, query=None, kind=None):
    """Return every agency with its coordinators, for the organiser's list."""
    agencies = (
        Agency.objects.select_related("province", "parent")
        .prefetch_related(
            Prefetch(
                "coordinators",
                queryset=User.objects.filter(role=Role.COORDINATOR).order_by("-is_active", "username"),
                to_attr="coordinator_accounts",
            )
        )
        .order_by("name", "id")
    )
    if query:
        agencies = agencies.filter(name__icontains=query)
    if kind:
        agencies = agencies.filter(kind=kind)
    return agencies


def activity_list_for_user(*, user):
    """Return the activity log the user may read: all of it for admins, their agencies' for coordinators."""
    entries = ActivityLog.objects.select_related("actor", "target_user", "agency", "work_unit").order_by(
        "-created_at", "-id"
    )
    if user.is_portal_admin:
        return entries
    if user.role == Role.COORDINATOR and user.agency_id:
        return entries.filter(agency__in=agency_list_managed(user=user))
    return ActivityLog.objects.none()
