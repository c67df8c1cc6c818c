"""Parts of the layout that each process renders once and then reuses."""
from django import template
from django.conf import settings

register = template.Library()

# Rendered parts by (name, *vary values). The values come from small fixed
# sets (a language code, whether the visitor is signed in), so the store
# stays a few dozen strings, and it lives as long as the process.
kept_parts = {}


class FixedPartNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        if not settings.SINOVIK_LAYOUT_PARTS_KEPT:
            return self.nodelist.render(context)
        key = (self.name, *(value.resolve(context) for value in self.vary_on))
        part = kept_parts.get(key)
        if part is None:
            part = kept_parts[key] = self.nodelist.render(context)
        return part


@register.tag
def fixed_part(parser, token):
    """Render the enclosed template once per process for each set of values after the part's name.

    ``{% fixed_part main_menu LANGUAGE_CODE user.is_authenticated %}…{% endfixed_part %}``
    keeps one rendering per language and sign-in state. Everything inside
    that is not the same for all requests with these values (a CSRF token,
    a user's name, the current path) must stay outside the part.

    Django's {% cache %} tag does the same through a cache backend, but
    builds a hashed, validated key and unpickles the value on every use:
    some 20 microseconds, a twentieth of a whole public page. A lookup in
    this process's dictionary costs about one.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fixed_part %} is missing its name: write {% fixed_part name value … %}.")
    nodelist = parser.parse(("endfixed_part",))
    parser.delete_first_token()
    return FixedPartNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
