"""Pages anyone can read without signing in."""
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import AgencyKind
from innovations import selectors, services
from innovations.cards import cards_for_ids
from innovations.models import Category, Innovation
from innovations.pagination import CountCachedResults, YearOrderedListing
from innovations.public_filters import list_filters_from_params, list_query_string, positive_int
from innovations.search import entries_marked
from innovations.video import youtube_embed_url
from portal import selectors as portal_selectors
from portal.layout import page_head, render_stored_page
from sinovik.cache import MemoryStore, public_cache_version, public_content, public_data, public_data_kept

PAGE_SIZE = 20


def _submission_state(competition, now):
    """Return "open", "upcoming" or "closed" for a competition's submission window."""
    if competition.is_open_for_submission(now):
        return "open"
    return "upcoming" if now < competition.submission_opens_at else "closed"


def _current_stage(competition):
    # The judging app, when installed, returns the competition's current
    # stage. Without it the pages show only the submission window.
    if competition is None or not apps.is_installed("judging"):
        return None
    from judging.selectors import stage_current

    return stage_current(competition)


# The home page shows what changes with the clock rather than with a
# publication (the submission window, the current stage, announcements
# scheduled for later), so its stored content is kept for a minute at most.
HOME_CONTENT_SECONDS = 60


@require_GET
def home(request):
    now = timezone.now()
    competition = _home_competition(timezone.localdate(now))
    submission_state = _submission_state(competition, now) if competition else None
    # The submission window opens and closes to the second, so its state
    # is part of the key as well.
    page = public_content(
        "home",
        lambda: _home_content(competition, submission_state),
        competition.pk if competition else None,
        submission_state,
        int(now.timestamp()) // HOME_CONTENT_SECONDS,
    )
    return render_stored_page(request, page)


# The home page's competition for each day, under the public cache version.
# It changes only with the date or a publication, and reading it from the
# shared cache on every request cost the home page half of its time.
home_competitions = MemoryStore(limit=8)


def _home_competition(today):
    """Return the competition open for submission on ``today``, else the latest one, or None."""
    if not public_data_kept():
        return _open_or_latest_competition()
    key = (public_cache_version(), today)
    found = home_competitions.get(key)
    if found is None:
        found = (public_data("home-competition", _open_or_latest_competition, today),)
        home_competitions.put(key, found)
    return found[0]


def _open_or_latest_competition():
    return services.competition_get_open() or selectors.competition_latest()


def _home_content(competition, submission_state):
    """Render the home page's figures, competition, results, announcements and latest entries."""
    context = {
        "competition": competition,
        "submission_state": submission_state,
        "current_stage": _current_stage(competition),
        "categories": selectors.category_list_with_counts(competition=competition) if competition else [],
        "competition_entry_count": (
            public_data(
                "competition-entry-count",
                Innovation.objects.public().filter(competition=competition).count,
                competition.pk,
            )
            if competition
            else 0
        ),
        "figures": selectors.innovation_figures_public(),
        "winners": selectors.innovation_list_featured_winners(),
        "announcements": portal_selectors.announcement_list_latest(),
        "latest": public_data(
            "home-latest",
            lambda: list(
                selectors.innovation_list_public().order_by(
                    "-competition__year", F("submitted_at").desc(nulls_last=True), "-id"
                )[:6]
            ),
        ),
    }
    context["public_entry_count"] = context["figures"]["entries"]
    return {
        "head": page_head(_("Public service innovation portal"), og_title="SiNovik"),
        "content": render_to_string("innovations/public/home_content.html", context),
    }


@require_GET
def innovation_list(request):
    # Odd filter values (letters, NUL bytes, page 0) are ignored rather than
    # turned into errors; a page beyond the last is a 404.
    filters = list_filters_from_params(request.GET)
    number = positive_int(request.GET.get("halaman", "1"))
    if number is None:
        raise Http404
    # The filter form and the page of results are the same for everyone,
    # so each process keeps them rendered until the next publication.
    listed = public_content(
        "innovation-list", lambda: _innovation_list_content(filters, number), tuple(filters.items()), number
    )
    canonical_query = list_query_string(filters, number)
    return render_stored_page(
        request, listed, canonical_path=request.path + (f"?{canonical_query}" if canonical_query else "")
    )


def _innovation_list_content(filters, number):
    """Render the filter form and page ``number`` of the entries matching ``filters``, or raise Http404 past the last page."""
    query = filters["query"]
    # The filters name the listing in the shared cache. Compiling the
    # query's SQL for a key cost more than the rest of the view's queries.
    cache_key = tuple(sorted(filters.items()))
    if query:
        # Built only when the search's ranked ids are not cached yet.
        paginator = Paginator(
            CountCachedResults(lambda: selectors.innovation_list_public(**filters), cache_key=cache_key, ids_only=True),
            PAGE_SIZE,
        )
    else:
        listing = selectors.innovation_list_public(**filters)
        paginator = Paginator(YearOrderedListing(listing, cache_key=cache_key, ids_only=True), PAGE_SIZE)
    similar_only = False
    if query and paginator.count == 0:
        # Nothing matches the words themselves: try titles that look alike,
        # which catches a typo in a name.
        paginator = Paginator(
            CountCachedResults(
                lambda: selectors.innovation_list_public(**filters, fuzzy=True),
                cache_key=("similar", *cache_key),
                ids_only=True,
            ),
            PAGE_SIZE,
        )
        similar_only = paginator.count > 0
    if number > max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(number)

    # The page is a list of ids. The cards in this process's store need no
    # row from the database, and the rest are read in one query. A search's
    # cards mark its words, so they are stored per search.
    if query:
        cards = cards_for_ids(
            page.object_list,
            lambda ids: entries_marked(selectors.innovation_list_public_by_ids(ids), query),
            variant=query,
        )
    else:
        cards = cards_for_ids(page.object_list, lambda ids: listing.filter(pk__in=ids))

    year = filters["year"]
    show_agencies = bool(filters["province"] or filters["kind"] or filters["agency"])
    filter_query = list_query_string(filters)
    context = {
        "page": page,
        "cards": cards,
        "similar_only": similar_only,
        "filters": filters,
        "query": query,
        "year": year,
        "category": filters["category"],
        # Every competition's year, so that a link to a year without public
        # entries yet (the home page's category links) keeps its year selected.
        "years": selectors.competition_years(),
        "categories": Category.objects.filter(competition__year=year) if year else Category.objects.none(),
        "provinces": selectors.province_list_public(),
        "kinds": AgencyKind.choices,
        "stages": selectors.stage_list_public(),
        "sdgs": selectors.sdg_list(),
        "agencies": (
            selectors.agency_list_public(province=filters["province"], kind=filters["kind"])
            if show_agencies
            else []
        ),
        "show_agencies": show_agencies,
        "filter_query": filter_query,
        "download_query": filter_query,
    }
    return {
        "head": _innovation_list_head(query, number),
        "content": render_to_string("innovations/public/innovation_list_content.html", context),
    }


