"""The absolute addresses that a page's head gives to search engines and link previews."""
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path=""):
    """Return ``path`` on the site the request came to, or the request's own path without its query."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)
