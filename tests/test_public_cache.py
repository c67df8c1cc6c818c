import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import sinovik.cache
from accounts.services import workunit_import, workunit_update
from innovations import services
from sinovik.cache import (
    VERSION_KEY,
    MemoryStore,
    _request_finished,
    _request_started,
    _storable_content,
    public_cache_bump,
    public_cache_version,
    public_data,
)
from tests.factories import AgencyFactory, InnovationFactory, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:innovation_list")


@pytest.fixture
def page_cache(settings):
    settings.SINOVIK_PUBLIC_PAGE_CACHE_SECONDS = 60


def test_public_page_served_from_cache_until_bump(page_cache, competition, django_capture_on_commit_callbacks):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    visitor = Client()
    first = visitor.get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)

    cached = visitor.get(LIST_URL)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    fresh = visitor.get(LIST_URL)

    assert "Antrean Puskesmas Daring" in first.content.decode()
    assert "Jemput Bola Akta Kelahiran" not in cached.content.decode()
    assert cached.content == first.content
    assert "Jemput Bola Akta Kelahiran" in fresh.content.decode()


def test_cache_hit_runs_no_database_query(page_cache, competition):
    InnovationFactory(competition=competition, forwarded=True)
    Client().get(LIST_URL)

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(LIST_URL)

    assert response.status_code == 200
    assert "Layanan Antrean Daring" in response.content.decode()
    assert len(queries) == 0


class CountingCache:
    """The cache, with the name of every method called on it recorded."""

    def __init__(self, real):
        self.real = real
        self.calls = []

    def __getattr__(self, name):
        attribute = getattr(self.real, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


def test_cache_hit_reads_the_cache_once(page_cache, competition, monkeypatch):
    InnovationFactory(competition=competition, forwarded=True)
    Client().get(LIST_URL)
    counting = CountingCache(sinovik.cache.cache)
    monkeypatch.setattr(sinovik.cache, "cache", counting)

    response = Client().get(LIST_URL)

    assert "Layanan Antrean Daring" in response.content.decode()
    assert counting.calls == ["get_many"]


def test_page_stored_before_a_bump_is_replaced(page_cache, competition, django_capture_on_commit_callbacks):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    Client().get(LIST_URL)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)
    replaced = Client().get(LIST_URL)

    with CaptureQueriesContext(connection) as queries:
        served = Client().get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" in replaced.content.decode()
    assert served.content == replaced.content
    assert len(queries) == 0


def test_signed_in_user_gets_fresh_page(page_cache, competition, login):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    Client().get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)
    operator = UserFactory(full_name="Operator Uji", position="Staf", phone="0811")

    response = login(operator).get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" in response.content.decode()


def test_visitor_with_pending_message_gets_fresh_page(page_cache, competition):
    Client().get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)
    visitor = Client()
    visitor.cookies["messages"] = "pending"

    response = visitor.get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" in response.content.decode()


def test_cache_off_when_lifetime_zero(settings, competition):
    settings.SINOVIK_PUBLIC_PAGE_CACHE_SECONDS = 0
    visitor = Client()
    visitor.get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)

    response = visitor.get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" in response.content.decode()


def test_cached_page_sets_no_cookie(page_cache, competition):
    Client().get(LIST_URL)

    served = Client().get(LIST_URL)

    assert served.cookies == {}
    assert "csrfmiddlewaretoken" not in served.content.decode()


