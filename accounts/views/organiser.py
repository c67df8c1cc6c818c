"""The organiser's pages: every agency with its coordinators, and issuing coordinator accounts."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import AgencyFilterForm, CoordinatorIssueForm
from accounts.models import Agency
from accounts.views.access import admin_required
from accounts.views.batches import batch_remember

AGENCIES_PER_PAGE = 50


@admin_required
def agency_list(request):
    filters = AgencyFilterForm(request.GET or None)
    query = kind = ""
    if filters.is_valid():
        query, kind = filters.cleaned_data["q"].strip(), filters.cleaned_data["kind"]
    agencies = selectors.agency_list_with_coordinators(query=query, kind=kind)
    page = Paginator(agencies, AGENCIES_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(
        request, "accounts/agency_list.html", {"page": page, "agencies": page.object_list, "filters": filters}
    )


@admin_required
@require_POST
def coordinator_issue(request):
    form = CoordinatorIssueForm(request.POST, agencies=Agency.objects.all())
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect("accounts:agency_list")
    ticket = services.coordinator_issue(actor=request.user, agencies=list(form.cleaned_data["agencies"]))
    return batch_remember(request, ticket)
