"""A coordinator's pages: the agency's work units, their import, and the operators' accounts.

Admins open the same pages for every agency. Everything outside the user's
agencies is not found (404).
"""
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import OperatorIssueForm, WorkUnitForm, WorkUnitImportForm
from accounts.imports import workunit_file_read, workunit_import_check
from accounts.views.access import manager_required
from accounts.views.batches import batch_remember

UNITS_PER_PAGE = 50
IMPORT_KEY = "workunit-import:{token}"
IMPORT_SECONDS = 60 * 60
PREVIEW_ROWS = 200


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@manager_required
def unit_list(request):
    query = request.GET.get("q", "").strip()
    units = selectors.workunit_list_managed(user=request.user, query=query)
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {"page": page, "units": page.object_list, "query": query, "issue_form": OperatorIssueForm()}
    return render(request, "accounts/unit_list.html", context)


def _agency_choice(request, form):
    agencies = selectors.agency_list_managed(user=request.user)
    if "agency" in form.fields:
        return form.cleaned_data["agency"]
    return agencies.first()


@manager_required
def unit_create(request):
    agencies = selectors.agency_list_managed(user=request.user).order_by("name")
    form = WorkUnitForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.workunit_create(
                actor=request.user,
                agency=_agency_choice(request, form),
                name=form.cleaned_data["name"],
                abbreviation=form.cleaned_data["abbreviation"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The work unit “%(name)s” was added.") % {"name": unit.name})
            return redirect("accounts:unit_edit", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form})


@manager_required
def unit_edit(request, pk):
    unit = selectors.workunit_get_managed(user=request.user, pk=pk)
    form = WorkUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit.refresh_from_db()  # The ModelForm already wrote the posted values onto the instance.
        try:
            services.workunit_update(
                actor=request.user,
                work_unit=unit,
                name=data["name"],
                abbreviation=data["abbreviation"],
                code=data["code"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The work unit was saved."))
            return redirect("accounts:unit_edit", pk=unit.pk)
    context = {
        "unit": unit,
        "form": form,
        "operators": selectors.operator_list_for_unit(work_unit=unit),
    }
    return render(request, "accounts/unit_edit.html", context)


@manager_required
@require_POST
def unit_deactivate(request, pk):
    unit = selectors.workunit_get_managed(user=request.user, pk=pk)
    services.workunit_deactivate(actor=request.user, work_unit=unit)
    messages.success(
        request,
        _("The work unit “%(name)s” and its operators’ accounts were deactivated. Its entries are kept.")
        % {"name": unit.name},
    )
    return redirect("accounts:unit_edit", pk=unit.pk)


@manager_required
@require_POST
def unit_reactivate(request, pk):
    unit = selectors.workunit_get_managed(user=request.user, pk=pk)
    services.workunit_reactivate(actor=request.user, work_unit=unit)
    messages.success(request, _("The work unit “%(name)s” is active again.") % {"name": unit.name})
    return redirect("accounts:unit_edit", pk=unit.pk)


# --- Import ----------------------------------------------------------------------


def _import_key(token):
    return IMPORT_KEY.format(token=token)


def _render_preview(request, check, agency, token):
    context = {
        "check": check,
        "agency": agency,
        "token": token,
        "preview_rows": check.rows[:PREVIEW_ROWS],
        "hidden_rows": max(len(check.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "accounts/unit_import_preview.html", context)


@manager_required
def unit_import(request):
    agencies = selectors.agency_list_managed(user=request.user).order_by("name")
    form = WorkUnitImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        agency = _agency_choice(request, form)
        try:
            table = workunit_file_read(form.cleaned_data["file"])
            check = workunit_import_check(agency=agency, table=table)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            token = None
            if not check.errors:
                # The checked file waits in the cache for the confirmation, tied to this user.
                token = secrets.token_urlsafe(18)
                cache.set(
                    _import_key(token),
                    {"owner": request.user.pk, "agency": agency.pk, "table": table},
                    timeout=IMPORT_SECONDS,
                )
            return _render_preview(request, check, agency, token)
    return render(request, "accounts/unit_import.html", {"form": form})


@manager_required
@require_POST
def unit_import_confirm(request, token):
    stored = cache.get(_import_key(token))
    if stored is None or stored["owner"] != request.user.pk:
        raise Http404(_("This import preview has expired. Upload the file again."))
    agency = selectors.agency_get_managed(user=request.user, pk=stored["agency"])
    # Check again: another user may have changed the units since the preview.
    check = workunit_import_check(agency=agency, table=stored["table"])
    if check.errors:
        return _render_preview(request, check, agency, None)
    rows = [row.as_dict() for row in check.rows]
    try:
        units = services.workunit_import(actor=request.user, agency=agency, rows=rows)
    except IntegrityError:
        messages.error(request, _("The units changed while the import was saved. Nothing was saved; upload the file again."))
        return redirect("accounts:unit_import")
    cache.delete(_import_key(token))
    messages.success(
        request,
        _("Import saved: %(created)s new work units, %(updated)s changed.")
        % {"created": check.created, "updated": check.updated},
    )
    requested_usernames = {unit.pk: row["username"] for unit, row in zip(units, rows) if row["username"]}
    if requested_usernames:
        ticket = services.operator_issue(
            actor=request.user,
            work_units=[unit for unit in units if unit.pk in requested_usernames],
            usernames=requested_usernames,
        )
        return batch_remember(request, ticket)
    return redirect("accounts:unit_list")


# --- Accounts ----------------------------------------------------------------------


def _back_url(request):
    back = request.POST.get("kembali", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("accounts:unit_list")


@manager_required
@require_POST
def operator_issue(request):
    units = selectors.workunit_list_managed(user=request.user).filter(is_active=True)
    form = OperatorIssueForm(request.POST, units=units)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(_back_url(request))
    ticket = services.operator_issue(
        actor=request.user, work_units=list(form.cleaned_data["units"]), count=form.cleaned_data["count"]
    )
    return batch_remember(request, ticket)


@manager_required
@require_POST
def account_reissue(request, pk):
    account = selectors.account_get_managed(user=request.user, pk=pk)
    ticket = services.account_reissue(actor=request.user, users=[account])
    return batch_remember(request, ticket)


@manager_required
@require_POST
def account_deactivate(request, pk):
    account = selectors.account_get_managed(user=request.user, pk=pk)
    services.account_deactivate(actor=request.user, user=account)
    messages.success(
        request, _("The account “%(username)s” was deactivated. Its unit’s entries are kept.") % {"username": account.username}
    )
    if account.work_unit_id:
        return redirect("accounts:unit_edit", pk=account.work_unit_id)
    return redirect("accounts:agency_list")


@manager_required
def activity_list(request):
    entries = selectors.activity_list_for_user(user=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("halaman"))
    return render(request, "accounts/activity_list.html", {"page": page, "entries": page.object_list})
