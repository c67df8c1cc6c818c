"""Pages of one proposal shared by its operators, its coordinator and the admins: history, print, withdraw."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from innovations import history, selectors, services
from innovations.forms import OptionalNoteForm


def back_url(user, innovation):
    """Return the page of the entry the user works on: the editor or the review page."""
    if user.role == Role.OPERATOR:
        return reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    if user.role == Role.COORDINATOR:
        return reverse("workspace:review_detail", kwargs={"pk": innovation.pk})
    return reverse("admin:innovations_innovation_change", args=[innovation.pk])


@login_required
def innovation_history(request, pk):
    innovation = selectors.innovation_get_for_user(user=request.user, pk=pk)
    context = {
        "innovation": innovation,
        "versions": history.version_list(innovation=innovation),
        "events": selectors.innovation_event_list(innovation=innovation),
        "back_url": back_url(request.user, innovation),
    }
    return render(request, "innovations/workspace/innovation_history.html", context)


@login_required
def innovation_version(request, pk, history_id):
    innovation = selectors.innovation_get_for_user(user=request.user, pk=pk)
    try:
        comparison = history.version_compare(innovation=innovation, history_id=history_id)
    except innovation.history.model.DoesNotExist:
        raise Http404
    context = {"innovation": innovation, **comparison}
    return render(request, "innovations/workspace/innovation_version.html", context)


@login_required
def innovation_print(request, pk):
    innovation = selectors.innovation_get_for_user(user=request.user, pk=pk)
    attachments = list(innovation.attachments.all())
    answers = {answer.section_id: answer for answer in innovation.answers.all()}
    sections = [
        (section, answers.get(section.pk))
        for section in innovation.competition.sections.all()
        if section.is_active or section.pk in answers
    ]
    context = {
        "innovation": innovation,
        "sections": sections,
        "photos": [attachment for attachment in attachments if attachment.is_photo],
        "documents": [attachment for attachment in attachments if not attachment.is_photo],
        "events": selectors.innovation_event_list(innovation=innovation),
        "back_url": back_url(request.user, innovation),
    }
    return render(request, "innovations/workspace/innovation_print.html", context)


@login_required
@require_POST
def innovation_withdraw(request, pk):
    innovation = selectors.innovation_get_for_user(user=request.user, pk=pk)
    form = OptionalNoteForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(back_url(request.user, innovation))
    try:
        services.innovation_withdraw(user=request.user, innovation=innovation, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The entry “%(title)s” was withdrawn.") % {"title": innovation.title})
    return redirect(back_url(request.user, innovation))
