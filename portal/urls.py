from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from portal import views
from portal.sitemaps import SITEMAPS

portal_patterns = (
    [
        path("pengumuman/", views.announcement_list, name="announcement_list"),
        path("pengumuman/feed/", views.AnnouncementFeed(), name="announcement_feed"),
        path("pengumuman/<slug:slug>/", views.announcement_detail, name="announcement_detail"),
        path("bantuan/", views.help_page, name="help"),
        path("panduan/<uuid:uuid>/", views.guideline_download, name="guideline_download"),
        path("statistik/", views.statistics, name="statistics"),
        path("data-terbuka/", views.open_data, name="open_data"),
        path("data-terbuka/inovasi.csv", views.open_data_csv, name="open_data_csv"),
        path("data-terbuka/inovasi.json", views.open_data_json, name="open_data_json"),
        path("api/v1/inovasi/", views.api_innovation_list, name="api_innovation_list"),
        # An index of one sitemap per section, each split into pages of at
        # most Sitemap.limit addresses, so tens of thousands of entries fit.
        path(
            "sitemap.xml",
            sitemap_index,
            {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
            name="sitemap",
        ),
        path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    ],
    "portal",
)
