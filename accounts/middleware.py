"""Steps a signed-in user must finish before the rest of the portal opens."""
from django.shortcuts import redirect
from django.urls import reverse

# Paths open during the steps: signing out, the two-factor pages, static
# files, the language switch and allauth's own sign-in flow.
ALWAYS_OPEN_PREFIXES = ("/static/", "/bahasa/", "/akun/logout/", "/akun/login/", "/akun/2fa/", "/akun/reauthenticate/")


def _is_open(path, *extra):
    return path.startswith(ALWAYS_OPEN_PREFIXES + extra)


class FirstSignInMiddleware:
    """Send a user with an issued password or an incomplete profile to the first sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.first_sign_in_pending:
            target = reverse("accounts:first_sign_in")
            if request.path != target and not _is_open(request.path):
                return redirect(target)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send admins and judges without an authenticator app to its set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.requires_two_factor
            and not user.first_sign_in_pending
            and not _is_open(request.path)
            and not _has_authenticator(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_authenticator(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