def test_page_with_a_csrf_token_not_stored(page_cache, rf):
    # A token belongs to one visitor: a page that shows one must not be
    # served to the next.
    request = rf.get(LIST_URL)
    token = get_token(request)
    response = HttpResponse(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">')

    assert _storable_content(request, response) is None
    assert _storable_content(rf.get(LIST_URL), HttpResponse("<p>Daftar</p>")) == b"<p>Daftar</p>"


def test_cache_keeps_languages_apart(page_cache, competition):
    Client().get(LIST_URL)
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    indonesian = Client()
    indonesian.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"

    english_page = english.get(LIST_URL)
    indonesian_page = indonesian.get(LIST_URL)

    assert english_page.content != indonesian_page.content
    assert '<html lang="en"' in english_page.content.decode()
    assert '<html lang="id"' in indonesian_page.content.decode()


def test_missing_page_not_cached(page_cache, competition):
    first = Client().get("/inovasi/tidak-ada-2030/")
    InnovationFactory(competition=competition, title="Tidak Ada", slug="tidak-ada-2030", forwarded=True)

    second = Client().get("/inovasi/tidak-ada-2030/")

    assert first.status_code == 404
    assert second.status_code == 200
    assert "Tidak Ada" in second.content.decode()


def test_bump_waits_for_commit(django_capture_on_commit_callbacks):
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            public_cache_bump()
            during = public_cache_version()

    assert during == before
    assert len(callbacks) == 1
    assert public_cache_version() == before + 1


def test_version_after_a_cache_restart_is_new(django_capture_on_commit_callbacks):
    before = public_cache_version()
    cache.delete(VERSION_KEY)  # Redis restarted: it keeps nothing on disk
    restarted = public_cache_version()
    cache.delete(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    bumped = public_cache_version()

    assert before < restarted < bumped


def test_version_is_read_once_per_request():
    _request_started()
    try:
        first = public_cache_version()
        cache.incr(VERSION_KEY)  # another server publishes meanwhile
        same_request = public_cache_version()
    finally:
        _request_finished()
    _request_started()
    try:
        next_request = public_cache_version()
    finally:
        _request_finished()

    assert same_request == first
    assert next_request == first + 1


def test_bump_seen_within_same_request(django_capture_on_commit_callbacks):
    _request_started()
    try:
        before = public_cache_version()
        with django_capture_on_commit_callbacks(execute=True):
            public_cache_bump()
        after = public_cache_version()
    finally:
        _request_finished()

    assert after == before + 1


def test_version_outside_requests_is_read_every_time():
    before = public_cache_version()
    cache.incr(VERSION_KEY)

    assert public_cache_version() == before + 1


def counter():
    """Return a function that returns 1, 2, 3… on its calls."""
    calls = []

    def compute():
        calls.append(None)
        return len(calls)

    return compute


def test_public_data_kept_until_bump(settings, django_capture_on_commit_callbacks):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 60
    compute = counter()

    first = public_data("angka", compute, "a")
    again = public_data("angka", compute, "a")
    other_key = public_data("angka", compute, "b")
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    after_bump = public_data("angka", compute, "a")

    assert first == 1
    assert again == 1
    assert other_key == 2
    assert after_bump == 3


def test_public_data_off_computes_every_time(settings):
    settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS = 0
    compute = counter()

    assert public_data("angka", compute) == 1
    assert public_data("angka", compute) == 2


def test_bumps_in_one_transaction_count_once(django_capture_on_commit_callbacks):
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            public_cache_bump()
            public_cache_bump()

    assert len(callbacks) == 1
    assert public_cache_version() == before + 1


def test_bumps_in_separate_blocks_each_count(django_capture_on_commit_callbacks):
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            public_cache_bump()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            public_cache_bump()

    assert public_cache_version() == before + 2


def test_forward_invalidates_public_pages(competition, django_capture_on_commit_callbacks):
    innovation = InnovationFactory(competition=competition, complete=True, submitted=True)
    coordinator = UserFactory(coordinator=True, agency=innovation.agency)
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_forward(user=coordinator, innovation=innovation)

    assert public_cache_version() == before + 1


def test_draft_save_keeps_public_pages(competition, django_capture_on_commit_callbacks):
    innovation = InnovationFactory(competition=competition, complete=True)
    operator = UserFactory(work_unit=innovation.work_unit)
    section = competition.sections.order_by("position").first()
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        services.innovation_update(
            user=operator,
            innovation=innovation,
            version=innovation.version,
            title=innovation.title,
            category=innovation.category,
            started_on=innovation.started_on,
            video_url="",
            answers={section.pk: "Teks baru dari operator."},
        )

    assert public_cache_version() == before


def test_admin_change_invalidates_public_pages(competition, django_capture_on_commit_callbacks):
    admin_user = UserFactory(admin=True)
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        LogEntry.objects.log_actions(
            user_id=admin_user.pk, queryset=[competition], action_flag=CHANGE, change_message="Ubah nama"
        )

    assert public_cache_version() == before + 1


def test_creating_a_competition_invalidates_public_pages(django_capture_on_commit_callbacks):
    before = public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.competition_create(
            year=2031,
            name="Kompetisi Inovasi Pelayanan Publik 2031",
            submission_opens_on=datetime.date(2031, 1, 6),
            submission_closes_on=datetime.date(2031, 3, 31),
        )

    assert public_cache_version() == before + 1


@pytest.fixture
def unit_with_coordinator(db):
    agency = AgencyFactory()
    unit = WorkUnitFactory(agency=agency, name="Dinas Kesehatan", abbreviation="Dinkes", code="001")
    return unit, UserFactory(coordinator=True, agency=agency)


@pytest.mark.parametrize(
    ("changes", "bumps"),
    [
        ({"name": "Dinas Kesehatan dan KB", "abbreviation": "Dinkes", "code": "001"}, 1),
        ({"name": "Dinas Kesehatan", "abbreviation": "DKK", "code": "001"}, 1),
        ({"name": "Dinas Kesehatan", "abbreviation": "Dinkes", "code": "002"}, 0),
    ],
)
def test_unit_rename_invalidates_public_pages(
    unit_with_coordinator, changes, bumps, django_capture_on_commit_callbacks
):
    unit, coordinator = unit_with_coordinator
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        workunit_update(actor=coordinator, work_unit=unit, **changes)

    assert public_cache_version() == before + bumps


def test_import_renaming_units_invalidates_once(unit_with_coordinator, django_capture_on_commit_callbacks):
    unit, coordinator = unit_with_coordinator
    other = WorkUnitFactory(agency=unit.agency, name="Dinas Pendidikan", abbreviation="Disdik", code="002")
    rows = [
        {"unit_id": unit.pk, "name": "Dinas Kesehatan Kota", "abbreviation": "", "code": ""},
        {"unit_id": other.pk, "name": "Dinas Pendidikan Kota", "abbreviation": "", "code": ""},
    ]
    before = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workunit_import(actor=coordinator, agency=unit.agency, rows=rows)

    assert len(callbacks) == 1
    assert public_cache_version() == before + 1


@pytest.fixture
def trusted_version(settings, monkeypatch):
    """Let each process trust the version it read for 60 s of a clock that the test moves."""
    settings.SINOVIK_PUBLIC_VERSION_CHECK_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(sinovik.cache, "_clock", lambda: now[0])
    monkeypatch.setattr(sinovik.cache, "_process_version", (None, 0.0))
    sinovik.cache.local_pages.clear()
    yield now
    sinovik.cache.local_pages.clear()


def test_trusted_version_serves_local_page(page_cache, trusted_version, competition, monkeypatch):
    InnovationFactory(competition=competition, forwarded=True)
    Client().get(LIST_URL)
    counting = CountingCache(sinovik.cache.cache)
    monkeypatch.setattr(sinovik.cache, "cache", counting)

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(LIST_URL)

    assert "Layanan Antrean Daring" in response.content.decode()
    assert counting.calls == []
    assert len(queries) == 0


def test_other_server_bump_seen_after_interval(page_cache, trusted_version, competition):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    Client().get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)
    cache.incr(VERSION_KEY)  # another server publishes

    within_interval = Client().get(LIST_URL)
    trusted_version[0] += 60
    after_interval = Client().get(LIST_URL)

    assert "Antrean Puskesmas Daring" in within_interval.content.decode()
    assert "Jemput Bola Akta Kelahiran" not in within_interval.content.decode()
    assert "Jemput Bola Akta Kelahiran" in after_interval.content.decode()


def test_bump_in_this_process_seen_at_once(
    page_cache, trusted_version, competition, django_capture_on_commit_callbacks
):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    Client().get(LIST_URL)
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)

    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    response = Client().get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" in response.content.decode()


