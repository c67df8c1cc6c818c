"""Sign-in security: first sign-in, two-factor, rate limits, deactivation and password reset."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.conf import settings
from django.contrib import auth
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import ActivityAction, ActivityLog, User
from tests.factories import DEFAULT_PASSWORD, UserFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/akun/login/"
FIRST_SIGN_IN_URL = "/ruang-kerja/profil/masuk-pertama/"
PROFILE = {
    "full_name": "Rina Marlina",
    "position": "Pranata Komputer",
    "email": "rina@bengkulukota.go.id",
    "phone": "0812 7300 1122",
}


def sign_in(client, username, password):
    return client.post(LOGIN_URL, {"login": username, "password": password})


def test_fresh_account_sent_to_first_sign_in_everywhere(client):
    operator = UserFactory(fresh=True, username="dinkes.kota-bengkulu")

    response = sign_in(client, "dinkes.kota-bengkulu", DEFAULT_PASSWORD)

    assert response["Location"] == "/ruang-kerja/"
    for url in ["/ruang-kerja/", "/ruang-kerja/inovasi/baru/", "/ruang-kerja/profil/"]:
        assert client.get(url)["Location"] == FIRST_SIGN_IN_URL, url
    assert auth.get_user(client).pk == operator.pk


def test_first_sign_in_stores_profile_and_new_password(client):
    operator = UserFactory(fresh=True, username="dinkes.kota-bengkulu")
    sign_in(client, "dinkes.kota-bengkulu", DEFAULT_PASSWORD)
    new_password = "teh manis di pagi yang cerah"

    response = client.post(
        FIRST_SIGN_IN_URL, {**PROFILE, "new_password1": new_password, "new_password2": new_password}
    )

    assert response["Location"] == "/ruang-kerja/"
    operator.refresh_from_db()
    assert (operator.full_name, operator.position, operator.email, operator.phone) == tuple(PROFILE.values())
    assert not operator.must_change_password
    assert operator.check_password(new_password)
    assert not operator.check_password(DEFAULT_PASSWORD)
    assert client.get("/ruang-kerja/").status_code == 200
    entry = ActivityLog.objects.get(action=ActivityAction.PROFILE_COMPLETED)
    assert entry.target_user == operator
    assert new_password not in str(entry.details)


def test_first_sign_in_rejects_slip_password_and_unit_words(client):
    unit = WorkUnitFactory(name="Dinas Kesehatan", abbreviation="Dinkes")
    UserFactory(fresh=True, username="dinkes.kota", work_unit=unit)
    sign_in(client, "dinkes.kota", DEFAULT_PASSWORD)

    same = client.post(FIRST_SIGN_IN_URL, {**PROFILE, "new_password1": DEFAULT_PASSWORD, "new_password2": DEFAULT_PASSWORD})
    unit_word = client.post(
        FIRST_SIGN_IN_URL, {**PROFILE, "new_password1": "KesehatanKu2026!", "new_password2": "KesehatanKu2026!"}
    )

    assert same.context["form"].errors["new_password1"] == [
        "The new password is the one on the slip. Choose a password of your own."
    ]
    assert unit_word.context["form"].errors["new_password1"] == [
        "The password contains “kesehatan”, a word tied to the portal, your agency or your work unit. "
        "Choose a password without it."
    ]
    assert User.objects.get(username="dinkes.kota").must_change_password


def test_first_sign_in_phone_checked(client):
    UserFactory(fresh=True, username="dinsos")
    sign_in(client, "dinsos", DEFAULT_PASSWORD)

    response = client.post(
        FIRST_SIGN_IN_URL, {**PROFILE, "phone": "call me", "new_password1": "x", "new_password2": "x"}
    )

    assert response.context["form"].errors["phone"] == [
        "Enter a phone number of digits, spaces, “+”, “-” or brackets, e.g. 0812 3456 7890."
    ]


def test_admin_without_authenticator_sent_to_setup(login):
    admin = UserFactory(admin=True, totp=False)
    client = login(admin)

    for url in ["/ruang-kerja/", "/ruang-kerja/instansi/", "/admin/"]:
        assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url
    # allauth asks for the password again before showing the set-up page, and that page stays open.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith("/akun/reauthenticate/")
    assert response.status_code == 200


def test_judge_without_authenticator_sent_to_setup(login):
    judge = UserFactory(judge=True, totp=False)

    assert login(judge).get("/ruang-kerja/")["Location"] == reverse("mfa_activate_totp")


def test_operator_not_required_to_use_two_factor(login):
    assert login(UserFactory()).get("/ruang-kerja/").status_code == 200


def test_admin_sign_in_asks_for_totp_code(client):
    admin = UserFactory(admin=True, username="sekretariat")

    response = sign_in(client, "sekretariat", DEFAULT_PASSWORD)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not auth.get_user(client).is_authenticated
    code = hotp_value(admin.totp_secret, int(time.time()) // 30)
    response = client.post(reverse("mfa_authenticate"), {"code": f"{code:06d}"})
    assert response["Location"] == "/ruang-kerja/"
    assert auth.get_user(client).pk == admin.pk
    assert Authenticator.objects.filter(user=admin).count() == 1


def test_django_admin_sign_in_goes_through_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/akun/login/?next=%2Fadmin%2F"


def test_wrong_password_message_same_for_unknown_username(client):
    UserFactory(username="budi")

    known = sign_in(client, "budi", "bukan-sandinya-1")
    unknown = sign_in(Client(), "tidak-ada", "bukan-sandinya-1")

    assert known.context["form"].errors == unknown.context["form"].errors
    assert known.context["form"].non_field_errors() == [
        "The username and/or password you specified are not correct."
    ]


def test_failed_sign_ins_limited_per_username(client):
    UserFactory(username="budi")
    for _ in range(5):
        sign_in(Client(), "budi", "bukan-sandinya-1")

    response = sign_in(client, "budi", DEFAULT_PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]
    assert not auth.get_user(client).is_authenticated


def test_failed_sign_ins_for_unknown_username_limited_alike():
    for _ in range(5):
        sign_in(Client(), "tidak-ada", "bukan-sandinya-1")

    response = sign_in(Client(), "tidak-ada", "bukan-sandinya-1")

    assert response.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]


def test_deactivated_account_cannot_sign_in(client):
    coordinator = UserFactory(coordinator=True)
    operator = UserFactory(username="budi", work_unit=WorkUnitFactory(agency=coordinator.agency))
    services.account_deactivate(actor=coordinator, user=operator)

    response = sign_in(client, "budi", DEFAULT_PASSWORD)

    assert response.context["form"].non_field_errors() == [
        "The username and/or password you specified are not correct."
    ]
    assert not auth.get_user(client).is_authenticated


def test_deactivation_ends_open_session(client):
    coordinator = UserFactory(coordinator=True)
    operator = UserFactory(username="budi", work_unit=WorkUnitFactory(agency=coordinator.agency))
    sign_in(client, "budi", DEFAULT_PASSWORD)
    assert client.get("/ruang-kerja/").status_code == 200

    services.account_deactivate(actor=coordinator, user=operator)

    assert client.get("/ruang-kerja/")["Location"] == "/akun/login/?next=/ruang-kerja/"


def test_password_reset_same_answer_and_no_mail_for_inactive(client):
    coordinator = UserFactory(coordinator=True)
    active = UserFactory(email="aktif@contoh.go.id", work_unit=WorkUnitFactory(agency=coordinator.agency))
    inactive = UserFactory(email="nonaktif@contoh.go.id", work_unit=WorkUnitFactory(agency=coordinator.agency))
    services.account_deactivate(actor=coordinator, user=inactive)

    responses = [
        Client().post("/akun/password/reset/", {"email": address})
        for address in ["aktif@contoh.go.id", "nonaktif@contoh.go.id", "tidak-ada@contoh.go.id"]
    ]

    assert [response["Location"] for response in responses] == ["/akun/password/reset/done/"] * 3
    assert [message.to for message in mail.outbox] == [[active.email]]


def test_reset_link_of_deactivated_account_does_not_revive_it(client):
    coordinator = UserFactory(coordinator=True)
    operator = UserFactory(email="budi@contoh.go.id", work_unit=WorkUnitFactory(agency=coordinator.agency))
    client.post("/akun/password/reset/", {"email": "budi@contoh.go.id"})
    link = re.search(r"https?://[^/]+(/akun/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    services.account_deactivate(actor=coordinator, user=operator)

    response = client.get(link, follow=True)
    new_password = "teh manis di pagi yang cerah"
    client.post(response.redirect_chain[-1][0] if response.redirect_chain else link,
                {"password1": new_password, "password2": new_password})

    operator.refresh_from_db()
    assert not operator.is_active
    assert not operator.check_password(new_password)
    assert "The password reset link was invalid" in response.content.decode()


def test_settings_without_cache_url_use_database_cache_in_production():
    environment = {key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE"}}
    environment.update({"DEBUG": "off", "SECRET_KEY": "a-long-random-production-key-for-this-test-only"})
    script = "from sinovik import settings; print(settings.CACHES['default']['BACKEND'])"

    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )

    assert output.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


# --- Several workers sharing the rate-limit counters ---------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _server_sign_in(base_url, username, password):
    """Sign in through the other process as a browser would; return the final URL."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base_url + LOGIN_URL, timeout=10).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    data = urllib.parse.urlencode({"login": username, "password": password, "csrfmiddlewaretoken": token})
    with opener.open(base_url + LOGIN_URL, data=data.encode(), timeout=10) as response:
        response.read()
        return response.url


