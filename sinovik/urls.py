from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from innovations.urls import public_patterns, workspace_patterns
from judging import urls as judging_urls
from portal.urls import portal_patterns
from sinovik import views

admin.site.site_header = _("SiNovik administration")
admin.site.site_title = _("SiNovik administration")
# The admin signs in through allauth's page, which counts failed attempts in
# the shared cache and asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include(public_patterns)),
    path("", include(portal_patterns)),
    path("ruang-kerja/", include(workspace_patterns)),
    path("ruang-kerja/", include("accounts.urls")),
    path("ruang-kerja/penjurian/", include(judging_urls.workspace_patterns)),
    path("sanggahan/", include(judging_urls.public_patterns)),
    path("akun/", include("allauth.urls")),
    path("bahasa/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
