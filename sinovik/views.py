"""Site-wide views: the language switch and the page for a form that failed the CSRF check."""
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

# The logger to which Django's own CSRF check reports rejected requests.
security_logger = logging.getLogger("django.security.csrf")

# Sec-Fetch-Site values of a request started by one of this site's own
# pages, or by the user typing an address or following a bookmark.
OWN_SITE_FETCHES = frozenset({"same-origin", "none"})


def cross_site_reason(request):
    """Return why a request looks sent by another site's page, or "" if it does not.

    Current browsers send the Sec-Fetch-Site header, and older ones at least
    Origin, with every form that another site's page posts here. A request with neither header comes from a program or a very old
    browser and is accepted.

    NOTE: this is enough for the language switch only, where a forged
    request at worst changes a visitor's language. Forms that change data
    keep Django's CSRF token.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return "" if fetch_site in OWN_SITE_FETCHES else f"Sec-Fetch-Site is {fetch_site!r}."
    origin = request.headers.get("Origin")
    if origin is None or origin in settings.CSRF_TRUSTED_ORIGINS:
        return ""
    if urlsplit(origin).netloc == request.get_host():
        return ""
    return f"Origin {origin!r} is another site."


@csrf_exempt
def set_language(request):
    """Switch the visitor's language as Django's set_language does, rejecting requests from other sites.

    The footer's form is on every page. With a CSRF token in it, every
    anonymous visitor would get a CSRF cookie and a token made for them,
    which cost a public page about a fifth of its time (measured
    in-process). The headers that browsers send protect this form instead.
    Every other form keeps its token.
    """
    if request.method == "POST":
        reason = cross_site_reason(request)
        if reason:
            security_logger.warning("Forbidden (%s): %s", reason, request.path)
            return csrf_failure(request, reason)
    return django_set_language(request)


def csrf_failure(request, reason=""):
    """Explain in the visitor's language why a form was rejected, instead of Django's English page."""
    return render(
        request,
        "403_csrf.html",
        {"cookies_missing": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
