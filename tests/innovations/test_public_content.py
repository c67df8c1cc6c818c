"""The content of public pages, rendered once per process until the next publication."""
import datetime
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations.models import Competition, Innovation, Status
from innovations.views import public as public_views
from sinovik.cache import local_content, public_cache_bump, public_content
from tests.factories import AnnouncementFactory, InnovationFactory, UserFactory
from tests.pages import card_titles

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:innovation_list")
STATISTICS_URL = reverse("portal:statistics")
HOME_URL = reverse("public:home")
UTC = datetime.timezone.utc
# 15 June 2024 10:00:00 WIB, within the submission window of the entries'
# competition (1 May to 30 June 2024), at the start of a minute.
MIDDAY = datetime.datetime(2024, 6, 15, 3, 0, 0, tzinfo=UTC)
# 30 June 2024 23:59:59 WIB, the window's last second, and the next one.
LAST_SECOND = datetime.datetime(2024, 6, 30, 16, 59, 59, tzinfo=UTC)
CLOSED = datetime.datetime(2024, 6, 30, 17, 0, 0, tzinfo=UTC)
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@pytest.fixture
def entries(public_entries):
    return public_entries(25)


def page_title(response):
    return TITLE.search(response.content.decode()).group(1)


def test_repeated_list_page_runs_no_query(client, data_cache, entries):
    first = client.get(LIST_URL, {"halaman": 2})
    with CaptureQueriesContext(connection) as queries:
        second = client.get(LIST_URL, {"halaman": 2})

    assert len(queries) == 0
    assert card_titles(first) == [f"Layanan nomor {number}" for number in range(20, 25)]
    assert card_titles(second) == card_titles(first)
    assert page_title(second) == "Innovation database · page 2 · SiNovik"
    assert 'rel="canonical" href="http://testserver/inovasi/?halaman=2"' in second.content.decode()


def test_list_pages_stored_apart(client, data_cache, entries):
    first_page = client.get(LIST_URL)
    second_page = client.get(LIST_URL, {"halaman": 2})
    searched = client.get(LIST_URL, {"q": "nomor 07"})
    of_a_year = client.get(LIST_URL, {"tahun": 2024})

    assert card_titles(first_page)[0] == "Layanan nomor 00"
    assert card_titles(second_page)[0] == "Layanan nomor 20"
    assert card_titles(searched)[0] == "Layanan nomor 07"
    assert '<option value="2024" selected>' in of_a_year.content.decode()
    assert '<option value="2024" selected>' not in first_page.content.decode()
    assert len(local_content) == 4


def test_page_past_last_not_stored(client, data_cache, entries):
    response = client.get(LIST_URL, {"halaman": 3})

    assert response.status_code == 404
    assert len(local_content) == 0


def test_signed_in_menu_around_shared_list(client, login, data_cache, entries):
    operator = UserFactory(username="operator.dinkes", full_name="Sri Wahyuni")
    anonymous = client.get(LIST_URL)
    signed_in = login(operator).get(LIST_URL)
    anonymous_again = Client().get(LIST_URL)

    assert card_titles(signed_in) == card_titles(anonymous)
    assert card_titles(anonymous_again) == card_titles(anonymous)
    assert "Sri Wahyuni" in signed_in.content.decode()
    assert reverse("workspace:dashboard") in signed_in.content.decode()
    assert "Sri Wahyuni" not in anonymous_again.content.decode()
    assert reverse("workspace:dashboard") not in anonymous_again.content.decode()
    assert len(local_content) == 1


def test_list_content_kept_per_language(data_cache, entries):
    english = Client(headers={"accept-language": "en"})
    indonesian = Client()
    indonesian.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"

    in_english = english.get(LIST_URL).content.decode()
    in_indonesian = indonesian.get(LIST_URL).content.decode()
    in_english_again = english.get(LIST_URL).content.decode()

    assert "Innovation database</h1>" in in_english
    assert "Innovation database</h1>" in in_english_again
    assert "Basis Data Inovasi</h1>" in in_indonesian
    assert "Basis Data Inovasi" not in in_english_again
    assert len(local_content) == 2


def test_list_content_fresh_after_publication(
    client, data_cache, entries, django_capture_on_commit_callbacks
):
    client.get(LIST_URL)
    # An edit that bypasses the services, as a database fix-up would.
    Innovation.objects.filter(pk=entries[0].pk).update(title="Layanan nomor 00 diperbarui")
    stale = client.get(LIST_URL)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = client.get(LIST_URL)

    assert card_titles(stale)[0] == "Layanan nomor 00"
    assert card_titles(fresh)[0] == "Layanan nomor 00 diperbarui"


