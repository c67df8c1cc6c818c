"""The sitemap: fixed pages, every public entry, competition, agency and announcement."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accounts.models import Agency
from innovations.models import Competition, Innovation
from portal import selectors


class FixedPageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "public:home",
            "public:innovation_list",
            "portal:statistics",
            "portal:announcement_list",
            "portal:help",
            "portal:open_data",
        ]

    def location(self, item):
        return reverse(item)


class InnovationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Innovation.objects.public().order_by("id").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CompetitionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Competition.objects.order_by("year").only("year")

    def location(self, item):
        return reverse("public:competition_detail", kwargs={"year": item.year})


class AgencySitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return (
            Agency.objects.filter(innovations__in=Innovation.objects.public())
            .distinct()
            .order_by("id")
            .only("slug")
        )

    def location(self, item):
        return reverse("public:agency_detail", kwargs={"slug": item.slug})


class AnnouncementSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.announcement_list_public().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": FixedPageSitemap,
    "innovations": InnovationSitemap,
    "competitions": CompetitionSitemap,
    "agencies": AgencySitemap,
    "announcements": AnnouncementSitemap,
}
