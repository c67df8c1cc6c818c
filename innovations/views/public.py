"""Pages anyone can read without signing in."""
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovations import selectors, services
from innovations.models import PUBLIC_STATUSES, Category, Innovation
from innovations.video import youtube_embed_url

PAGE_SIZE = 20


def _positive_int(value):
    """Return value as a positive int, or None for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10**6 else None


@require_GET
def home(request):
    competition = services.competition_get_open() or selectors.competition_latest()
    context = {
        "competition": competition,
        "categories": selectors.category_list_with_counts(competition=competition) if competition else [],
        "competition_entry_count": (
            Innovation.objects.filter(competition=competition, status__in=PUBLIC_STATUSES).count()
            if competition
            else 0
        ),
        "public_entry_count": Innovation.objects.filter(status__in=PUBLIC_STATUSES).count(),
        "latest": selectors.innovation_list_public().order_by("-competition__year", "-submitted_at", "-id")[:6],
    }
    return render(request, "innovations/public/home.html", context)


@require_GET
def innovation_list(request):
    # Odd filter values (letters, NUL bytes, page 0) are ignored rather than
    # turned into errors; a page beyond the last is a 404.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    year = _positive_int(request.GET.get("tahun"))
    category = _positive_int(request.GET.get("kategori"))
    innovations = selectors.innovation_list_public(year=year, category=category, query=query)
    paginator = Paginator(innovations, PAGE_SIZE)
    page_number = request.GET.get("halaman", "1")
    number = _positive_int(page_number)
    if number is None or number > max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(number)
    categories = Category.objects.filter(competition__year=year) if year else Category.objects.none()

    filters = request.GET.copy()
    filters.pop("halaman", None)
    context = {
        "page": page,
        "query": query,
        "year": year,
        "category": category,
        "years": selectors.competition_years_public(),
        "categories": categories,
        "filter_query": filters.urlencode(),
    }
    return render(request, "innovations/public/innovation_list.html", context)


@require_GET
def innovation_detail(request, slug):
    innovation = selectors.innovation_get_public(slug=slug)
    attachments = list(innovation.attachments.all())
    context = {
        "innovation": innovation,
        "answers": [answer for answer in innovation.answers.all() if answer.text.strip()],
        "photos": [attachment for attachment in attachments if attachment.is_photo],
        "documents": [attachment for attachment in attachments if not attachment.is_photo],
        "embed_url": youtube_embed_url(innovation.youtube_id) if innovation.youtube_id else None,
    }
    return render(request, "innovations/public/innovation_detail.html", context)


@require_GET
def attachment_download(request, uuid):
    attachment = selectors.attachment_get_for_user(user=request.user, uuid=uuid)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    as_attachment = not attachment.is_photo
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