def _innovation_list_head(query, number):
    name = _("Innovation database")
    parts = [name]
    if query:
        parts.insert(0, _("Search: %(query)s") % {"query": query})
    if number > 1:
        parts.append(_("page %(number)s") % {"number": number})
    return page_head(
        " · ".join(parts),
        _(
            "Search the public service innovations entered in the national competition, by year, "
            "category, agency, province, stage reached and goal."
        ),
        og_title=name,
    )


@require_GET
def innovation_detail(request, slug):
    entry = public_content("innovation-detail", lambda: _innovation_detail_content(slug), slug)
    return render_stored_page(request, entry)


def _innovation_detail_content(slug):
    """Render the public entry ``slug`` and the values of its page's head, or raise Http404 if it is not public."""
    innovation = selectors.innovation_get_public(slug=slug)
    attachments = list(innovation.attachments.all())
    photos = [attachment for attachment in attachments if attachment.is_photo]
    context = {
        "innovation": innovation,
        "answers": [answer for answer in innovation.answers.all() if answer.text.strip()],
        "photos": photos,
        "documents": [attachment for attachment in attachments if not attachment.is_photo],
        "sdgs": list(innovation.sdgs.all()),
        "related": selectors.innovation_list_related_public(innovation=innovation),
        "embed_url": youtube_embed_url(innovation.youtube_id) if innovation.youtube_id else None,
    }
    source = f"{innovation.agency.name} · {innovation.competition.name}"
    return {
        "head": page_head(
            innovation.title,
            f"{innovation.title} · {source}",
            og_description=source,
            og_type="article",
            og_image=photos[0].get_absolute_url() if photos else "",
        ),
        "content": render_to_string("innovations/public/innovation_detail_content.html", context),
    }


def _published_stages(competition):
    # The judging app, when installed, lists the stages whose results it has
    # published; without it the page names the stages reached by entries.
    if not apps.is_installed("judging"):
        return []
    from judging.selectors import published_stage_results

    return [published.stage for published in published_stage_results(competition)]


@require_GET
def competition_detail(request, year):
    competition = selectors.competition_get_public(year=year)
    results = selectors.competition_results_public(competition=competition)
    context = {
        "competition": competition,
        "submission_state": _submission_state(competition, timezone.now()),
        "categories": selectors.category_list_with_counts(competition=competition),
        "stages": _published_stages(competition),
        "current_stage": _current_stage(competition),
        "results": results,
        "entry_count": Innovation.objects.public().filter(competition=competition).count(),
    }
    return render(request, "innovations/public/competition_detail.html", context)


@require_GET
def agency_detail(request, slug):
    agency = selectors.agency_get_public(slug=slug)
    entries = selectors.innovation_list_for_agency_public(agency=agency)
    years = {}
    for innovation in entries:
        years.setdefault(innovation.competition, []).append(innovation)
    context = {
        "agency": agency,
        "entry_count": len(entries),
        "result_count": sum(1 for innovation in entries if innovation.stage_reached),
        "years": list(years.items()),
    }
    return render(request, "innovations/public/agency_detail.html", context)


@require_GET
def attachment_download(request, uuid):
    attachment = selectors.attachment_get_for_user(user=request.user, uuid=uuid)
    return _serve(attachment, attachment.file)


@require_GET
def attachment_thumbnail(request, uuid):
    # The same permission check as the full file: a thumbnail shows as much.
    attachment = selectors.attachment_get_for_user(user=request.user, uuid=uuid)
    if not attachment.thumbnail:
        raise Http404
    return _serve(attachment, attachment.thumbnail)


def _serve(attachment, stored_file):
    as_attachment = not attachment.is_photo
    accel_prefix = settings.SINOVIK_MEDIA_ACCEL_REDIRECT_PREFIX
    if accel_prefix:
        # The reverse proxy sends the file from its internal location, so no
        # Python worker is held while a slow client downloads it.
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{quote(stored_file.name)}"
        response["Content-Disposition"] = content_disposition_header(as_attachment, attachment.original_name)
    else:
        try:
            handle = stored_file.open("rb")
        except FileNotFoundError:
            raise Http404
        response = FileResponse(
            handle,
            content_type=attachment.content_type,
            as_attachment=as_attachment,
            filename=attachment.original_name,
        )
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.innovation.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def healthz(request):
    """Report whether this server can reach its database, for a load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
