"""Paging through the public listing and the search results without joining or sorting more rows than a page needs."""
from django.core.exceptions import EmptyResultSet
from django.db.models import Count

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
    joined with their related rows: two queries for any page.

    ``innovations`` must be ordered by ("-competition__year", "title_key", "id").
    """

    ordered = True

    def __init__(self, innovations):
        self.innovations = innovations
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

        key = _query_key(self.innovations)
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
        # The competitions the page spans, and where the page starts in the first.
        spanned, offset, before = [], None, 0
        for competition_id, entries in self.competition_counts():
            if before + entries > start and before < stop:
                spanned.append(competition_id)
                if offset is None:
                    offset = start - before
            before += entries
        if not spanned:
            return []
        ids = list(
            self.innovations.filter(competition_id__in=spanned).values_list("pk", flat=True)[
                offset : offset + stop - start
            ]
        )
        rows = {row.pk: row for row in self.innovations.filter(pk__in=ids)}
        return [rows[pk] for pk in ids]


# How many of a search's best results are cached: ten pages of 20.
CACHED_RESULTS = 200


class CountCachedResults:
    """Search results as a sequence for a Paginator: ranked as bare ids, with a cached total.

    Counting every match of a common word costs as much as finding the first
    page, and the same searches recur, so the total and the first pages' ids
    are computed once per query and filter set until the next publication.
    """

    ordered = True

    def __init__(self, innovations, row_annotations=None):
        self.innovations = innovations
        # The annotations the page's rows need; by default all of them.
        self.row_annotations = row_annotations

    def count(self):
        key = _query_key(self.innovations)
        return public_data("search-count", self.innovations.count, key) if key else 0

    def __len__(self):
        return self.count()

    def ranked_ids(self, index):
        """Return the ids of the results in index (a slice), best first.

        The first CACHED_RESULTS ids of a search are kept in the shared cache
        until the next publication, because the first pages of the same
        searches are requested again and again.
        """
        ids = self.innovations.values_list("pk", flat=True)
        key = _query_key(self.innovations)
        start = index.start or 0
        if key and index.stop is not None and index.stop <= CACHED_RESULTS:
            first_ids = public_data("search-ids", lambda: list(ids[:CACHED_RESULTS]), key)
            return first_ids[start : index.stop]
        return list(ids[index])

    def __getitem__(self, index):
        # The ranking sorts the ids alone, so only the page's rows are joined
        # with their agency, unit and category, not every match before the sort.
        ids = self.ranked_ids(index)
        annotations = {
            name: expression
            for name, expression in self.innovations.query.annotations.items()
            if self.row_annotations is None or name in self.row_annotations
        }
        page_rows = self.innovations.model.objects.filter(pk__in=ids).annotate(**annotations)
        page_rows.query.select_related = self.innovations.query.select_related
        rows = {row.pk: row for row in page_rows}
        return [rows[pk] for pk in ids]