def test_local_page_store_bounded_by_size():
    store = MemoryStore(limit=10, weigh=lambda page: len(page[3]))
    store.put("a", (1, 200, [], b"12345"))
    store.put("b", (1, 200, [], b"12345"))
    store.get("a")
    store.put("c", (1, 200, [], b"123"))
    store.put("too-big", (1, 200, [], b"12345678901"))

    assert store.get("b") is None
    assert store.get("a") == (1, 200, [], b"12345")
    assert store.get("c") == (1, 200, [], b"123")
    assert store.get("too-big") is None


def test_steady_traffic_still_rereads_version(page_cache, trusted_version, competition):
    InnovationFactory(competition=competition, title="Antrean Puskesmas Daring", forwarded=True)
    Client().get(LIST_URL)  # reads the version at 1000 s
    InnovationFactory(competition=competition, title="Jemput Bola Akta Kelahiran", forwarded=True)
    cache.incr(VERSION_KEY)  # another server publishes

    trusted_version[0] += 30
    at_30_seconds = Client().get(LIST_URL)
    trusted_version[0] += 29
    at_59_seconds = Client().get(LIST_URL)
    trusted_version[0] += 2
    at_61_seconds = Client().get(LIST_URL)

    assert "Jemput Bola Akta Kelahiran" not in at_30_seconds.content.decode()
    assert "Jemput Bola Akta Kelahiran" not in at_59_seconds.content.decode()
    assert "Jemput Bola Akta Kelahiran" in at_61_seconds.content.decode()
