"""The coordinator's pages: the agency's dashboard and the review of submitted proposals."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from innovations import selectors, services
from innovations.forms import OptionalNoteForm, ReturnForm
from innovations.models import Status
from innovations.video import youtube_embed_url

# The dashboard warns about unsubmitted drafts this many days before the deadline.
DEADLINE_WARNING_DAYS = 14


def coordinator_required(view):
    """Let only signed-in coordinators of an agency through; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.COORDINATOR or request.user.agency_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_dashboard(request, competition):
    """Render the agency's units and entries, what waits for review and which units lag behind."""
    user = request.user
    units = list(selectors.work_unit_list_for_coordinator(user=user, competition=competition))
    days_left = None
    if competition is not None:
        days_left = (competition.submission_closes_on - timezone.localdate()).days
    context = {
        "competition": competition,
        "agency": user.agency,
        "units": units,
        "waiting": list(selectors.innovation_list_waiting_review(user=user)),
        "lagging_units": [unit for unit in units if unit.unsubmitted_count],
        "deadline_near": days_left is not None and days_left <= DEADLINE_WARNING_DAYS,
        "days_left": days_left,
    }
    return render(request, "innovations/workspace/dashboard_coordinator.html", context)


@coordinator_required
def review_list(request):
    context = {"waiting": selectors.innovation_list_waiting_review(user=request.user)}
    return render(request, "innovations/review/review_list.html", context)


def _render_detail(request, innovation, return_form=None, forward_form=None, status=200):
    innovation = selectors.innovation_get_for_user(user=request.user, pk=innovation.pk)
    attachments = list(innovation.attachments.all())
    context = {
        "innovation": innovation,
        "answers": list(innovation.answers.all()),
        "photos": [attachment for attachment in attachments if attachment.is_photo],
        "documents": [attachment for attachment in attachments if not attachment.is_photo],
        "events": selectors.innovation_event_list(innovation=innovation),
        "embed_url": youtube_embed_url(innovation.youtube_id) if innovation.youtube_id else None,
        "return_form": return_form or ReturnForm(),
        "forward_form": forward_form or OptionalNoteForm(),
        "can_review": innovation.status == Status.SUBMITTED and innovation.competition.is_open_for_submission(),
        "window_open": innovation.competition.is_open_for_submission(),
    }
    return render(request, "innovations/review/review_detail.html", context, status=status)


def _refused(request, innovation, error):
    for message in error.messages:
        messages.error(request, message)
    return redirect("workspace:review_detail", pk=innovation.pk)


@coordinator_required
def review_detail(request, pk):
    innovation = selectors.innovation_get_for_coordinator(user=request.user, pk=pk)
    return _render_detail(request, innovation)


@coordinator_required
@require_POST
def review_return(request, pk):
    innovation = selectors.innovation_get_for_coordinator(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.innovation_return(user=request.user, innovation=innovation, note=form.cleaned_data["note"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, innovation, error)
            form.add_error("note", error.messages)
        else:
            messages.success(
                request,
                _("The proposal “%(title)s” was returned to %(unit)s with your notes.")
                % {"title": innovation.title, "unit": innovation.work_unit.name},
            )
            return redirect("workspace:review_list")
    return _render_detail(request, innovation, return_form=form)


@coordinator_required
@require_POST
def review_forward(request, pk):
    innovation = selectors.innovation_get_for_coordinator(user=request.user, pk=pk)
    form = OptionalNoteForm(request.POST)
    if form.is_valid():
        try:
            services.innovation_forward(user=request.user, innovation=innovation, note=form.cleaned_data["note"])
        except ValidationError as error:
            return _refused(request, innovation, error)
        else:
            messages.success(
                request, _("The proposal “%(title)s” was forwarded to the organiser.") % {"title": innovation.title}
            )
            return redirect("workspace:review_list")
    return _render_detail(request, innovation, forward_form=form)
