"""The layout around every page: its parts kept per process, the parts rendered per visitor, and the language switch."""
import re

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.test import Client
from django.urls import reverse

from portal.templatetags.layout_parts import kept_parts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<input name="next" type="hidden" value="([^"]*)">')
SIGN_IN_LINK = f'<a class="nav-link" href="{reverse("account_login")}">'
SET_LANGUAGE = reverse("set_language")
LANGUAGE_COOKIE = django_settings.LANGUAGE_COOKIE_NAME


def in_language(language):
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = language
    return client


def test_language_form_returns_to_each_page():
    list_page = Client().get(reverse("public:innovation_list"), {"tahun": "2024"})
    help_page = Client().get(reverse("portal:help"))

    assert NEXT.findall(list_page.content.decode()) == ["/inovasi/?tahun=2024"]
    assert NEXT.findall(help_page.content.decode()) == ["/bantuan/"]
    for page in (list_page, help_page):
        text = page.content.decode()
        start = text.index(f'<form action="{SET_LANGUAGE}"')
        form = text[start : text.index("</form>", start)]
        assert '<select name="language" id="pilih-bahasa"' in form
        # The switch is checked without a token, so a public page gives an
        # anonymous visitor no CSRF cookie and is the same for everyone.
        assert "csrfmiddlewaretoken" not in text
        assert page.cookies == {}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "http://testserver"},
    ],
    ids=["program", "own-page", "typed-address", "older-browser"],
)
def test_language_switch_from_own_site(headers):
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.post(SET_LANGUAGE, {"language": "en", "next": "/bantuan/"}, **headers)

    assert response.status_code == 302
    assert response["Location"] == "/bantuan/"
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    assert "Help" in visitor.get("/bantuan/").content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://jahat.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://sub.testserver"},
        # Sec-Fetch-Site decides when both are sent.
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "https://jahat.example"},
        {"HTTP_ORIGIN": "null"},
    ],
    ids=["cross-site", "same-site", "cross-site-own-origin", "foreign-origin", "opaque-origin"],
)
def test_language_switch_rejected_from_other_sites(headers):
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.post(SET_LANGUAGE, {"language": "en", "next": "/bantuan/"}, **headers)

    assert response.status_code == 403
    assert LANGUAGE_COOKIE not in response.cookies
    assert "Form not accepted" in response.content.decode()
    assert LANGUAGE_COOKIE not in visitor.cookies


def test_language_switch_accepts_a_trusted_origin(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://sinovik.example.go.id"]

    response = Client().post(SET_LANGUAGE, {"language": "en"}, HTTP_ORIGIN="https://sinovik.example.go.id")

    assert response.status_code == 302
    assert response.cookies[LANGUAGE_COOKIE].value == "en"


def test_rejected_form_page_translated():
    # Other forms keep their CSRF token, and a missing one gets the portal's own page.
    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "operator", "password": "x"})

    text = response.content.decode()
    assert response.status_code == 403
    assert "Form not accepted" in text
    assert "Your browser did not send this site's cookies." in text


def test_main_menu_follows_sign_in(login):
    operator = UserFactory(full_name="Sri Wahyuni")
    anonymous = Client().get(reverse("portal:help")).content.decode()
    signed_in = login(operator).get(reverse("portal:help")).content.decode()
    anonymous_again = Client().get(reverse("portal:help")).content.decode()

    assert SIGN_IN_LINK in anonymous
    assert SIGN_IN_LINK not in signed_in
    assert "Sri Wahyuni" in signed_in
    assert SIGN_IN_LINK in anonymous_again
    assert "Sri Wahyuni" not in anonymous_again


def test_layout_kept_per_language():
    english = in_language("en").get(reverse("portal:help")).content.decode()
    indonesian = in_language("id").get(reverse("portal:help")).content.decode()
    english_again = in_language("en").get(reverse("portal:help")).content.decode()

    assert SIGN_IN_LINK + "Sign in</a>" in english_again
    assert SIGN_IN_LINK + "Masuk</a>" in indonesian
    assert '<label for="pilih-bahasa" class="form-label mb-0">Language</label>' in english_again
    assert '<label for="pilih-bahasa" class="form-label mb-0">Bahasa</label>' in indonesian
    assert "Masuk</a>" not in english_again
    assert english == english_again
    assert ("main_menu", "en", False) in kept_parts
    assert ("main_menu", "id", False) in kept_parts


def test_fixed_part_kept_only_when_set(settings):
    probe = engines["django"].from_string(
        "{% load layout_parts %}{% fixed_part probe word %}<b>{{ word }}</b>{% endfixed_part %}"
    )
    for word in ("satu", "dua"):
        kept_parts.pop(("probe", word), None)

    settings.SINOVIK_LAYOUT_PARTS_KEPT = False
    afresh = probe.render({"word": "satu"})
    stored_while_off = ("probe", "satu") in kept_parts
    settings.SINOVIK_LAYOUT_PARTS_KEPT = True
    first = probe.render({"word": "satu"})
    other = probe.render({"word": "dua"})
    # A kept part is served as kept, without rendering its template again.
    kept_parts[("probe", "satu")] = "<i>kept</i>"
    again = probe.render({"word": "satu"})
    for word in ("satu", "dua"):
        kept_parts.pop(("probe", word))

    assert afresh == first == "<b>satu</b>"
    assert stored_while_off is False
    assert other == "<b>dua</b>"
    assert again == "<i>kept</i>"
