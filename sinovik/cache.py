"""The shared cache of public pages served to anonymous visitors, and of public figures.

Every application server stores rendered public pages in the default cache
(Redis in production), each with the version number, kept in the same
cache, under which it was rendered. Publishing anything that changes what
the public sees calls ``public_cache_bump()``, which raises the version.
Each worker reads the version at most once per request and trusts it for
``SINOVIK_PUBLIC_VERSION_CHECK_SECONDS``, serving meanwhile the pages it
keeps in its own memory. After that interval (at once in the worker that
bumped) it renders each page again on its next request and replaces the
stored one. Figures computed from public data are stored under keys that
contain the version, so the old ones expire on their own. Pages also
expire after ``SINOVIK_PUBLIC_PAGE_CACHE_SECONDS``, which bounds how stale
a time-dependent part of a page (such as "submission closes in 3 days")
can get. Below the page cache, each worker keeps in its own memory the parts
of public pages that are the same for every visitor, under the same version
(``public_content()``).
"""
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
PAGE_KEY_PREFIX = "public-pages:page"
DATA_KEY_PREFIX = "public-pages:data"
# Paths of signed-in work, sign-in forms and language switching: never cached.
EXCLUDED_PATH_PREFIXES = ("/ruang-kerja/", "/akun/", "/admin/", "/bahasa/")


# The version read during the current request. A page needs it several
# times (the page cache, each public figure, each card), and one read from
# the shared cache per request is enough. Outside requests every call reads
# afresh, unless the process's own copy below is recent enough.
_request_state = threading.local()
# The version this process last read from the shared cache, and when
# (time.monotonic()). It is trusted for SINOVIK_PUBLIC_VERSION_CHECK_SECONDS.
# A publication in another process reaches this one within that time, and
# one in this process at once.
_process_version = (None, 0.0)
_clock = time.monotonic


def _trusted_version():
    """Return the version this process read recently enough, or None."""
    version, read_at = _process_version
    if version is None or _clock() - read_at >= settings.SINOVIK_PUBLIC_VERSION_CHECK_SECONDS:
        return None
    return version


def _use_for_request(version):
    if getattr(_request_state, "active", False):
        _request_state.version = version


def _remember_version(version):
    """Keep a version just read from the shared cache, for this request and this process."""
    global _process_version
    # Only a read from Redis restarts the interval: a version reused from
    # this process's copy must not extend its own trust under steady traffic.
    _process_version = (version, _clock())
    _use_for_request(version)


def _request_started(**kwargs):
    _request_state.active = True
    _request_state.version = None


def _request_finished(**kwargs):
    _request_state.active = False
    _request_state.version = None


request_started.connect(_request_started, dispatch_uid="sinovik-public-cache-request-started")
request_finished.connect(_request_finished, dispatch_uid="sinovik-public-cache-request-finished")


def public_cache_version():
    """Return the current version of the public page cache."""
    if getattr(_request_state, "active", False) and _request_state.version is not None:
        return _request_state.version
    version = _trusted_version()
    if version is not None:
        _use_for_request(version)
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() leaves a version that another process set first in place.
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    _remember_version(version)
    return version


def _fresh_version():
    """Return a version no earlier cache used: the microseconds since 1970.

    Redis keeps nothing on disk, so after a restart the version starts
    again. Processes keep rendered cards in memory under the version
    (innovations.cards), and a restart must not bring an old number back.
    """
    return time.time_ns() // 1000


def _bump_now():
    global _process_version
    _request_state.version = None
    _process_version = (None, 0.0)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # No version stored (a fresh or restarted cache): a new number is
        # unknown to every page and card stored before.
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
    logger.info("Public page cache invalidated")


def public_cache_bump():
    """Make every server render public pages afresh once the current transaction commits.

    Called by the services that change what the public sees: an entry
    becoming public or leaving the public database, a result or an
    announcement being published. Outside a transaction it takes effect at
    once; within one, several calls make one bump.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # run_on_commit is Django's internal list of (savepoint ids, callback,
        # robust) tuples, read here only to skip a second bump registered in
        # the same atomic block.
        savepoints = set(connection.savepoint_ids)
        if any(entry[1] is _bump_now and set(entry[0]) == savepoints for entry in connection.run_on_commit):
            return
    transaction.on_commit(_bump_now)


def public_data_kept():
    """Return whether public data and what is rendered from it are kept (SINOVIK_PUBLIC_DATA_CACHE_SECONDS above 0)."""
    return settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS > 0


def rendered_key(*parts):
    """Return the key of HTML rendered from public data: the public cache version, the language, then ``parts``."""
    return (public_cache_version(), translation.get_language(), *parts)


def public_data(name, compute, *parts):
    """Return compute()'s result, kept in the shared cache until the next public_cache_bump().

    For figures and lists derived only from public data (facet options,
    counts, statistics), which change only when something is published.
    ``parts`` (filter values, for example) become part of the key. With
    SINOVIK_PUBLIC_DATA_CACHE_SECONDS at 0 (development and tests) every
    call computes afresh. The result must be picklable: evaluate querysets.
    """
    if not public_data_kept():
        return compute()
    suffix = hashlib.sha256(repr(parts).encode()).hexdigest()[:32] if parts else "-"
    key = f"{DATA_KEY_PREFIX}:{public_cache_version()}:{name}:{suffix}"
    return cache.get_or_set(key, compute, settings.SINOVIK_PUBLIC_DATA_CACHE_SECONDS)


def bump_after_admin_change(sender, instance, created, **kwargs):
    """Invalidate the public pages after a change in the admin site, which logs each one as a LogEntry.

    Admin changes are rare, so every one invalidates: an edited entry,
    competition, agency or stage can show on any public page. Connected in
    portal.apps.

    NOTE: an admin action on several objects at once (such as deleting
    them) logs them with bulk_create, which sends no signal. Its effect
    shows only when the cached pages expire (SINOVIK_PUBLIC_PAGE_CACHE_SECONDS).
    """
    if created:
        public_cache_bump()


def _is_cacheable_request(request):
    if request.method != "GET":
        return False
    if request.path.startswith(EXCLUDED_PATH_PREFIXES):
        return False
    # Visitors with a session may be signed in, and visitors with a pending
    # message must see it: both get a freshly rendered page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if "messages" in request.COOKIES:
        return False
    return True


def _page_key(request):
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    digest = hashlib.sha256(address).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{translation.get_language()}:{digest}"


def _storable_content(request, response):
    """Return the response's body, or None if it must not be stored."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return None
    # get_token() sets this flag: the page contains a CSRF token made for this
    # visitor alone. Public pages have no such form, because the footer's
    # language switch is checked without a token (sinovik.views.set_language).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    return response.content


