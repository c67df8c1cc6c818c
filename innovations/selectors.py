"""Reads on competitions and innovations, scoped to who is asking."""
from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from accounts.models import Agency, Province, Role, WorkUnit
from innovations.models import (
    EDITABLE_STATUSES,
    Answer,
    Attachment,
    Category,
    Competition,
    SDG,
    Innovation,
    InnovationEvent,
    Status,
    public_entry_q,
)
from innovations.search import search_public
from sinovik.cache import public_data


def innovation_list_for_unit(*, user):
    """Return the entries of the operator's work unit, newest competition first."""
    if user.role != Role.OPERATOR or user.work_unit_id is None:
        return Innovation.objects.none()
    return (
        Innovation.objects.filter(work_unit_id=user.work_unit_id)
        .select_related("competition", "category")
        .order_by("-competition__year", "-updated_at", "id")
    )


def innovation_get_for_operator(*, user, pk):
    """Return one entry of the operator's unit, or raise Http404 for any other."""
    innovation = get_object_or_404(
        innovation_list_for_unit(user=user).select_related("work_unit__agency", "group"), pk=pk
    )
    return innovation


def innovation_list_for_user(*, user):
    """Return the entries a signed-in user may work with: unit, agency or all for admins."""
    innovations = Innovation.objects.select_related(
        "competition", "category", "group", "agency", "work_unit"
    )
    if user.is_portal_admin:
        return innovations
    if user.role == Role.OPERATOR and user.work_unit_id:
        return innovations.filter(work_unit_id=user.work_unit_id)
    if user.role == Role.COORDINATOR and user.agency_id:
        return innovations.filter(agency_id=user.agency_id, work_unit__isnull=False)
    return Innovation.objects.none()


def innovation_get_for_user(*, user, pk):
    """Return one entry within the user's scope with what its pages show, or raise Http404."""
    return get_object_or_404(
        innovation_list_for_user(user=user).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("section").order_by("section__position")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("section").order_by("uploaded_at", "id")),
            "sdgs",
        ),
        pk=pk,
    )


def innovation_list_for_coordinator(*, user, competition=None, status=None):
    """Return the entries of the coordinator's agency written in the portal."""
    if user.role != Role.COORDINATOR or user.agency_id is None:
        return Innovation.objects.none()
    innovations = (
        Innovation.objects.filter(agency_id=user.agency_id, work_unit__isnull=False)
        .select_related("competition", "category", "group", "work_unit")
        .order_by("work_unit__name", "title_key", "id")
    )
    if competition is not None:
        innovations = innovations.filter(competition=competition)
    if status is not None:
        innovations = innovations.filter(status=status)
    return innovations


def innovation_list_waiting_review(*, user):
    """Return the submitted entries the coordinator has still to return or forward, oldest first."""
    return innovation_list_for_coordinator(user=user, status=Status.SUBMITTED).order_by("submitted_at", "id")


def innovation_get_for_coordinator(*, user, pk):
    return get_object_or_404(innovation_list_for_coordinator(user=user), pk=pk)


def work_unit_list_for_coordinator(*, user, competition=None):
    """Return the agency's units, each with its entries of the competition and the count of unsubmitted ones."""
    if user.role != Role.COORDINATOR or user.agency_id is None:
        return WorkUnit.objects.none()
    entries = Innovation.objects.order_by("title_key", "id")
    drafts = Q(innovations__status__in=EDITABLE_STATUSES)
    if competition is not None:
        entries = entries.filter(competition=competition)
        drafts &= Q(innovations__competition=competition)
    return (
        WorkUnit.objects.filter(agency_id=user.agency_id)
        .annotate(unsubmitted_count=Count("innovations", filter=drafts))
        .prefetch_related(Prefetch("innovations", queryset=entries, to_attr="entries"))
        .order_by("name", "id")
    )


def innovation_event_list(*, innovation):
    return InnovationEvent.objects.filter(innovation=innovation).order_by("created_at", "id")


# The rows that public lists show besides the entry: its card's
# (templates/innovations/public/innovation_card.html) and the open data's province.
PUBLIC_LIST_RELATED_ROWS = ("competition", "category", "agency__province", "work_unit")


