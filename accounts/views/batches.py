"""Issuing a batch of accounts over several short requests, then its slips and CSV once."""
import csv

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.views.access import manager_required


SESSION_KEY = "credential_batches"


def batch_remember(request, ticket):
    """Keep a new batch's key in the session and return the batch's progress page."""
    batch_id, key = ticket
    keys = request.session.get(SESSION_KEY, {})
    keys[batch_id] = key
    request.session[SESSION_KEY] = keys
    return redirect("accounts:batch_progress", batch_id=batch_id)


def _key(request, batch_id):
    return request.session.get(SESSION_KEY, {}).get(batch_id)


def _batch_or_404(request, batch_id):
    try:
        return services.credential_batch_get(actor=request.user, batch_id=batch_id, key=_key(request, batch_id))
    except services.BatchNotFound:
        raise Http404(_("This batch of accounts is closed or has expired.")) from None


def _progress(batch, batch_id):
    done = len(batch["slips"])
    total = len(batch["entries"])
    return {
        "done": done,
        "total": total,
        "finished": done >= total,
        "percent": int(done * 100 / total) if total else 100,
        "slips_url": reverse("accounts:batch_slips", kwargs={"batch_id": batch_id}),
    }


@never_cache
@manager_required
def batch_progress(request, batch_id):
    batch = _batch_or_404(request, batch_id)
    progress = _progress(batch, batch_id)
    if progress["finished"]:
        return redirect(progress["slips_url"])
    return render(request, "accounts/batch_progress.html", {"batch_id": batch_id, **progress})


@never_cache
@manager_required
@require_POST
def batch_process(request, batch_id):
    """Issue the next chunk; the page's script calls this until the batch is done."""
    _batch_or_404(request, batch_id)
    try:
        batch = services.credential_batch_process(
            actor=request.user, batch_id=batch_id, key=_key(request, batch_id)
        )
    except services.BatchNotFound:
        raise Http404 from None
    progress = _progress(batch, batch_id)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(progress)
    # Without JavaScript, each click on the progress page issues one chunk.
    if progress["finished"]:
        return redirect(progress["slips_url"])
    return redirect("accounts:batch_progress", batch_id=batch_id)


def _issued_slips(batch):
    return [slip for slip in batch["slips"] if not slip.get("skipped")]


@never_cache
@manager_required
def batch_slips(request, batch_id):
    batch = _batch_or_404(request, batch_id)
    progress = _progress(batch, batch_id)
    if not progress["finished"]:
        return redirect("accounts:batch_progress", batch_id=batch_id)
    slips = _issued_slips(batch)
    context = {
        "batch_id": batch_id,
        "slips": slips,
        "skipped": len(batch["slips"]) - len(slips),
        "portal_url": settings.SINOVIK_PORTAL_URL,
        "expires_minutes": settings.SINOVIK_CREDENTIAL_BATCH_SECONDS // 60,
    }
    return render(request, "accounts/batch_slips.html", context)


@never_cache
@manager_required
def batch_csv(request, batch_id):
    batch = _batch_or_404(request, batch_id)
    if not _progress(batch, batch_id)["finished"]:
        return redirect("accounts:batch_progress", batch_id=batch_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="akun-sinovik-{stamp}.csv"'
    # A byte-order mark and semicolons, so that Excel opens it in columns with the right letters.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["instansi", "unit_kerja", "peran", "username", "password", "alamat_portal"])
    for slip in _issued_slips(batch):
        writer.writerow(
            [slip["agency"], slip["work_unit"], slip["role"], slip["username"], slip["password"], settings.SINOVIK_PORTAL_URL]
        )
    return response


@manager_required
@require_POST
def batch_close(request, batch_id):
    try:
        services.credential_batch_close(actor=request.user, batch_id=batch_id, key=_key(request, batch_id))
    except services.BatchNotFound:
        raise Http404 from None
    keys = request.session.get(SESSION_KEY, {})
    keys.pop(batch_id, None)
    request.session[SESSION_KEY] = keys
    messages.success(request, _("The passwords of this batch were deleted from the server."))
    return redirect("accounts:unit_list" if not request.user.is_portal_admin else "accounts:agency_list")
