from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from innovations.urls import public_patterns, workspace_patterns

admin.site.site_header = _("SiNovik administration")
admin.site.site_title = _("SiNovik administration")

urlpatterns = [
    path("", include(public_patterns)),
    path("ruang-kerja/", include(workspace_patterns)),
    path("akun/", include("allauth.urls")),
    path("bahasa/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
