"""A judge's pages: the integrity pact, the queue and the scoring sheet."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from judging import selectors, services
from judging.forms import ConflictForm, PactForm, ScoreSheetForm
from judging.views.access import add_errors, judge_required


@judge_required
def queue(request):
    profile = services.judge_profile_get(request.user)
    assignments = list(selectors.judge_queue(judge=request.user))
    done = sum(1 for assignment in assignments if assignment.submitted_at)
    context = {"profile": profile, "assignments": assignments, "done": done, "total": len(assignments)}
    return render(request, "judging/judge/queue.html", context)


@judge_required
def pact(request):
    profile = services.judge_profile_get(request.user)
    form = PactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.judge_pact_accept(judge=request.user)
        messages.success(request, _("You accepted the integrity pact. You can now score your entries."))
        return redirect(request.GET.get("next") if _safe_next(request) else "judging:queue")
    return render(request, "judging/judge/pact.html", {"profile": profile, "form": form})


def _safe_next(request):
    target = request.GET.get("next", "")
    return target.startswith("/ruang-kerja/penjurian/") and "//" not in target


@judge_required
def score_sheet(request, pk):
    assignment = selectors.assignment_get_for_judge(judge=request.user, pk=pk)
    profile = services.judge_profile_get(request.user)
    if not profile.has_accepted_pact:
        return redirect(f"{_pact_url()}?next={request.path}")
    criteria = list(assignment.stage.criteria.all())
    scores = {score.criterion_id: score for score in assignment.scores.all()}
    editable = not assignment.is_submitted and not assignment.stage.is_closed
    if request.method == "POST" and _wants_json(request):
        return _autosave(request, assignment, criteria, editable)
    if request.method == "POST" and editable:
        form = ScoreSheetForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.scores_save(judge=request.user, assignment=assignment, scores=form.scores())
                if "submit" in request.POST:
                    services.assignment_submit(judge=request.user, assignment=assignment)
            except ValidationError as error:
                add_errors(form, error)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("Your scores were submitted. Thank you."))
                    return redirect("judging:queue")
                messages.success(request, _("Your scores were saved. Submit the sheet when every criterion is scored."))
                return redirect("judging:score_sheet", pk=assignment.pk)
    else:
        initial = {}
        for criterion_id, score in scores.items():
            initial[f"score_{criterion_id}"] = score.value
            initial[f"comment_{criterion_id}"] = score.comment
        form = ScoreSheetForm(initial=initial, criteria=criteria)
    context = {
        "assignment": assignment,
        "innovation": assignment.entry.innovation,
        "form": form,
        "editable": editable,
        "conflict_form": ConflictForm(),
    }
    return render(request, "judging/judge/score_sheet.html", context)


def _wants_json(request):
    # Set by static/js/score-sheet.js, which saves the sheet while the judge types.
    return request.headers.get("X-Requested-With") == "fetch"


def _autosave(request, assignment, criteria, editable):
    """Save a sheet sent by the page's script and return a status message as JSON."""
    if not editable:
        return JsonResponse({"message": _("This sheet can no longer change.")}, status=409)
    form = ScoreSheetForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            services.scores_save(judge=request.user, assignment=assignment, scores=form.scores())
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        problems = [f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                    for name, errors in form.errors.items()]
        return JsonResponse({"message": _("Not saved. %(problems)s") % {"problems": " ".join(problems)}}, status=400)
    moment = timezone.localtime().strftime("%H:%M:%S")
    return JsonResponse({"message": _("Saved at %(time)s WIB.") % {"time": moment}})


def _pact_url():
    return reverse("judging:pact")


@judge_required
@require_POST
def conflict_declare(request, pk):
    assignment = selectors.assignment_get_for_judge(judge=request.user, pk=pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_declare_conflict(
                judge=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry was removed from your queue and given to another judge."))
            return redirect("judging:queue")
    for message in form.errors.get("reason", []) + form.non_field_errors():
        messages.error(request, message)
    return redirect("judging:score_sheet", pk=assignment.pk)
