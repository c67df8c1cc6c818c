"""Permission checks shared by the judging views: which role may open which page."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Role


def admin_required(view):
    """Let only the organiser's admins through; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_portal_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def judge_required(view):
    """Let only judges through; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.JUDGE:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def add_errors(form, error):
    """Attach a service's ValidationError to the form's fields or to the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
