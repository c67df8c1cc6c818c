"""Fixtures shared by the tests of the public pages' stored cards and contents."""
import datetime

import pytest

from innovations import cards
from innovations.views.public import home_competitions
from sinovik.cache import local_content
from tests.factories import CompetitionFactory, InnovationFactory


@pytest.fixture
def data_cache(settings):
    """Turn on the public data cache, as in production, with empty stores of cards, page contents and home competitions."""
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 60
    for store in (cards.store, local_content, home_competitions):
        store.clear()
    yield
    for store in (cards.store, local_content, home_competitions):
        store.clear()


@pytest.fixture
def public_entries(db):
    """Return a function that creates ``count`` public entries of the 2024 competition, titled in list order."""

    def create(count):
        competition = CompetitionFactory(
            year=2024, submission_opens_on=datetime.date(2024, 5, 1), submission_closes_on=datetime.date(2024, 6, 30)
        )
        return [
            InnovationFactory(competition=competition, title=f"Layanan nomor {number:02d}", forwarded=True)
            for number in range(count)
        ]

    return create
