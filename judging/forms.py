"""Forms of the judging pages. They check types; the services check rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Province, Role, User
from judging.models import CHECK_FAIL_REASONS, FailReason, ObjectionResolution, Outcome, ShortlistOverride
from judging.services import plain_number


class EntrySelectionField(forms.TypedMultipleChoiceField):
    """The ids of the entries ticked in a table; choices are set by the view."""

    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            error_messages={"required": _("Select at least one entry.")},
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class DecisionForm(forms.Form):
    entries = EntrySelectionField(label=_("Entries"))
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Outcome.PASSED, _("Passed")), (Outcome.FAILED, _("Failed"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose passed or failed.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason for a failure"),
        required=False,
        choices=[("", _("— choose a reason —"))] + [(reason.value, reason.label) for reason in CHECK_FAIL_REASONS],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for the reason “other”. The unit and its coordinator see it."),
    )

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, pk) for pk in entry_ids]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.FAILED:
            if not data.get("reason"):
                self.add_error("reason", _("Choose the reason why the entries failed."))
            elif data["reason"] == FailReason.OTHER and not data.get("note", "").strip():
                self.add_error("note", _("Explain the other reason in the note."))
        return data


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name or user.username} ({user.username})"


class BulkAssignmentForm(forms.Form):
    ASSIGN, REMOVE = "assign", "remove"

    entries = EntrySelectionField(label=_("Entries"))
    judge = JudgeChoiceField(
        label=_("Judge"),
        queryset=User.objects.filter(role=Role.JUDGE, is_active=True).order_by("full_name", "username"),
        error_messages={"required": _("Choose a judge.")},
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[(ASSIGN, _("Assign the judge")), (REMOVE, _("Remove the judge"))]
    )

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, pk) for pk in entry_ids]


class JudgeCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, error_messages={"required": _("Enter a username for the judge.")}
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, error_messages={"required": _("Enter the judge's full name.")}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={"required": _("Enter the judge's e-mail address."), "invalid": _("Enter a valid e-mail address.")},
    )
    expertise = forms.CharField(label=_("Expertise"), max_length=200, required=False)
    own_agency = forms.ModelChoiceField(
        label=_("Own agency"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Entries of this agency are never assigned to the judge."),
    )
    conflict_agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies with a conflict of interest"), queryset=Agency.objects.order_by("name"), required=False
    )
    conflict_provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces with a conflict of interest"), queryset=Province.objects.order_by("name"), required=False
    )


class PactForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the integrity pact and accept it."),
        error_messages={"required": _("Tick the box to accept the integrity pact.")},
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Conflict of interest"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I advised this agency on the innovation, or a relative works there."),
        error_messages={"required": _("Describe the conflict of interest, for example your relation to the agency.")},
    )


class ScoreSheetForm(forms.Form):
    """A score and a comment per criterion; empty scores are allowed until submission."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                required=False,
                min_value=criterion.scale_min,
                max_value=criterion.scale_max,
                decimal_places=2,
                help_text=_("From %(low)s to %(high)s.")
                % {"low": plain_number(criterion.scale_min), "high": plain_number(criterion.scale_max)},
                error_messages={
                    "invalid": _("Enter the score as a number."),
                    "min_value": _("The score must be at least %(limit_value)s."),
                    "max_value": _("The score must be at most %(limit_value)s."),
                    "max_decimal_places": _("Enter the score with at most two decimals."),
                },
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]) for criterion in self.criteria]

    def scores(self):
        return {
            criterion: (self.cleaned_data.get(f"score_{criterion.pk}"), self.cleaned_data.get(f"comment_{criterion.pk}", ""))
            for criterion in self.criteria
        }


class OverrideForm(forms.Form):
    action = forms.ChoiceField(label=_("Departure"), choices=ShortlistOverride.Action.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for departing from the ranking.")},
    )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, error_messages={"required": _("Enter your name.")})
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The organiser replies to this address. It is never shown publicly."),
        error_messages={
            "required": _("Enter your e-mail address, so the organiser can reply."),
            "invalid": _("Enter a valid e-mail address."),
        },
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Reason for the objection"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Describe the reason for the objection in at least 20 characters."),
            "min_length": _("Describe the reason for the objection in at least 20 characters."),
        },
    )
    document = forms.FileField(
        label=_("Supporting document (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ResolutionForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[(ObjectionResolution.UPHELD, ObjectionResolution.UPHELD.label), (ObjectionResolution.REJECTED, ObjectionResolution.REJECTED.label)],
    )
    note = forms.CharField(
        label=_("Explanation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the objector by e-mail."),
        error_messages={"required": _("Explain the resolution; the objector receives this explanation.")},
    )
