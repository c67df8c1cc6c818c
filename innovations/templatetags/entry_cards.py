"""{% entry_card innovation %}: the card of a public entry, from the process's card store when it can be."""
from django import template

from innovations.cards import render_card

register = template.Library()


@register.simple_tag
def entry_card(innovation):
    return render_card(innovation)
