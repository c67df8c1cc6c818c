"""Helpers that read public pages as they are shown to a visitor."""
import html
import re

CARD_TITLE = re.compile(r'<h3 class="h6 card-title"><a href="[^"]*">(.*?)</a></h3>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def card_titles(response):
    """Return the titles of the entry cards on a page, in order, without their highlighting."""
    return [html.unescape(TAG.sub("", title)) for title in CARD_TITLE.findall(response.content.decode())]

