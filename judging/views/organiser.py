"""The organiser's judging pages: stages, decisions, judges, assignments, results, objections."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from innovations.models import Competition
from judging import exports, scoring, selectors, services
from judging.forms import (
    BulkAssignmentForm,
    DecisionForm,
    JudgeCreateForm,
    OverrideForm,
    ResolutionForm,
)
from judging.models import Assignment, Objection, ShortlistOverride, StageEntry, StageKind
from judging.views.access import add_errors, admin_required


def _report(request, error):
    for message in error.messages:
        messages.error(request, message)


@admin_required
def organiser_home(request):
    return render(
        request, "judging/organiser/home.html", {"competitions": selectors.competition_list_with_stages()}
    )


@admin_required
@require_POST
def stage_sequence_create(request, year):
    competition = get_object_or_404(Competition, year=year)
    try:
        stages = services.stage_sequence_create_default(user=request.user, competition=competition)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("%(count)s stages were created. Adjust their dates and sizes in the administration pages.")
            % {"count": len(stages)}
        )
    return redirect("judging:organiser_home")


@admin_required
def stage_detail(request, pk):
    stage = selectors.stage_get(pk=pk)
    entries = list(selectors.stage_entries(stage))
    form = None
    if stage.kind in (StageKind.ADMINISTRATIVE_CHECK, StageKind.FIELD_VERIFICATION, StageKind.FINAL_RESULT):
        form = DecisionForm(request.POST or None, entry_ids=[entry.pk for entry in entries])
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                count = services.stage_entry_decide(
                    user=request.user,
                    stage=stage,
                    entry_ids=data["entries"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, ngettext("%(count)s entry was marked.", "%(count)s entries were marked.", count) % {"count": count}
                )
                return redirect("judging:stage_detail", pk=stage.pk)
    context = {
        "stage": stage,
        "entries": entries,
        "form": form,
        "counts": selectors.stage_outcome_counts(stage),
        "previous": services.stage_previous(stage),
    }
    return render(request, "judging/organiser/stage_detail.html", context)


STAGE_ACTIONS = {
    "take_in": (services.stage_take_in, gettext_lazy("The stage took in its entries.")),
    "close": (services.stage_close, gettext_lazy("Scoring is closed. The results are now visible.")),
    "fix": (services.stage_outcome_fix, gettext_lazy("The outcome is fixed. The next stage can take in the entries that passed.")),
    "publish": (services.stage_publish, gettext_lazy("The outcome is published.")),
}


@admin_required
@require_POST
def stage_action(request, pk, action):
    stage = selectors.stage_get(pk=pk)
    if action not in STAGE_ACTIONS:
        return redirect("judging:stage_detail", pk=stage.pk)
    service, success = STAGE_ACTIONS[action]
    try:
        service(user=request.user, stage=stage)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, success)
    return redirect("judging:stage_detail", pk=stage.pk)


@admin_required
def stage_assignments(request, pk):
    stage = selectors.stage_get(pk=pk)
    entries = list(selectors.stage_entries(stage))
    form = BulkAssignmentForm(request.POST or None, entry_ids=[entry.pk for entry in entries])
    if request.method == "POST":
        if request.POST.get("action") == "auto":
            try:
                created, short = services.assignment_auto(user=request.user, stage=stage)
            except ValidationError as error:
                _report(request, error)
            else:
                messages.success(request, _("%(count)s assignments were created.") % {"count": created})
                if short:
                    messages.warning(
                        request,
                        _("%(count)s entries could not get enough judges without a conflict of interest.")
                        % {"count": len(short)},
                    )
            return redirect("judging:stage_assignments", pk=stage.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == BulkAssignmentForm.ASSIGN:
                    created, skipped = services.assignment_bulk_create(
                        user=request.user, stage=stage, entry_ids=data["entries"], judge=data["judge"]
                    )
                    messages.success(request, _("%(count)s assignments were created.") % {"count": created})
                    if skipped:
                        messages.warning(
                            request,
                            _("%(count)s entries were skipped: the judge has a conflict with them or already judges them.")
                            % {"count": len(skipped)},
                        )
                else:
                    removed = services.assignment_bulk_remove(
                        user=request.user, stage=stage, entry_ids=data["entries"], judge=data["judge"]
                    )
                    messages.success(request, _("%(count)s assignments were removed.") % {"count": removed})
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("judging:stage_assignments", pk=stage.pk)
    assignments = {}
    for assignment in selectors.stage_assignments(stage):
        assignments.setdefault(assignment.entry_id, []).append(assignment)
    for entry in entries:
        entry.assignment_list = assignments.get(entry.pk, [])
    context = {"stage": stage, "entries": entries, "form": form, "loads": selectors.judge_loads(stage)}
    return render(request, "judging/organiser/stage_assignments.html", context)


@admin_required
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("stage"), pk=pk)
    try:
        services.assignment_remove(user=request.user, assignment=assignment)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(judge)s no longer judges this entry.") % {"judge": assignment.judge})
    return redirect("judging:stage_assignments", pk=assignment.stage_id)


@admin_required
def stage_results(request, pk):
    stage = selectors.stage_get(pk=pk)
    ranking = scoring.stage_ranking(stage) if stage.is_scored else None
    context = {
        "stage": stage,
        "ranking": ranking,
        "flagged": [row for row in ranking.rows if row.flagged] if ranking else [],
    }
    return render(request, "judging/organiser/stage_results.html", context)


@admin_required
@require_POST
def entry_extra_judge(request, pk):
    entry = get_object_or_404(StageEntry.objects.select_related("stage", "innovation"), pk=pk)
    try:
        assignment = services.assignment_add_extra(user=request.user, entry=entry)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("%(judge)s was assigned to “%(entry)s” as a further judge.")
            % {"judge": assignment.judge, "entry": entry.innovation.title},
        )
    return redirect("judging:stage_results", pk=entry.stage_id)


@admin_required
@require_POST
def entry_override(request, pk):
    entry = get_object_or_404(StageEntry.objects.select_related("stage", "innovation"), pk=pk)
    if request.POST.get("delete"):
        override = get_object_or_404(ShortlistOverride, entry=entry)
        try:
            services.shortlist_override_delete(user=request.user, override=override)
        except ValidationError as error:
            _report(request, error)
        return redirect("judging:stage_results", pk=entry.stage_id)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("judging:stage_results", pk=entry.stage_id)
    try:
        services.shortlist_override_record(user=request.user, entry=entry, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The departure from the ranking was recorded."))
    return redirect("judging:stage_results", pk=entry.stage_id)


@admin_required
def stage_objections(request, pk):
    stage = selectors.stage_get(pk=pk)
    context = {"stage": stage, "objections": selectors.stage_objections(stage), "form": ResolutionForm()}
    return render(request, "judging/organiser/stage_objections.html", context)


@admin_required
@require_POST
def objection_resolve(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("entry"), pk=pk)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_resolve(user=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The resolution was recorded and sent to the objector."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("judging:stage_objections", pk=objection.entry.stage_id)


@admin_required
def objection_document(request, pk):
    objection = get_object_or_404(Objection, pk=pk)
    if not objection.document:
        raise Http404
    return FileResponse(
        objection.document.open("rb"), content_type="application/pdf", as_attachment=True,
        filename=f"sanggahan-{objection.pk}.pdf",
    )


@never_cache
@admin_required
def judge_list(request):
    form = JudgeCreateForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            judge, password = services.judge_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The password is rendered in this response only; it is not stored
            # in the session or shown again.
            issued = {"judge": judge, "password": password}
            form = JudgeCreateForm()
    return render(
        request, "judging/organiser/judge_list.html", {"judges": selectors.judge_list(), "form": form, "issued": issued}
    )


@admin_required
def export_scores(request, pk):
    stage = selectors.stage_get(pk=pk)
    return exports.xlsx_response(exports.scores_workbook(stage), f"nilai-{stage.competition.year}-{stage.position}.xlsx")


@admin_required
def export_ranking(request, pk):
    stage = selectors.stage_get(pk=pk)
    return exports.xlsx_response(exports.ranking_workbook(stage), f"peringkat-{stage.competition.year}-{stage.position}.xlsx")
