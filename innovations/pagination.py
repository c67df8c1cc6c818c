"""Paging through the public listing and the search results without joining or sorting more rows than a page needs."""
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Window

from sinovik.cache import public_data


def _query_key(queryset):
    """Return the SQL text of queryset, which names every filter value, or None if it can match nothing."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return None


class YearOrderedListing:
    """The public listing, newest competition first, then by title, as a sequence for a Paginator.

    A plain OFFSET makes PostgreSQL join and sort every public entry for a
    deep page. Here the number of entries per competition (kept in the
    shared cache until the next publication) shows which competitions a page
    spans. The page's ids are read from those competitions alone, using the
    index on (competition, title_key, id), and only the page's rows are
    joined with their related rows: two queries for a page within one
    competition, three for a page that spans two. With ``ids_only`` the
    page is its ids, and the caller loads what it needs.

    ``innovations`` must be ordered by ("-competition__year", "title_key", "id").
    ``cache_key`` names its filters; by default the queryset's SQL does,
    which costs a compilation of the query on every request.
    """

    ordered = True

    def __init__(self, innovations, cache_key=None, ids_only=False):
        self.innovations = innovations
        self.cache_key = cache_key
        # Pages of bare ids, for a caller that keeps most rows' rendered output.
        self.ids_only = ids_only
        self._counts = None

    def competition_counts(self):
        """Return [(competition id, entries)] of the listing, newest year first."""
        if self._counts is not None:
            return self._counts

        def compute():
            return list(
                self.innovations.order_by()
                .values_list("competition_id", "competition__year")
                .annotate(entries=Count("pk", distinct=True))
                .order_by("-competition__year")
                .values_list("competition_id", "entries")
            )

        key = self.cache_key or _query_key(self.innovations)
        self._counts = public_data("listing-competition-counts", compute, key) if key else []
        return self._counts

    def count(self):
        return sum(entries for _, entries in self.competition_counts())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("YearOrderedListing supports slices without a step only.")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        # The competitions the page spans: (id, entries, first and last
        # position of the page within the competition's entries).
        spanned, before = [], 0
        for competition_id, entries in self.competition_counts():
            if before + entries > start and before < stop:
                spanned.append((competition_id, entries, max(start - before, 0), min(stop - before, entries)))
            before += entries
        if not spanned:
            return []
        # One competition at a time, ordered by (title_key, id) alone, so
        # that PostgreSQL walks the index and stops after the page's rows
        # instead of sorting the competition's entries by the joined year.
        # A page in the second half of a competition is read from its end.
        ids = []
        for competition_id, entries, first, last in spanned:
            entries_of_competition = self.innovations.filter(competition_id=competition_id)
            if first <= entries - last:
                ordered = entries_of_competition.order_by("title_key", "id")
                ids += ordered.values_list("pk", flat=True)[first:last]
            else:
                ordered = entries_of_competition.order_by("-title_key", "-id")
                ids += reversed(ordered.values_list("pk", flat=True)[entries - last : entries - first])
        if self.ids_only:
            return ids
        rows = {row.pk: row for row in self.innovations.filter(pk__in=ids)}
        return [rows[pk] for pk in ids]


# How many of a search's best results are cached: ten pages of 20.
CACHED_RESULTS = 200


class CountCachedResults:
    """Search results as a sequence for a Paginator: ranked as bare ids, with a cached total.

    One query ranks the matches and counts them (a window count over the
    same rows), and its result, the total and the first CACHED_RESULTS ids,
    is kept in the shared cache until the next publication, because the
    same searches and their first pages are requested again and again.

    ``innovations`` is the ranked queryset, or a function that returns it:
    building a search's queryset costs more than reading its cached ids, so
    with a function and a ``cache_key`` it is built only when needed. With
    ``ids_only`` the pages are bare ids, as in YearOrderedListing.
    """

    ordered = True

    def __init__(self, innovations, row_annotations=None, cache_key=None, ids_only=False):
        self._innovations = innovations
        # The annotations the page's rows need; by default all of them.
        self.row_annotations = row_annotations
        # Names the search and its filters, as in YearOrderedListing.
        self.cache_key = cache_key
        self.ids_only = ids_only
        self._first_results = None

    @property
    def innovations(self):
        if callable(self._innovations):
            self._innovations = self._innovations()
        return self._innovations

    def first_results(self):
        """Return (the number of matches, the ids of the first CACHED_RESULTS of them, best first)."""
        if self._first_results is not None:
            return self._first_results

        def compute():
            rows = list(
                self.innovations.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")[:CACHED_RESULTS]
            )
            return (rows[0][1] if rows else 0), [pk for pk, _ in rows]

        key = self.cache_key or _query_key(self.innovations)
        self._first_results = public_data("search-first-results", compute, key) if key else (0, [])
        return self._first_results

    def count(self):
        return self.first_results()[0]

    def __len__(self):
        return self.count()

    def ranked_ids(self, index):
        """Return the ids of the results in index (a slice), best first."""
        start = index.start or 0
        if index.stop is not None and index.stop <= CACHED_RESULTS:
            return self.first_results()[1][start : index.stop]
        return list(self.innovations.values_list("pk", flat=True)[index])

    def __getitem__(self, index):
        # The ranking sorts the ids alone, so only the page's rows are joined
        # with their agency, unit and category, not every match before the sort.
        ids = self.ranked_ids(index)
        if self.ids_only:
            return ids
        annotations = {
            name: expression
            for name, expression in self.innovations.query.annotations.items()
            if self.row_annotations is None or name in self.row_annotations
        }
        page_rows = self.innovations.model.objects.filter(pk__in=ids).annotate(**annotations)
        page_rows.query.select_related = self.innovations.query.select_related
        rows = {row.pk: row for row in page_rows}
        return [rows[pk] for pk in ids]
