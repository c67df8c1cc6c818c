import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovations import selectors
from innovations.models import Innovation
from innovations.pagination import CountCachedResults, YearOrderedListing
from sinovik.cache import public_cache_bump
from tests.factories import CompetitionFactory, InnovationFactory
from tests.pages import card_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_cache(settings):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 60


@pytest.fixture
def three_years(db):
    """Public entries of three years, 7, 5 and 6 of them, plus a draft."""
    titles = {}
    for year, count in ((2021, 7), (2022, 5), (2023, 6)):
        competition = CompetitionFactory(
            year=year, submission_opens_on=datetime.date(year, 5, 1), submission_closes_on=datetime.date(year, 6, 30)
        )
        titles[year] = [
            InnovationFactory(competition=competition, title=f"Layanan {year} nomor {number:02d}", forwarded=True).title
            for number in range(count)
        ]
        InnovationFactory(competition=competition, title=f"Draf {year}")
    return titles


def page_titles(paginator, number):
    return [innovation.title for innovation in paginator.page(number).object_list]


@pytest.mark.parametrize("cached", [False, True])
def test_year_ordered_pages_match_plain_listing(settings, three_years, cached):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 60 if cached else 0
    innovations = selectors.innovation_list_public()
    plain = Paginator(innovations, 4)
    by_year = Paginator(YearOrderedListing(innovations), 4)

    assert by_year.count == 18
    assert by_year.num_pages == 5
    for number in range(1, 6):
        assert page_titles(by_year, number) == page_titles(plain, number)


def test_year_ordered_page_spans_three_years(three_years):
    listing = YearOrderedListing(selectors.innovation_list_public())

    titles = [innovation.title for innovation in listing[5:13]]

    assert titles == three_years[2023][5:] + three_years[2022] + three_years[2021][:2]


def test_year_ordered_filters_apply(three_years):
    listing = YearOrderedListing(selectors.innovation_list_public(year=2022))

    assert listing.count() == 5
    assert [innovation.title for innovation in listing[0:20]] == three_years[2022]


def test_year_ordered_deep_page_reads_one_competition(data_cache, three_years):
    paginator = Paginator(YearOrderedListing(selectors.innovation_list_public()), 4)
    paginator.count  # the per-competition counts, cached from here on
    oldest = CompetitionFactory._meta.model.objects.get(year=2021)

    with CaptureQueriesContext(connection) as queries:
        titles = page_titles(paginator, 5)

    assert titles == three_years[2021][5:]
    # The page's ids from one competition, then the page's rows.
    assert len(queries) == 2
    assert f'"competition_id" = {oldest.pk}' in queries[0]["sql"]


def test_year_ordered_counts_refresh_after_bump(data_cache, three_years, django_capture_on_commit_callbacks):
    listing = YearOrderedListing(selectors.innovation_list_public())
    before = listing.count()
    InnovationFactory(competition=CompetitionFactory(year=2024), forwarded=True)

    stale = YearOrderedListing(selectors.innovation_list_public()).count()
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = YearOrderedListing(selectors.innovation_list_public()).count()

    assert before == 18
    assert stale == 18
    assert fresh == 19


def test_search_count_kept_until_bump(data_cache, three_years, django_capture_on_commit_callbacks):
    results = CountCachedResults(selectors.innovation_list_public(query="nomor"))
    first = results.count()
    InnovationFactory(competition=CompetitionFactory(year=2024), title="Layanan nomor baru", forwarded=True)

    stale = CountCachedResults(selectors.innovation_list_public(query="nomor")).count()
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = CountCachedResults(selectors.innovation_list_public(query="nomor")).count()

    assert first == 18
    assert stale == 18
    assert fresh == 19


def test_search_count_of_impossible_query_is_zero(three_years):
    results = CountCachedResults(selectors.innovation_list_public().none())

    assert results.count() == 0
    assert list(results[0:20]) == []



def test_list_last_page_runs_first_page_queries(client):
    # 45 entries over two years: the last page (3) starts in the older year.
    for year, count in ((2024, 30), (2025, 15)):
        competition = CompetitionFactory(
            year=year, submission_opens_on=datetime.date(year, 5, 1), submission_closes_on=datetime.date(year, 6, 30)
        )
        for number in range(count):
            InnovationFactory(competition=competition, title=f"Layanan {year} nomor {number:02d}", forwarded=True)

    client.get("/inovasi/")  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as first_page:
        first = client.get("/inovasi/")
    with CaptureQueriesContext(connection) as last_page:
        last = client.get("/inovasi/", {"halaman": 3})

    assert len(first.context["page"].object_list) == 20
    assert card_titles(last) == [
        f"Layanan 2024 nomor {number:02d}" for number in range(25, 30)
    ]
    # The first page spans both years, so it reads ids once per year; the
    # last page lies in one year.
    assert len(last_page) == len(first_page) - 1


def test_search_counts_and_ranks_in_one_query(data_cache, three_years):
    results = CountCachedResults(selectors.innovation_list_public(query="nomor"))

    with CaptureQueriesContext(connection) as queries:
        total = results.count()
        first_page = results.ranked_ids(slice(0, 4))
        second_page = results.ranked_ids(slice(4, 8))

    assert total == 18
    assert len(first_page) == len(second_page) == 4
    assert not set(first_page) & set(second_page)
    assert len(queries) == 1
    assert "COUNT(" in queries[0]["sql"]
    assert "OVER ()" in queries[0]["sql"]


def test_search_without_matches_counts_zero_in_one_query(data_cache, three_years):
    results = CountCachedResults(selectors.innovation_list_public(query="jembatan"))

    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 0
        assert results[0:20] == []

    assert len(queries) == 1


def test_late_page_read_from_the_end(three_years):
    listing = YearOrderedListing(selectors.innovation_list_public(year=2021), ids_only=True)

    with CaptureQueriesContext(connection) as queries:
        ids = listing[4:7]

    assert [Innovation.objects.get(pk=pk).title for pk in ids] == three_years[2021][4:7]
    assert '"title_key" DESC' in queries[-1]["sql"]