@pytest.fixture
def gunicorn_server(transactional_db, isolated_cache):
    """Run the portal in gunicorn with two worker processes, on the test database and cache."""
    port = _free_port()
    environment = dict(os.environ)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "sinovik.test_settings",
            "TEST_DATABASE_URL": _database_url(),
            "TEST_CACHE_URL": isolated_cache["LOCATION"],
            "TEST_CACHE_KEY_PREFIX": isolated_cache["KEY_PREFIX"],
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sinovik.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        connection.close()


def _same_host_client(base_url):
    # allauth keys the per-username counter by host name and username, and
    # every worker behind one load balancer sees the same host name.
    return Client(HTTP_HOST=urllib.parse.urlsplit(base_url).netloc)


def test_rate_limit_shared_by_worker_processes(gunicorn_server):
    UserFactory(username="budi")

    # Three failures in the gunicorn workers, two in this process.
    for _ in range(3):
        assert _server_sign_in(gunicorn_server, "budi", "bukan-sandinya-1").endswith(LOGIN_URL)
    for _ in range(2):
        sign_in(_same_host_client(gunicorn_server), "budi", "bukan-sandinya-1")

    # The right password is now refused in both places.
    assert _server_sign_in(gunicorn_server, "budi", DEFAULT_PASSWORD).endswith(LOGIN_URL)
    client = _same_host_client(gunicorn_server)
    response = sign_in(client, "budi", DEFAULT_PASSWORD)
    assert response.context["form"].non_field_errors() == ["Too many failed login attempts. Try again later."]
    assert not auth.get_user(client).is_authenticated


