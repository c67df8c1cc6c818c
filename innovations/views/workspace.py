"""The signed-in workspace: an operator's dashboard and proposal editor."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from innovations import selectors, services
from innovations.forms import AttachmentForm, InnovationDetailsForm, InnovationEditForm, OptionalNoteForm
from innovations.models import Attachment

# Session key under which text posted after the session expired waits for sign-in.
UNSAVED_KEY = "unsaved-proposal-{pk}"
# Fields of the editor kept across a sign-in; anything else posted is dropped.
UNSAVED_FIELDS = ("version", "title", "category", "group", "started_on", "video_url", "previous_awards", "sdgs")
UNSAVED_MAX_CHARS = 200_000


def operator_required(view):
    """Let only signed-in operators of a work unit through; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.OPERATOR or request.user.work_unit_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _add_errors(form, error):
    """Attach a service's ValidationError to the form's fields or to the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@login_required
def dashboard(request):
    user = request.user
    competition = services.competition_get_open()
    context = {"competition": competition}
    if user.role == Role.OPERATOR and user.work_unit_id:
        context["innovations"] = selectors.innovation_list_for_unit(user=user)
        context["work_unit"] = user.work_unit
        return render(request, "innovations/workspace/dashboard.html", context)
    if user.role == Role.COORDINATOR and user.agency_id:
        from innovations.views.review import coordinator_dashboard

        return coordinator_dashboard(request, competition)
    return render(request, "innovations/workspace/dashboard_other.html", context)


@operator_required
def innovation_create(request):
    competition = services.competition_get_open()
    if competition is None:
        messages.error(request, _("No competition is open for submission now."))
        return redirect("workspace:dashboard")
    form = InnovationDetailsForm(request.POST or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            innovation = services.innovation_create_draft(
                user=request.user, competition=competition, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The draft was created. Fill in the sections and save."))
            return redirect("workspace:innovation_edit", pk=innovation.pk)
    return render(
        request, "innovations/workspace/innovation_create.html", {"form": form, "competition": competition}
    )


def _active_sections(competition):
    return competition.sections.filter(is_active=True)


def _render_edit(request, innovation, form=None, submit_errors=None, restored=False):
    """Render the proposal editor, with a bound form or one filled from the database."""
    competition = innovation.competition
    if form is None:
        sections = _active_sections(competition)
        answers = {answer.section_id: answer.text for answer in innovation.answers.all()}
        initial = {
            "version": innovation.version,
            "title": innovation.title,
            "category": innovation.category_id,
            "group": innovation.group_id,
            "started_on": innovation.started_on,
            "video_url": innovation.video_url,
            "sdgs": list(innovation.sdgs.all()),
            "previous_awards": innovation.previous_awards,
        }
        for section in sections:
            initial[InnovationEditForm.section_field_name(section)] = answers.get(section.pk, "")
        form = InnovationEditForm(initial=initial, competition=competition, sections=sections)
    window_open = competition.is_open_for_submission()
    used_bytes = services.attachment_total_size(innovation)
    context = {
        "innovation": innovation,
        "competition": competition,
        "form": form,
        "restored": restored,
        "attachment_form": AttachmentForm(competition=competition, used_bytes=used_bytes),
        "attachments": innovation.attachments.select_related("section"),
        "events": list(selectors.innovation_event_list(innovation=innovation)),
        "withdraw_form": OptionalNoteForm(),
        "can_withdraw": window_open and innovation.status in services.WITHDRAWABLE_STATUSES,
        "missing": services.innovation_missing_parts(innovation),
        "submit_errors": submit_errors,
        "window_open": window_open,
        "field_errors": [(form[name], form.errors[name]) for name in form.fields if name in form.errors],
        # A rejected save keeps the editor on screen, even after the deadline,
        # so that the text the user typed is not lost.
        "show_editor": innovation.is_editable and (window_open or form.is_bound),
    }
    return render(request, "innovations/workspace/innovation_edit.html", context)


def keep_unsaved_text(view):
    """Keep the editor's text when a save arrives after the session expired.

    The posted fields wait in the new anonymous session; sign-in keeps the
    session's data, and the editor then shows them again, not yet saved.
    """

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            unsaved = {
                key: request.POST.getlist(key)
                for key in request.POST
                if key in UNSAVED_FIELDS or key.startswith("section_")
            }
            if sum(len(value) for values in unsaved.values() for value in values) <= UNSAVED_MAX_CHARS:
                request.session[UNSAVED_KEY.format(pk=pk)] = unsaved
                messages.warning(
                    request,
                    _("Your session had ended, so the proposal was not saved. Sign in again: "
                      "your text will be shown in the editor, ready to save."),
                )
            return redirect_to_login(request.path)
        return view(request, pk, *args, **kwargs)

    return wrapper


@keep_unsaved_text
@operator_required
def innovation_edit(request, pk):
    innovation = selectors.innovation_get_for_operator(user=request.user, pk=pk)
    competition = innovation.competition
    if request.method != "POST":
        unsaved = request.session.pop(UNSAVED_KEY.format(pk=pk), None)
        if unsaved and innovation.is_editable:
            form = InnovationEditForm(
                MultiValueDict(unsaved), competition=competition, sections=_active_sections(competition)
            )
            return _render_edit(request, innovation, form=form, restored=True)
        return _render_edit(request, innovation)

    form = InnovationEditForm(request.POST, competition=competition, sections=_active_sections(competition))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.innovation_update(
                user=request.user,
                innovation=innovation,
                version=data["version"],
                title=data["title"],
                category=data["category"],
                group=data.get("group"),
                started_on=data["started_on"],
                video_url=data["video_url"],
                sdgs=data["sdgs"],
                previous_awards=data["previous_awards"],
                answers=form.answers(),
            )
        except services.StaleVersion:
            # The text the user typed stays in the form; nothing is saved.
            form.add_error(
                None,
                _(
                    "Someone saved this proposal after you opened it, so your changes were not saved. "
                    "Your text is still below: copy what you need, reload the page to see the newer "
                    "version, then add your changes again."
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The proposal was saved."))
            return redirect("workspace:innovation_edit", pk=innovation.pk)
    return _render_edit(request, innovation, form=form)


@operator_required
@require_POST
def attachment_upload(request, pk):
    innovation = selectors.innovation_get_for_operator(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES, competition=innovation.competition)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                user=request.user,
                innovation=innovation,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                section=form.cleaned_data["section"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file “%(name)s” was uploaded.") % {"name": attachment.original_name})
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect("workspace:innovation_edit", pk=innovation.pk)


@operator_required
@require_POST
def attachment_delete(request, pk, uuid):
    innovation = selectors.innovation_get_for_operator(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, innovation=innovation, uuid=uuid)
    try:
        services.attachment_delete(user=request.user, attachment=attachment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file “%(name)s” was removed.") % {"name": attachment.original_name})
    return redirect("workspace:innovation_edit", pk=innovation.pk)


@operator_required
@require_POST
def innovation_submit(request, pk):
    innovation = selectors.innovation_get_for_operator(user=request.user, pk=pk)
    try:
        services.innovation_submit(user=request.user, innovation=innovation)
    except ValidationError as error:
        return _render_edit(request, innovation, submit_errors=error.messages)
    messages.success(
        request,
        _("The proposal “%(title)s” was submitted to your coordinator.") % {"title": innovation.title},
    )
    return redirect("workspace:dashboard")
