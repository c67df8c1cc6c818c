"""
Settings for the test suite.

Tests run against PostgreSQL (the database of production) at the address in
DATABASE_URL, by default the server on 127.0.0.1:5432 with user ``postgres``.
"""
import os

os.environ.setdefault("DEBUG", "on")

from sinovik.settings import *  # noqa: E402,F403 (test settings extend the base module)
from sinovik.settings import BASE_DIR, env  # noqa: E402

DATABASES = {
    "default": env.db(
        "TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/sinovik"
    ),
}

# Fast hashing keeps the suite quick; real hashing is measured in the benchmarks.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
# Redis, as in production, so that rate limits are shared with the other
# processes a test starts. tests/conftest.py gives each test its own key prefix.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("TEST_CACHE_URL", default="redis://127.0.0.1:6379/3"),
        "KEY_PREFIX": env.str("TEST_CACHE_KEY_PREFIX", default="sinovik-test"),
    },
}
# The layout's parts are kept in each process, as in production (sinovik.settings).
SINOVIK_LAYOUT_PARTS_KEPT = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise looks for STATIC_ROOT at start-up, which only exists after
# collectstatic; the tests serve static files from the app folders instead.
WHITENOISE_AUTOREFRESH = True