def test_other_process_signs_in_while_under_limit(gunicorn_server):
    UserFactory(username="budi")
    sign_in(_same_host_client(gunicorn_server), "budi", "bukan-sandinya-1")

    assert _server_sign_in(gunicorn_server, "budi", DEFAULT_PASSWORD).endswith("/ruang-kerja/")


def test_admin_sets_up_totp_after_sign_in(client):
    admin = UserFactory(admin=True, username="sekretariat", totp=False)

    response = sign_in(client, "sekretariat", DEFAULT_PASSWORD)
    assert response["Location"] == "/ruang-kerja/"
    assert client.get("/ruang-kerja/")["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password once more before two-factor settings change.
    reauthenticate = client.get(reverse("mfa_activate_totp"))["Location"]
    assert reauthenticate == "/akun/reauthenticate/?next=%2Fakun%2F2fa%2Ftotp%2Factivate%2F"
    client.post(reauthenticate, {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    secret = page.context["form"].secret
    code = hotp_value(secret, int(time.time()) // 30)
    response = client.post(reverse("mfa_activate_totp"), {"code": f"{code:06d}"})

    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).count() == 1
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.RECOVERY_CODES).count() == 1
    assert client.get("/ruang-kerja/").status_code == 200


def test_profile_change_logged_without_password(login):
    operator = UserFactory()
    client = login(operator)

    response = client.post(reverse("accounts:profile"), {**PROFILE, "position": operator.position, "phone": "0811 111 222"})

    assert response["Location"] == reverse("accounts:profile")
    operator.refresh_from_db()
    assert operator.phone == "0811 111 222"
    entry = ActivityLog.objects.get(action=ActivityAction.PROFILE_CHANGED)
    assert entry.details == {"fields": ["full_name", "email", "phone"]}
