"""Public pages whose content each process stores, put straight into the layout.

The home page, the list of entries, an entry and the statistics keep the
parts that are the same for every visitor in ``public_content()``
(sinovik/cache.py): the page's head values and its content. Their views
render ``base.html`` itself with these, rather than a template of their own
that extends it. Extending runs Django's block inheritance on every request,
which cost such a page about 15 % of its time (measured in-process). The
layout's blocks show these pages' values by default.
"""
from django.shortcuts import render


def page_head(title, description="", *, og_title="", og_description="", og_type="website", og_image=""):
    """Return the values of a page's head: its title, description and link-preview (Open Graph) tags.

    ``og_title`` defaults to the title; a ``description`` left empty gives
    the portal's own description. ``og_image`` is a path on the site.
    """
    return {
        "title": title,
        "description": description,
        "og_title": og_title or title,
        "og_description": og_description,
        "og_type": og_type,
        "og_image": og_image,
    }


def render_stored_page(request, page, **context):
    """Render the layout around a stored page: a dict with its ``head`` (see page_head()) and ``content``.

    ``context`` adds values computed per request, such as ``canonical_path``.
    """
    return render(request, "base.html", {"page_head": page["head"], "page_content": page["content"], **context})
