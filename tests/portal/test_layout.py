"""The layout around every page: its parts kept per process, and the parts rendered per visitor."""
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import CSRF_TOKEN

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<input name="next" type="hidden" value="([^"]*)">')
SIGN_IN_LINK = f'<a class="nav-link" href="{reverse("account_login")}">'
SET_LANGUAGE = reverse("set_language")


def in_language(language):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_language_form_per_visitor():
    first_visitor, second_visitor = Client(), Client()

    list_page = first_visitor.get(reverse("public:innovation_list"), {"tahun": "2024"}).content.decode()
    help_page = second_visitor.get(reverse("portal:help")).content.decode()

    assert NEXT.findall(list_page) == ["/inovasi/?tahun=2024"]
    assert NEXT.findall(help_page) == ["/bantuan/"]
    assert len(CSRF_TOKEN.findall(list_page)) == 1
    assert len(CSRF_TOKEN.findall(help_page)) == 1
    assert CSRF_TOKEN.search(list_page).group(1) != CSRF_TOKEN.search(help_page).group(1)
    # Both pages have the whole form, although its labels were rendered once.
    for page in (list_page, help_page):
        start = page.index(f'<form action="{SET_LANGUAGE}"')
        form = page[start : page.index("</form>", start)]
        assert '<select name="language" id="pilih-bahasa"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert 'name="next"' in form


def test_language_form_switches_language():
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("portal:help")).content.decode()

    form = {"language": "id", "next": NEXT.search(page).group(1), "csrfmiddlewaretoken": CSRF_TOKEN.search(page).group(1)}
    response = visitor.post(SET_LANGUAGE, form)

    assert response.status_code == 302
    assert response["Location"] == "/bantuan/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "id"


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
    assert english == english_again.replace(CSRF_TOKEN.search(english_again).group(1), CSRF_TOKEN.search(english).group(1))
