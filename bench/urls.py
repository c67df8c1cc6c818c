"""The portal's addresses plus /bench/ceiling/, a view that does no work of its own."""
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from sinovik.urls import urlpatterns as portal_urlpatterns


@never_cache
def ceiling(request):
    """Return two bytes: the cost of the middleware stack and the server alone."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *portal_urlpatterns]
