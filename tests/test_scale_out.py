"""Two application servers behind one address: nothing a user does may depend on which one serves a request.

Both gunicorn servers run the production settings (DEBUG off) against the
test database, keep sessions in one Redis database and uploads in one media
folder, as servers behind a load balancer share Redis and object storage.
"""
import hashlib
import os
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench.client import Session
from bench.server import GunicornServer, collect_static
from innovations.models import Attachment
from tests.factories import InnovationFactory, UserFactory

# The servers are separate processes, so the test's rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "sandi-uji-dua-server"
# Redis database of this test's servers; the test suite's own cache uses 3.
SERVER_REDIS_URL = "redis://127.0.0.1:6379/5"


def database_url():
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def server_environment(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "SESSION_", "SINOVIK_", "STORAGE_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "sinovik.settings",
            "DEBUG": "off",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            # A key prefix of its own keeps parallel runs of this test apart.
            "CACHE_URL": f"{SERVER_REDIS_URL}?key_prefix=scale-out-{uuid.uuid4().hex}",
            "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            # Plain HTTP on the loopback address: no TLS, so no Secure cookies.
            "SESSION_COOKIE_SECURE": "off",
            "CSRF_COOKIE_SECURE": "off",
            "LOG_LEVEL": "WARNING",
        }
    )
    collect_static(environment, tmp_path / "static")
    return environment


def test_session_and_upload_work_across_two_servers(server_environment, tmp_path):
    innovation = InnovationFactory(title="Antrean Puskesmas Dua Server")
    operator = UserFactory(work_unit=innovation.work_unit, position="Staf Pelaksana", phone="081200000001")
    # The servers use the production hashers; the test settings hash with MD5.
    operator.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    operator.save(update_fields=["password"])
    document = tmp_path / "laporan.pdf"
    content = b"%PDF-1.4\n" + b"dua server " * 30_000 + b"\n%%EOF\n"
    document.write_bytes(content)
    edit_path = f"/ruang-kerja/inovasi/{innovation.pk}/"

    with (
        GunicornServer(server_environment, workers=1, log_path=tmp_path / "a.log") as server_a,
        GunicornServer(server_environment, workers=1, log_path=tmp_path / "b.log") as server_b,
    ):
        browser = Session("127.0.0.1", server_a.port)
        browser.sign_in(operator.username, PASSWORD)

        browser.port = server_b.port
        dashboard_on_b = browser.get("/ruang-kerja/")
        edit_page_on_b = browser.get(edit_path)

        browser.port = server_a.port
        upload_on_a = browser.post_multipart(
            f"{edit_path}lampiran/",
            {"kind": "document", "csrfmiddlewaretoken": edit_page_on_b.csrf_token()},
            "file",
            "laporan.pdf",
            "application/pdf",
            document,
        )
        attachment = Attachment.objects.get(innovation=innovation)

        browser.port = server_b.port
        download_on_b = browser.get(attachment.get_absolute_url())
        anonymous_on_b = Session("127.0.0.1", server_b.port).get(attachment.get_absolute_url())

    assert dashboard_on_b.status == 200
    assert "Antrean Puskesmas Dua Server" in dashboard_on_b.text
    assert operator.username in dashboard_on_b.text
    assert edit_page_on_b.status == 200
    assert upload_on_a.status == 302
    assert upload_on_a.location.endswith(edit_path)
    assert attachment.checksum == hashlib.sha256(content).hexdigest()
    assert download_on_b.status == 200
    assert download_on_b.body == content
    # The entry is a draft: its file is not for anonymous visitors.
    assert anonymous_on_b.status == 404