def test_repeated_entry_page_runs_no_query(client, data_cache, entries):
    entry = entries[3]
    first = client.get(entry.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(entry.get_absolute_url())

    assert len(queries) == 0
    assert second.content.decode().count("<h1") == 1
    assert second.content == first.content
    assert page_title(second) == "Layanan nomor 03 · SiNovik"
    description = f"{entry.agency.name} · {entry.competition.name}"
    assert f'<meta property="og:description" content="{description}">' in second.content.decode()


def test_entry_page_fresh_after_publication(
    client, data_cache, entries, django_capture_on_commit_callbacks
):
    entry = entries[3]
    client.get(entry.get_absolute_url())
    Innovation.objects.filter(pk=entry.pk).update(title="Layanan nomor 03 diperbarui")
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()

    response = client.get(entry.get_absolute_url())

    assert page_title(response) == "Layanan nomor 03 diperbarui · SiNovik"
    assert '<h1 class="h2">Layanan nomor 03 diperbarui</h1>' in response.content.decode()


def test_entry_not_public_not_stored(client, data_cache, entries):
    Innovation.objects.filter(pk=entries[3].pk).update(status=Status.DRAFT)

    response = client.get(entries[3].get_absolute_url())

    assert response.status_code == 404
    assert len(local_content) == 0


def test_repeated_statistics_page_runs_no_query(client, data_cache, entries):
    first = client.get(STATISTICS_URL)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(STATISTICS_URL)

    assert len(queries) == 0
    assert second.content == first.content
    assert "25 public innovations in all years." in second.content.decode()
    assert 'id="data-statistik"' in second.content.decode()


def test_statistics_fresh_after_publication(client, data_cache, entries, django_capture_on_commit_callbacks):
    client.get(STATISTICS_URL)
    InnovationFactory(competition=entries[0].competition, title="Layanan baru", forwarded=True)
    stale = client.get(STATISTICS_URL)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()

    fresh = client.get(STATISTICS_URL)

    assert "25 public innovations in all years." in stale.content.decode()
    assert "26 public innovations in all years." in fresh.content.decode()


def test_repeated_home_page_runs_no_query(client, data_cache, entries):
    with time_machine.travel(MIDDAY, tick=False):
        first = client.get(HOME_URL)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(HOME_URL)

    assert len(queries) == 0
    assert second.content == first.content
    assert "Submission open" in second.content.decode()


def test_home_announcement_within_a_minute(client, data_cache, entries):
    with time_machine.travel(MIDDAY, tick=False):
        AnnouncementFactory(title="Pengumuman finalis", published_at=MIDDAY + datetime.timedelta(seconds=30))
    with time_machine.travel(MIDDAY + datetime.timedelta(seconds=10), tick=False):
        before = client.get(HOME_URL).content.decode()
    with time_machine.travel(MIDDAY + datetime.timedelta(seconds=40), tick=False):
        same_minute = client.get(HOME_URL).content.decode()
    with time_machine.travel(MIDDAY + datetime.timedelta(seconds=60), tick=False):
        next_minute = client.get(HOME_URL).content.decode()

    assert "Pengumuman finalis" not in before
    # The stored page is kept for the rest of its minute.
    assert "Pengumuman finalis" not in same_minute
    assert "Pengumuman finalis" in next_minute


def test_home_window_closes_on_the_second(client, data_cache, entries):
    with time_machine.travel(LAST_SECOND, tick=False):
        open_page = client.get(HOME_URL).content.decode()
    with time_machine.travel(CLOSED, tick=False):
        closed_page = client.get(HOME_URL).content.decode()

    assert "Submission open" in open_page
    assert "Submission closed" not in open_page
    assert "Submission closed" in closed_page
    assert "Submission open" not in closed_page


def test_home_competition_kept_until_publication(
    client, data_cache, entries, django_capture_on_commit_callbacks, monkeypatch
):
    competition = entries[0].competition
    shared_reads = []
    read_shared = public_views.public_data
    monkeypatch.setattr(
        public_views, "public_data", lambda name, *args: shared_reads.append(name) or read_shared(name, *args)
    )
    with time_machine.travel(MIDDAY, tick=False):
        client.get(HOME_URL)
        reads_of_first_visit = shared_reads.count("home-competition")
        client.get(HOME_URL)
    Competition.objects.filter(pk=competition.pk).update(name="Kompetisi Diperbarui")
    # The next minute renders the home page again, with the competition kept.
    with time_machine.travel(MIDDAY + datetime.timedelta(seconds=60), tick=False):
        before_publication = client.get(HOME_URL).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            public_cache_bump()
        after_publication = client.get(HOME_URL).content.decode()

    # This process read the competition from the shared cache once.
    assert reads_of_first_visit == 1
    assert shared_reads.count("home-competition") == 2
    assert competition.name in before_publication
    assert "Kompetisi Diperbarui" not in before_publication
    assert "Kompetisi Diperbarui" in after_publication


def test_nothing_stored_without_data_cache(client, settings, entries):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 0
    local_content.clear()
    client.get(LIST_URL)
    client.get(entries[0].get_absolute_url())
    Innovation.objects.filter(pk=entries[0].pk).update(title="Layanan nomor 00 diperbarui")

    response = client.get(LIST_URL)

    assert card_titles(response)[0] == "Layanan nomor 00 diperbarui"
    assert len(local_content) == 0


def test_content_store_bounded_by_size(data_cache, monkeypatch):
    monkeypatch.setattr(local_content, "limit", 25)
    for name in ("a", "b", "c"):
        public_content("sample", lambda name=name: {"content": name * 10, "title": None}, name)

    assert len(local_content) == 2
    rendered = []

    def render_again():
        rendered.append("a")
        return {"content": "a" * 10}

    # The least recently used ("a") was evicted, so it is rendered again.
    public_content("sample", render_again, "a")
    assert rendered == ["a"]
