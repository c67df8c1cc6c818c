"""The public objection form (sanggahan) of an open objection window."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from judging import selectors, services
from judging.forms import ObjectionForm
from judging.views.access import add_errors


def _client_address(request):
    # NOTE: behind a load balancer REMOTE_ADDR is the balancer's address, so
    # every objector shares one limit until the proxy's client header is trusted.
    return request.META.get("REMOTE_ADDR", "")


def objection_index(request):
    return render(request, "judging/public/objection_index.html", {"windows": selectors.objection_windows_open()})


@require_http_methods(["GET", "POST"])
def objection_create(request, slug):
    entry = selectors.objection_entry_get(slug=slug)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_file(
                entry=entry, client_address=_client_address(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Your objection was received. A confirmation was sent to your e-mail address.")
            )
            return redirect("objections:index")
    elif request.method == "GET" and services.objection_rate_limited(_client_address(request)):
        messages.warning(request, _("Too many objections were sent from your connection. Wait an hour and try again."))
    return render(request, "judging/public/objection_form.html", {"entry": entry, "form": form})
