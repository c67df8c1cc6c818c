"""Entry cards kept in each process's memory until the next publication."""
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import cards
from innovations.models import Innovation
from innovations.selectors import RELATED_ENTRY_COUNT
from sinovik.cache import MemoryStore, local_content, public_cache_bump
from tests.factories import InnovationFactory
from tests.pages import card_titles

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:innovation_list")


@pytest.fixture
def three_entries(public_entries):
    return public_entries(3)


def visitor(language):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_second_list_page_reads_only_the_ids(client, data_cache, three_entries):
    first = client.get(LIST_URL)
    # The rendered list is gone (evicted, or another filter combination)
    # but its cards are still stored.
    local_content.clear()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(LIST_URL)

    assert card_titles(first) == ["Layanan nomor 00", "Layanan nomor 01", "Layanan nomor 02"]
    assert card_titles(second) == card_titles(first)
    assert len(queries) == 1
    assert queries[0]["sql"].startswith('SELECT "innovations_innovation"."id" AS "pk" FROM')


def test_cards_render_afresh_after_a_publication(
    client, data_cache, three_entries, django_capture_on_commit_callbacks
):
    client.get(LIST_URL)
    # An edit that bypasses the services, as a database fix-up would.
    Innovation.objects.filter(pk=three_entries[0].pk).update(title="Layanan nomor 00 diperbarui")
    # Without the stored list, each page is built from the stored cards.
    local_content.clear()
    stale = client.get(LIST_URL)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = client.get(LIST_URL)

    assert card_titles(stale)[0] == "Layanan nomor 00"
    assert card_titles(fresh)[0] == "Layanan nomor 00 diperbarui"


def test_cards_are_kept_per_language(data_cache, three_entries):
    english = visitor("en").get(LIST_URL).content.decode()
    indonesian = visitor("id").get(LIST_URL).content.decode()
    english_again = visitor("en").get(LIST_URL).content.decode()

    assert english.count("· Category 1") == 3
    assert indonesian.count("· Kategori 1") == 3
    assert "Kategori" not in english_again
    assert len(cards.store) == 6


def test_search_cards_are_stored_apart_for_each_search(client, data_cache, three_entries):
    searched = client.get(LIST_URL, {"q": "nomor"})
    with CaptureQueriesContext(connection) as queries:
        searched_again = client.get(LIST_URL, {"q": "nomor"})
    listed = client.get(LIST_URL)
    other_search = client.get(LIST_URL, {"q": "layanan"})

    assert searched.content.decode().count("<mark>nomor</mark>") == 3
    assert searched_again.content.decode().count("<mark>nomor</mark>") == 3
    assert card_titles(searched_again) == card_titles(searched)
    assert len(queries) == 0
    assert "<mark>" not in listed.content.decode()
    assert other_search.content.decode().count("<mark>Layanan</mark>") == 3
    assert card_titles(other_search) == card_titles(listed) == card_titles(searched)
    assert len(cards.store) == 9


def test_cards_fresh_without_data_cache(client, settings, three_entries):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 0
    cards.store.clear()
    client.get(LIST_URL)
    Innovation.objects.filter(pk=three_entries[0].pk).update(title="Layanan nomor 00 diperbarui")

    response = client.get(LIST_URL)

    assert card_titles(response)[0] == "Layanan nomor 00 diperbarui"
    assert len(cards.store) == 0


def test_card_store_forgets_the_least_recently_used():
    store = MemoryStore(limit=2)
    store.put("a", "A")
    store.put("b", "B")
    store.get("a")
    store.put("c", "C")

    assert store.get("b") is None
    assert store.get("a") == "A"
    assert store.get("c") == "C"
    assert len(store) == 2


def test_related_entries_read_once(client, data_cache, three_entries):
    url = three_entries[0].get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)

    related_query = f"LIMIT {RELATED_ENTRY_COUNT}"
    assert [query["sql"] for query in first if related_query in query["sql"]]
    assert not [query["sql"] for query in second if related_query in query["sql"]]
    assert card_titles(response) == ["Layanan nomor 01", "Layanan nomor 02"]


def test_entry_page_cached_until_a_publication(
    client, data_cache, three_entries, django_capture_on_commit_callbacks
):
    url = three_entries[0].get_absolute_url()
    client.get(url)
    Innovation.objects.filter(pk=three_entries[0].pk).update(title="Layanan nomor 00 diperbarui")

    with CaptureQueriesContext(connection) as queries:
        stale = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = client.get(url)

    assert len(queries) == 0
    assert "<h1 class=\"h2\">Layanan nomor 00</h1>" in stale.content.decode()
    assert "<h1 class=\"h2\">Layanan nomor 00 diperbarui</h1>" in fresh.content.decode()


def test_unknown_entry_is_not_stored(client, data_cache, three_entries):
    missing = client.get("/inovasi/belum-ada-2024/")
    InnovationFactory(competition=three_entries[0].competition, title="Belum Ada", forwarded=True)

    found = client.get("/inovasi/belum-ada-2024/")

    assert missing.status_code == 404
    assert found.status_code == 200
