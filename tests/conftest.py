import copy
import uuid

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import CompetitionFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Store each test's uploads in its own folder, so tests can check what is left."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def english(settings):
    """Run in English, so that tests compare messages with their message ids.

    Requests without an Accept-Language header fall back to LANGUAGE_CODE,
    which is Indonesian in production.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Give each test its own key prefix in the shared Redis cache.

    Rate-limit counters and other cached values then start empty in every
    test, without flushing a database that parallel test runs also use.
    """
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"sinovik-test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    return caches["default"]


@pytest.fixture
def stored_files(media_root):
    """Return a function that lists the stored files, relative to MEDIA_ROOT."""

    def list_files():
        return sorted(
            path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file()
        )

    return list_files


@pytest.fixture
def login(db):
    """Return a function that gives a test client signed in as a user."""

    def signed_in_client(user):
        client = Client()
        client.force_login(user)
        return client

    return signed_in_client


@pytest.fixture
def competition(db):
    return CompetitionFactory()


@pytest.fixture
def operator(db):
    return UserFactory()
