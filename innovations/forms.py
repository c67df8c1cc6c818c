"""Forms of the operator's workspace. They check types; the services check rules."""
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from innovations.models import SDG, AttachmentKind, Category, Group, PhotoRole, ProposalSection


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InnovationDetailsForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the innovation"),
        max_length=255,
        error_messages={
            "required": _("Enter the title of the innovation."),
            "max_length": _("The title may have at most %(limit_value)d characters; it has %(show_value)d."),
        },
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("— choose a category —"),
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("— choose a group —"),
    )
    started_on = forms.DateField(
        label=_("Date the innovation started"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date the innovation started as day, month and year.")},
    )
    video_url = forms.CharField(
        label=_("Video link (YouTube)"),
        required=False,
        max_length=200,
        help_text=_("Optional. A YouTube link, for example https://www.youtube.com/watch?v=…"),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals (SDGs)"),
        queryset=SDG.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every goal the innovation contributes to."),
        error_messages={"invalid_choice": _("Choose goals from the list (1 to 17).")},
    )
    previous_awards = forms.CharField(
        label=_("Previous awards"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Awards the innovation has received before, one per line, with the year."),
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.fields["category"].queryset = competition.categories.all()
        self.fields["group"].queryset = competition.groups.all()
        if not competition.groups.exists():
            del self.fields["group"]
        self.fields["started_on"].help_text = ngettext(
            "It must be on or before %(date)s (at least %(years)s year before the last day of submission).",
            "It must be on or before %(date)s (at least %(years)s years before the last day of submission).",
            competition.minimum_age_years,
        ) % {"date": date_format(competition.latest_start_date, "j F Y"), "years": competition.minimum_age_years}


class InnovationEditForm(InnovationDetailsForm):
    """The details plus one text field per section of the proposal template."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[self.section_field_name(section)] = forms.CharField(
                label=section.title,
                required=False,
                help_text=section.guidance,
                widget=forms.Textarea(
                    attrs={
                        "rows": 6,
                        "class": "form-control",
                        "data-word-limit": section.word_limit,
                        "aria-describedby": f"word-count-{section.pk} guidance-{section.pk}",
                    }
                ),
            )

    @staticmethod
    def section_field_name(section):
        return f"section_{section.pk}"

    def section_fields(self):
        return [(section, self[self.section_field_name(section)]) for section in self.sections]

    def answers(self):
        return {
            section.pk: self.cleaned_data.get(self.section_field_name(section)) or ""
            for section in self.sections
        }


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=AttachmentKind.choices)
    role = forms.ChoiceField(
        label=_("Role of the photo"),
        choices=[("", _("— for photos: before, after or cover —"))] + list(PhotoRole.choices),
        required=False,
    )
    section = forms.ModelChoiceField(
        label=_("Evidence for the section"),
        queryset=ProposalSection.objects.none(),
        required=False,
        empty_label=_("— not evidence for a section —"),
    )
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The chosen file is empty. Choose a file that has content."),
        },
    )

    def __init__(self, *args, competition=None, used_bytes=0, **kwargs):
        super().__init__(*args, **kwargs)
        if competition is not None:
            self.fields["section"].queryset = competition.sections.filter(is_active=True)
        limit = settings.SINOVIK_MAX_ENTRY_BYTES
        self.fields["file"].help_text = _(
            "Photos: JPEG, PNG or WebP, at most %(photo)s. Documents: PDF, at most %(document)s. "
            "All files of this entry together: at most %(entry)s; %(left)s left."
        ) % {
            "photo": filesizeformat(settings.SINOVIK_MAX_PHOTO_BYTES),
            "document": filesizeformat(settings.SINOVIK_MAX_DOCUMENT_BYTES),
            "entry": filesizeformat(limit),
            "left": filesizeformat(max(limit - used_bytes, 0)),
        }
        self.fields["file"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,application/pdf"


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Notes for the operator"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Say what to change. The operator sees these notes and receives them by e-mail."),
        error_messages={"required": _("Write a note that tells the operator what to change.")},
    )


class OptionalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
