"""The {% entry_card innovation %} tag: a public entry's card, taken from the process's card store when present."""
from django import template

from innovations.cards import render_card

register = template.Library()


@register.simple_tag
def entry_card(innovation):
    return render_card(innovation)