def innovation_list_public(
    *, query="", year=None, category=None, agency=None, province=None, kind=None, stage=None, sdg=None, fuzzy=False
):
    """Return the public entries, filtered, in a stable order for pagination.

    ``agency`` is an agency's slug, ``province`` a province code, ``kind`` an
    AgencyKind value, ``stage`` a stage reached such as "Top 99" and ``sdg``
    a goal's number. A search query ranks the best matches first; ``fuzzy``
    matches it to titles by similarity instead (see innovations.search).
    """
    innovations = (
        Innovation.objects.public()
        .select_related(*PUBLIC_LIST_RELATED_ROWS)
        .order_by("-competition__year", "title_key", "id")
    )
    if year:
        innovations = innovations.filter(competition__year=year)
    if category:
        innovations = innovations.filter(category__number=category)
    if agency:
        innovations = innovations.filter(agency__slug=agency)
    if province:
        innovations = innovations.filter(agency__province__code=province)
    if kind:
        innovations = innovations.filter(agency__kind=kind)
    if stage:
        innovations = innovations.filter(stage_reached=stage)
    if sdg:
        innovations = innovations.filter(sdgs__number=sdg)
    if query:
        innovations = search_public(innovations, query, fuzzy=fuzzy)
    return innovations


def innovation_list_public_by_ids(ids):
    """Return the public entries among ids, with the related rows their cards show."""
    return (
        Innovation.objects.public()
        .filter(pk__in=ids)
        .select_related(*PUBLIC_LIST_RELATED_ROWS)
    )


def competition_years():
    """Return the years of all competitions, newest first."""
    return public_data(
        "all-competition-years", lambda: list(Competition.objects.order_by("-year").values_list("year", flat=True))
    )


