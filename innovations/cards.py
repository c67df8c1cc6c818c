"""Entry cards of the public pages, rendered once per process until the next publication.

A card shows only public facts of an entry (title, agency, unit, year,
category, stage), so its HTML is the same for every visitor who reads the
same language. Each application process keeps the cards it rendered in its
own memory under the public cache version (sinovik.cache). A publication on
any server moves every process to new keys, and the old cards drop out of
the bounded store as new ones come in. Nothing here is shared between
servers, so adding a server needs no set-up.

Cards of search results mark the words found and carry a snippet, so they
are stored apart for each search. While the public data cache is off
(development and tests) every card is rendered afresh.
"""
from django.template.loader import render_to_string

from sinovik.cache import MemoryStore, public_data_kept, rendered_key

CARD_TEMPLATE = "innovations/public/innovation_card.html"
# A card is about 600 bytes, so a full store keeps some 6 MB of HTML per process.
MAX_CARDS = 10_000

store = MemoryStore(limit=MAX_CARDS)


def _render(innovation):
    return render_to_string(CARD_TEMPLATE, {"innovation": innovation})


def render_card(innovation):
    """Return the card of a public entry as HTML."""
    marked = getattr(innovation, "title_html", None) or getattr(innovation, "snippet_html", None)
    if marked or not public_data_kept():
        return _render(innovation)
    key = rendered_key("card", innovation.pk, None)
    html = store.get(key)
    if html is None:
        html = _render(innovation)
        store.put(key, html)
    return html


def cards_for_ids(ids, load_entries, variant=None):
    """Return the cards of the public entries ``ids``, in their order.

    ``load_entries(ids)`` returns the entries of the given ids, each with
    the related rows its card shows. It is called only for the cards
    missing from the store, so not at all when every card is there.
    ``variant`` names what else the loaded entries carry, such as the
    search whose words their titles mark. The cards of each variant are
    stored apart.
    """
    if not public_data_kept():
        entries = {entry.pk: entry for entry in load_entries(ids)}
        return [_render(entries[pk]) for pk in ids if pk in entries]
    keys = {pk: rendered_key("card", pk, variant) for pk in ids}
    cards = {pk: store.get(key) for pk, key in keys.items()}
    missing = [pk for pk, html in cards.items() if html is None]
    if missing:
        for entry in load_entries(missing):
            cards[entry.pk] = _render(entry)
            store.put(keys[entry.pk], cards[entry.pk])
    # An id whose entry is no longer public (the ids may come from the
    # cache a moment before a withdrawal took effect) gets no card.
    return [cards[pk] for pk in ids if cards[pk] is not None]
