"""Helpers that read public pages as they are shown to a visitor."""
import html
import re

CARD_TITLE = re.compile(r'<h3 class="h6 card-title"><a href="[^"]*">(.*?)</a></h3>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# A form's CSRF token, unique to each visitor.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def card_titles(response):
    """Return the titles of the entry cards on a page, in order, without their highlighting."""
    return [html.unescape(TAG.sub("", title)) for title in CARD_TITLE.findall(response.content.decode())]


def without_tokens(response):
    """Return a page's text with its CSRF tokens, which differ on every request, removed."""
    return CSRF_TOKEN.sub("", response.content.decode())