def competition_years_public():
    """Return the years that have public entries, newest first."""
    return public_data(
        "competition-years",
        lambda: list(
            Competition.objects.filter(public_entry_q("innovations__"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        ),
    )


def category_list_with_counts(*, competition):
    """Return a competition's categories with the number of public entries in each."""
    return public_data(
        "category-counts",
        lambda: list(
            Category.objects.filter(competition=competition).annotate(
                public_count=Count("innovations", filter=public_entry_q("innovations__"))
            )
        ),
        competition.pk,
    )


def attachment_get_for_user(*, user, uuid):
    """Return an attachment the user may download, or raise Http404.

    Files of public entries are for everyone; others only for the unit's
    operators, the agency's coordinators and the organiser's admins.
    """
    attachment = get_object_or_404(
        Attachment.objects.select_related("innovation__competition"), uuid=uuid
    )
    innovation = attachment.innovation
    if innovation.is_public:
        return attachment
    if user.is_authenticated:
        if user.is_portal_admin:
            return attachment
        if user.role == Role.OPERATOR and user.work_unit_id == innovation.work_unit_id:
            return attachment
        if user.role == Role.COORDINATOR and user.agency_id == innovation.agency_id:
            return attachment
        if user.role == Role.JUDGE and _judge_is_assigned(user, innovation):
            return attachment
    return get_object_or_404(Attachment.objects.none())


def _judge_is_assigned(user, innovation):
    """Return whether the judge holds an active assignment on the entry.

    Entries of a competition that publishes only results stay private while
    they are judged, so their judges need this to open the evidence.
    """
    if not apps.is_installed("judging"):
        return False
    # Looked up through the app registry because judging depends on this app.
    assignment_model = apps.get_model("judging", "Assignment")
    return assignment_model.objects.filter(
        judge=user, entry__innovation=innovation, status="active"
    ).exists()


def competition_latest():
    return Competition.objects.order_by("-year").first()


# --- Public portal ------------------------------------------------------------

# How many entries the home page shows as featured winners, and how many
# related entries an entry page shows.
FEATURED_WINNER_COUNT = 6
RELATED_ENTRY_COUNT = 4


def stage_sort_key(stage):
    """Return the sort key of a stage reached: "Top N" by N ascending, other names after."""
    prefix, _, number = stage.strip().partition(" ")
    if prefix.casefold() == "top" and number.isdigit():
        return (0, int(number), "")
    return (1, 0, stage.casefold())


def stage_list_public(*, year=None):
    """Return the distinct stages reached by public entries, best first."""
    innovations = Innovation.objects.public().exclude(stage_reached="")
    if year:
        innovations = innovations.filter(competition__year=year)
    stages = innovations.values_list("stage_reached", flat=True).distinct().order_by("stage_reached")
    return public_data("stages", lambda: sorted(stages, key=stage_sort_key), year)


def province_list_public():
    """Return the provinces that have agencies with public entries, by name."""
    return public_data(
        "provinces",
        lambda: list(
            Province.objects.filter(agencies__innovations__in=Innovation.objects.public())
            .distinct()
            .order_by("name")
        ),
    )


def agency_list_public(*, province=None, kind=None):
    """Return the agencies with public entries, optionally in one province or of one kind."""
    agencies = Agency.objects.filter(innovations__in=Innovation.objects.public())
    if province:
        agencies = agencies.filter(province__code=province)
    if kind:
        agencies = agencies.filter(kind=kind)
    return public_data(
        "agencies", lambda: list(agencies.distinct().order_by("name").only("name", "slug")), province, kind
    )


def sdg_list():
    """Return the 17 Sustainable Development Goals in order."""
    return public_data("sdgs", lambda: list(SDG.objects.order_by("number")))


def innovation_get_public(*, slug):
    """Return a public entry with its sections, files and goals, or raise Http404.

    The entry is kept in the shared cache until the next publication. A
    public entry's proposal is locked (see EDITABLE_STATUSES), so only a
    transition, a published result or an admin change alters it, and each
    of those bumps the cache. A slug that is not found is not stored.
    """
    return public_data(
        "entry",
        lambda: get_object_or_404(
            Innovation.objects.public()
            .select_related("competition", "category", "group", "agency__province", "work_unit")
            .prefetch_related(
                Prefetch("answers", queryset=Answer.objects.select_related("section").order_by("section__position")),
                Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
                Prefetch("sdgs", queryset=SDG.objects.order_by("number")),
            ),
            slug=slug,
        ),
        slug,
    )


def innovation_list_related_public(*, innovation, limit=RELATED_ENTRY_COUNT):
    """Return other public entries of the same agency, or of the same year and category."""
    related = Q(agency_id=innovation.agency_id)
    if innovation.category_id:
        related |= Q(category_id=innovation.category_id)
    # A category has thousands of entries to sort, and the result changes
    # only when something is published.
    return public_data(
        "related-entries",
        lambda: list(
            Innovation.objects.public()
            .filter(related)
            .exclude(pk=innovation.pk)
            .select_related(*PUBLIC_LIST_RELATED_ROWS)
            .order_by("-competition__year", "title_key", "id")[:limit]
        ),
        innovation.pk,
        limit,
    )


def innovation_figures_public():
    """Return the headline figures of the public database in one query."""
    return public_data(
        "figures",
        lambda: Innovation.objects.public().aggregate(
            entries=Count("id"),
            agencies=Count("agency", distinct=True),
            provinces=Count("agency__province", distinct=True),
            years=Count("competition", distinct=True),
        ),
    )


def innovation_list_featured_winners(*, limit=FEATURED_WINNER_COUNT):
    """Return the best-placed public entries of the latest year with published results."""
    return public_data("featured-winners", lambda: _featured_winners(limit), limit)


def _featured_winners(limit):
    with_results = Innovation.objects.public().exclude(stage_reached="")
    latest_year = with_results.order_by("-competition__year").values_list("competition__year", flat=True).first()
    if latest_year is None:
        return []
    winners = list(
        with_results.filter(competition__year=latest_year)
        .select_related("competition", "category", "agency", "work_unit")
        .order_by("title_key", "id")
    )
    winners.sort(key=lambda innovation: stage_sort_key(innovation.stage_reached))
    return winners[:limit]


def competition_get_public(*, year):
    """Return the competition of a year, or raise Http404."""
    return get_object_or_404(Competition.objects.all(), year=year)


def competition_results_public(*, competition):
    """Return [(stage, [entries])] of a competition's public entries with a stage reached, best stage first."""
    entries = (
        Innovation.objects.public()
        .filter(competition=competition)
        .exclude(stage_reached="")
        .select_related("competition", "category", "agency__province", "work_unit")
        .order_by("title_key", "id")
    )
    groups = {}
    for innovation in entries:
        groups.setdefault(innovation.stage_reached, []).append(innovation)
    return [(stage, groups[stage]) for stage in sorted(groups, key=stage_sort_key)]


def agency_get_public(*, slug):
    """Return an agency by its address name, or raise Http404."""
    return get_object_or_404(Agency.objects.select_related("province"), slug=slug)


def innovation_list_for_agency_public(*, agency):
    """Return an agency's public entries, newest year first, best stage first within a year."""
    entries = list(
        Innovation.objects.public()
        .filter(agency=agency)
        .select_related("competition", "category", "agency", "work_unit")
        .order_by("-competition__year", "title_key", "id")
    )
    entries.sort(key=lambda innovation: (-innovation.competition.year, stage_sort_key(innovation.stage_reached or "~")))
    return entries
