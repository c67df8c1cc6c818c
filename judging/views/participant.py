"""Pages for work units and coordinators: their entries' outcomes and the registration recap."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from accounts.models import Role
from innovations.models import Competition
from judging import exports, selectors


@login_required
def outcomes(request):
    return render(
        request, "judging/participant/outcomes.html", {"outcomes": selectors.outcomes_for_user(user=request.user)}
    )


@login_required
def recap_export(request, year):
    """Send the registration recap: national for admins, the own agency's for a coordinator."""
    user = request.user
    if user.is_portal_admin:
        agency = None
    elif user.role == Role.COORDINATOR and user.agency_id:
        agency = user.agency
    else:
        raise PermissionDenied
    competition = get_object_or_404(Competition, year=year)
    suffix = agency.slug if agency else "nasional"
    return exports.xlsx_response(
        exports.recap_workbook(competition, agency=agency), f"rekapitulasi-{year}-{suffix}.xlsx"
    )