class MemoryStore:
    """A bounded store in this process's memory that evicts the least recently used values first.

    ``limit`` bounds the sum of the values' weights; ``weigh(value)`` gives
    a value's weight, 1 by default, so that the limit counts values. A value
    heavier than the limit is not stored.
    """

    def __init__(self, limit, weigh=None):
        self.limit = limit
        self.weigh = weigh or (lambda value: 1)
        self._values = OrderedDict()
        self._weight = 0
        # gunicorn's threaded workers serve several requests at once.
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value):
        weight = self.weigh(value)
        if weight > self.limit:
            return
        with self._lock:
            previous = self._values.pop(key, None)
            if previous is not None:
                self._weight -= self.weigh(previous)
            self._values[key] = value
            self._weight += weight
            while self._weight > self.limit:
                _, evicted = self._values.popitem(last=False)
                self._weight -= self.weigh(evicted)

    def clear(self):
        with self._lock:
            self._values.clear()
            self._weight = 0

    def __len__(self):
        return len(self._values)


# The pages this process served lately, each with the version it was
# rendered under, up to 16 MB of HTML (some 800 pages of 20 kB). A hit here
# costs no round trip to Redis, and a page is served only while its version
# is the one this process trusts.
local_pages = MemoryStore(limit=16 * 1024 * 1024, weigh=lambda page: len(page[3]))


def _content_weight(parts):
    return sum(len(value) for value in parts.values() if isinstance(value, str))


# The parts of public pages that are the same for every visitor of a
# language (an entry's text, a page of the list with its filter form), as
# this process rendered them. They take up to 32 MB, an estimated 1,500
# entry pages of 20 kB.
local_content = MemoryStore(limit=32 * 1024 * 1024, weigh=_content_weight)


def public_content(name, render, *parts):
    """Return render()'s dict of rendered strings, kept in this process's memory until the next publication.

    For what a public page shows everyone alike: render() must use public
    data only and no request, user or session, so that the strings suit
    every visitor who reads the current language. ``parts`` (a slug,
    filter values, a page number) name what else they depend on. An
    exception from render(), such as Http404, passes through and nothing
    is stored. The layout around the strings (the user's menu, messages,
    the language form's return address) is still rendered per request.
    With SINOVIK_PUBLIC_DATA_CACHE_SECONDS at 0 every call renders afresh.
    """
    if not public_data_kept():
        return render()
    key = rendered_key(name, *parts)
    stored = local_content.get(key)
    if stored is None:
        stored = render()
        local_content.put(key, stored)
    return stored


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the shared cache.

    Place it after the locale middleware, whose language is part of the key.
    A page containing a CSRF token is never stored, since the token is the
    visitor's own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.SINOVIK_PUBLIC_PAGE_CACHE_SECONDS
        if self.timeout <= 0:
            raise MiddlewareNotUsed

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)

        key = _page_key(request)
        # A page this process served lately, under the version it trusts,
        # needs no round trip at all.
        version = _trusted_version()
        if version is not None:
            stored = local_pages.get(key)
            if stored is not None and stored[0] == version:
                _use_for_request(version)
                return self._from_cache(request, stored)

        # Otherwise the version and the page come in one round trip to Redis.
        # A page stored under an older version is rendered again and replaced.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = public_cache_version()
        else:
            _remember_version(version)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            local_pages.put(key, stored)
            return self._from_cache(request, stored)

        response = self.get_response(request)
        content = _storable_content(request, response)
        if content is not None:
            # Stored with the version read before the view ran, so a page
            # rendered from data older than a concurrent bump is stale at once.
            headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
            stored = (version, response.status_code, headers, content)
            cache.set(key, stored, self.timeout)
            local_pages.put(key, stored)
        return response

    def _from_cache(self, request, stored):
        _, status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        # The page differs for signed-in visitors, as a rendered one does.
        patch_vary_headers(response, ("Cookie",))
        return response
