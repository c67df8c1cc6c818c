"""
Settings of the SiNovik portal.

Every value that differs between machines is read from the environment (or
from a ``.env`` file in the project folder). With no environment at all the
portal runs in development mode on an SQLite file, which is what the README's
demo command uses. Production sets ``DEBUG=off`` and must then provide
``SECRET_KEY``; without it the process refuses to start.
"""
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=True)

# A development key is only acceptable while DEBUG is on: sessions, password
# reset links and CSRF tokens signed with a published key can be forged.
_DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production-use"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing. Set the SECRET_KEY environment variable "
            "to a long random string before starting with DEBUG off."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "accounts",
    "innovations",
    "judging",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinovik.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Serves anonymous visitors' public pages from the shared cache; off
    # when SINOVIK_PUBLIC_PAGE_CACHE_SECONDS is 0 (see sinovik.cache).
    "sinovik.cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.FirstSignInMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # Records the signed-in user as the author of each proposal version.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "sinovik.urls"
WSGI_APPLICATION = "sinovik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

# SQLite is only the zero-setup default for trying the portal on one machine;
# tests, CI and production use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in rate limits are counted in the cache, so every worker process must
# share it: Redis through CACHE_URL (redis://host:6379/0), else PostgreSQL's
# cache table (create it once with `python manage.py createcachetable`). A
# per-process memory cache would let each worker count on its own, so it is
# only used in development.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
    # django-environ maps redis:// to the django-redis package; Django's own
    # Redis backend does the same job with only the redis client installed.
    if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sinovik_cache",
        }
    }

# The parts of the layout that depend only on the code, the language and
# whether the visitor is signed in (the main menu, the footer, the addresses
# of the style sheets and scripts) are rendered once per process by the
# {% fixed_part %} tag (portal/templatetags/layout_parts.py). They change only
# with a deployment, which restarts the processes. With DEBUG on they are
# rendered every time, so template edits show at once.
SINOVIK_LAYOUT_PARTS_KEPT = not DEBUG

# --- Accounts and sign-in ---------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.PortalWordsValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "workspace:dashboard"

# Accounts are issued down the hierarchy (admin, coordinator, operator), so
# sign-up is closed in the adapter and people sign in with a username.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "public:home"
ACCOUNT_SESSION_REMEMBER = None
# Sign-in and password reset respond the same way whether or not an account exists,
# and no mail goes to addresses without an active account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's defaults, stated here because the tests rely on them: five failed
# sign-ins per username in five minutes, ten per address a minute.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy every request comes from the proxy's address, so
# the per-address limits above would count all users together. Set this to
# the number of proxies in front of the portal that append to
# X-Forwarded-For (1 for one nginx). Leave it 0 without a proxy, because
# clients can forge the header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)

# Two-factor sign-in: an authenticator app (TOTP) plus recovery codes.
# accounts.middleware requires it of admins and judges.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SiNovik"

# A batch of issued credentials (with its plaintext passwords) stays in the
# cache this many seconds at most, for the slips page and the CSV download.
SINOVIK_CREDENTIAL_BATCH_SECONDS = env.int("SINOVIK_CREDENTIAL_BATCH_SECONDS", default=30 * 60)
# Accounts hashed per request while a batch is issued. PBKDF2 at Django 5.2's
# 1,000,000 iterations took 0.37 to 0.68 s per password on a busy 2-core AMD
# EPYC test machine, so a chunk of 10 keeps each request under about 7 s.
SINOVIK_ISSUE_CHUNK_SIZE = env.int("SINOVIK_ISSUE_CHUNK_SIZE", default=10)
# Address printed on credential slips.
SINOVIK_PORTAL_URL = env.str("SINOVIK_PORTAL_URL", default="http://127.0.0.1:8000/")

# Anonymous visitors' public pages are kept this many seconds in the shared
# cache (0 turns the cache off). Publishing an entry, a result or an
# announcement invalidates them at once. The lifetime only bounds how stale
# time-dependent text such as a deadline countdown may get.
SINOVIK_PUBLIC_PAGE_CACHE_SECONDS = env.int(
    "SINOVIK_PUBLIC_PAGE_CACHE_SECONDS", default=0 if DEBUG else 300
)
# Figures and filter options computed from public entries (counts, years,
# provinces, statistics) are kept this long in the shared cache. They serve
# signed-in visitors and freshly rendered pages too, and the same
# publications invalidate them. 0 turns this off.
SINOVIK_PUBLIC_DATA_CACHE_SECONDS = env.int(
    "SINOVIK_PUBLIC_DATA_CACHE_SECONDS", default=0 if DEBUG else 3600
)
# Each worker trusts the version of the public cache it read from Redis for
# this many seconds, and meanwhile serves the pages it keeps in its own
# memory without asking Redis. A publication handled by another worker
# therefore reaches this worker's anonymous visitors within this time (at
# once in the worker that handled it). 0 reads the version on every request.
SINOVIK_PUBLIC_VERSION_CHECK_SECONDS = env.float(
    "SINOVIK_PUBLIC_VERSION_CHECK_SECONDS", default=0 if DEBUG else 1
)

# Sessions in the database by default. Several application servers behind
# one load balancer may instead keep them in the shared Redis cache with
# SESSION_ENGINE=django.contrib.sessions.backends.cache (or .cached_db).
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form gets a page in the visitor's language.
CSRF_FAILURE_VIEW = "sinovik.views.csrf_failure"

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Indonesian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True

# Deadlines are announced and enforced in Western Indonesian Time (WIB).
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# --- Static files and uploads -----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Uploaded files are never served from a public URL: the portal streams each
# one through a view that checks who may see it (see innovations.views).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# STORAGE_BACKEND=s3 keeps uploads in an S3-compatible object store through
# django-storages, so that every application server sees the same files. The
# bucket stays private: downloads still pass the portal's permission check.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET_NAME"),
            # Empty values leave boto3 to its own defaults (AWS endpoints,
            # credentials from the instance role or ~/.aws).
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION_NAME", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND is {STORAGE_BACKEND!r}. Set it to 'filesystem' (the default) or 's3'."
    )

# A path such as /protected-media/ hands each permitted download of a
# locally stored file to the reverse proxy (nginx's X-Accel-Redirect to this
# prefix plus the file's storage name) instead of streaming it through a
# Python worker. Empty: the worker streams the file. See docs/deploy.md.
SINOVIK_MEDIA_ACCEL_REDIRECT_PREFIX = env.str("SINOVIK_MEDIA_ACCEL_REDIRECT_PREFIX", default="")

# Form data (files excluded) larger than this is rejected. Uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory, and
# the services check the per-file limits below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
SINOVIK_MAX_PHOTO_BYTES = env.int("SINOVIK_MAX_PHOTO_BYTES", default=5 * 1024 * 1024)
SINOVIK_MAX_DOCUMENT_BYTES = env.int(
    "SINOVIK_MAX_DOCUMENT_BYTES", default=20 * 1024 * 1024
)
# Pillow refuses images above this many pixels, which stops decompression
# bombs (a small file that claims a huge canvas).
SINOVIK_MAX_IMAGE_PIXELS = 40_000_000
# Total size of all files attached to one entry.
SINOVIK_MAX_ENTRY_BYTES = env.int("SINOVIK_MAX_ENTRY_BYTES", default=60 * 1024 * 1024)
# Maximum width and height of the thumbnails made of uploaded photos, in pixels.
SINOVIK_THUMBNAIL_SIZE = 480

# --- E-mail -----------------------------------------------------------------

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SiNovik <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms ------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security in production -------------------------------------------------

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
