"""Settings read from the environment by a production process.

Each case starts a fresh Python process, because the settings module reads
the environment once, when it is imported.
"""
import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_STORAGE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "storage_class": type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "acl": getattr(default_storage, "default_acl", None),
    "session_engine": settings.SESSION_ENGINE,
    "page_cache_seconds": settings.SINOVIK_PUBLIC_PAGE_CACHE_SECONDS,
    "layout_parts_kept": settings.SINOVIK_LAYOUT_PARTS_KEPT,
}))
"""


def run_settings(extra_env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "STORAGE_", "SESSION_", "SINOVIK_", "DJANGO_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "sinovik.settings",
            "DEBUG": "off",
            "SECRET_KEY": "test-only-secret-key-for-a-settings-check",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_storage_defaults_to_local_files():
    result = run_settings({})

    values = json.loads(result.stdout)
    assert values["backend"] == "django.core.files.storage.FileSystemStorage"
    assert values["session_engine"] == "django.contrib.sessions.backends.db"
    assert values["page_cache_seconds"] == 300
    assert values["layout_parts_kept"] is True


def test_layout_rendered_afresh_in_development():
    result = run_settings({"DEBUG": "on"})

    values = json.loads(result.stdout)
    assert values["layout_parts_kept"] is False


def test_storage_switches_to_s3_object_store():
    result = run_settings(
        {
            "STORAGE_BACKEND": "s3",
            "S3_BUCKET_NAME": "sinovik-berkas",
            "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
        }
    )

    values = json.loads(result.stdout)
    assert values["backend"] == "storages.backends.s3.S3Storage"
    assert values["storage_class"] == "S3Storage"
    assert values["bucket"] == "sinovik-berkas"
    assert values["endpoint"] == "http://127.0.0.1:9000"
    assert values["acl"] == "private"
    assert values["session_engine"] == "django.contrib.sessions.backends.cache"


def test_storage_s3_without_bucket_refuses_to_start():
    result = run_settings({"STORAGE_BACKEND": "s3"})

    assert result.returncode != 0
    assert "S3_BUCKET_NAME" in result.stderr


def test_storage_unknown_backend_refuses_to_start():
    result = run_settings({"STORAGE_BACKEND": "ftp"})

    assert result.returncode != 0
    assert "STORAGE_BACKEND is 'ftp'. Set it to 'filesystem' (the default) or 's3'." in result.stderr
