"""Public pages of the portal: announcements, help, statistics and open data."""
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from innovations import selectors as innovation_selectors
from innovations.public_filters import list_filters_from_params, list_query_string, positive_int
from portal import opendata, selectors
from portal.layout import page_head, render_stored_page
from sinovik.cache import public_content

ANNOUNCEMENT_PAGE_SIZE = 10
API_PAGE_SIZE = 100
FEED_ITEM_COUNT = 20


def _base_url(request):
    return f"{request.scheme}://{request.get_host()}"


def _page_or_404(paginator, value):
    """Return the requested page; anything but a number from 1 to the last page is a 404."""
    number = positive_int(value)
    if number is None or number > max(paginator.num_pages, 1):
        raise Http404
    return paginator.page(number)


@require_GET
def announcement_list(request):
    paginator = Paginator(selectors.announcement_list_public(), ANNOUNCEMENT_PAGE_SIZE)
    page = _page_or_404(paginator, request.GET.get("halaman", "1"))
    return render(request, "portal/announcement_list.html", {"page": page})


@require_GET
def announcement_detail(request, slug):
    announcement = selectors.announcement_get_public(slug=slug)
    return render(request, "portal/announcement_detail.html", {"announcement": announcement})


class AnnouncementFeed(Feed):
    """RSS feed of the latest published announcements."""

    title = gettext_lazy("SiNovik announcements")
    link = reverse_lazy("portal:announcement_list")
    description = gettext_lazy("Announcements of the public service innovation competition.")

    def items(self):
        return selectors.announcement_list_public()[:FEED_ITEM_COUNT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body_html

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


@require_GET
def help_page(request):
    context = {
        "questions": selectors.faq_list_public(),
        "guidelines": selectors.guideline_list_public(),
    }
    return render(request, "portal/help.html", context)


@require_GET
def guideline_download(request, uuid):
    guideline = selectors.guideline_get_public(uuid=uuid)
    try:
        handle = guideline.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=guideline.original_name or f"{guideline.title}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def statistics(request):
    # The tables and chart data are public figures, the same for everyone,
    # so each process keeps them rendered until the next publication.
    page = public_content("statistics", _statistics_content)
    return render_stored_page(request, page)


def _statistics_content():
    """Render the statistics' tables and the data of their charts."""
    figures = selectors.innovation_statistics_public()
    chart_data = {
        "by_year": {
            "label": _("Entries per year"),
            "labels": [label for label, _count in figures["by_year"]],
            "counts": [count for _label, count in figures["by_year"]],
        },
        "by_kind": {
            "label": _("Entries per agency kind"),
            "labels": [label for label, _count in figures["by_kind"]],
            "counts": [count for _label, count in figures["by_kind"]],
        },
        "by_province": {
            "label": _("Entries per province"),
            "labels": [label or _("National") for label, _count in figures["by_province"]],
            "counts": [count for _label, count in figures["by_province"]],
        },
        "by_category": {
            "label": _("Entries per category"),
            "labels": [f"{year} · {number}" for year, number, _name, _count in figures["by_category"]],
            "counts": [count for _year, _number, _name, count in figures["by_category"]],
        },
    }
    context = {
        "figures": figures,
        "chart_data": chart_data,
        "total": sum(count for _label, count in figures["by_year"]),
    }
    return {
        "head": page_head(
            _("Statistics"), _("Public innovation entries per year, category, agency kind and province.")
        ),
        "content": render_to_string("portal/statistics_content.html", context),
    }


@require_GET
def open_data(request):
    return render(request, "portal/open_data.html", {"fields": opendata.FIELDS})


def _open_data_innovations(request):
    filters = list_filters_from_params(request.GET)
    return selectors.innovation_list_open_data(innovation_selectors.innovation_list_public(**filters))


@require_GET
def open_data_csv(request):
    lines = opendata.csv_lines(_open_data_innovations(request), _base_url(request))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sinovik-inovasi.csv"'
    return response


@require_GET
def open_data_json(request):
    chunks = opendata.json_chunks(_open_data_innovations(request), _base_url(request))
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sinovik-inovasi.json"'
    return response


@require_GET
def api_innovation_list(request):
    """Return one page of the public database as JSON; docs/open-data.md lists the fields."""
    filters = list_filters_from_params(request.GET)
    paginator = Paginator(_open_data_innovations(request), API_PAGE_SIZE)
    try:
        page = _page_or_404(paginator, request.GET.get("halaman", "1"))
    except Http404:
        return JsonResponse(
            {"error": _("Page not found. Use halaman=1 to %(last)d.") % {"last": max(paginator.num_pages, 1)}},
            status=404,
        )
    base_url = _base_url(request)

    def page_url(number):
        return request.build_absolute_uri(
            reverse("portal:api_innovation_list") + "?" + list_query_string(filters, number or 1)
        ).removesuffix("?")

    data = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": API_PAGE_SIZE,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [opendata.innovation_record(innovation, base_url) for innovation in page.object_list],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Read-only public data: any web page may fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
