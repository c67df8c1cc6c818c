"""Permission checks of the account pages, which coordinators and the organiser's admins may open."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role


def manager_required(view):
    """Let only coordinators (with an agency) and admins through; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_portal_admin or (user.role == Role.COORDINATOR and user.agency_id)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view):
    """Let only the organiser's admins through; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_portal_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
