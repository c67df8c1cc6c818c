from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from innovations import services
from innovations.models import (
    Answer,
    Attachment,
    Category,
    Competition,
    Group,
    Innovation,
    InnovationEvent,
    ProposalSection,
    Status,
)
from innovations.services import proposal_template_apply_default


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0


class ProposalSectionFormSet(BaseInlineFormSet):
    def clean(self):
        # Answers PROTECT their section. This runs before the admin's own
        # protected-object check so that the message names the remedy.
        for form in self.forms:
            if not self._should_delete_form(form):
                continue
            section = form.instance
            if section.pk is None:
                continue
            answered = section.answers.count()
            if answered:
                raise ValidationError(
                    ngettext(
                        "The section “%(section)s” has answers in %(count)s entry, so it cannot be deleted. "
                        "Untick “active” instead: the section leaves the editor and the answers are kept.",
                        "The section “%(section)s” has answers in %(count)s entries, so it cannot be deleted. "
                        "Untick “active” instead: the section leaves the editor and the answers are kept.",
                        answered,
                    )
                    % {"section": section.title, "count": answered}
                )
            if section.attachments.exists():
                raise ValidationError(
                    _("The section “%(section)s” has evidence attached, so it cannot be deleted. Untick “active” instead.")
                    % {"section": section.title}
                )
        super().clean()


class ProposalSectionInline(admin.StackedInline):
    model = ProposalSection
    formset = ProposalSectionFormSet
    extra = 0
    fields = ["position", "title", "guidance", "word_limit", "weight", "evidence_required", "is_active"]


class CopyTemplateForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("Copy the proposal template of"),
        queryset=Competition.objects.all(),
        help_text=gettext_lazy(
            "The chosen competition's active sections replace the template of the selected competitions. "
            "Sections that already have answers or evidence are kept, deactivated."
        ),
    )


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "submission_opens_on", "submission_closes_on", "minimum_age_years", "publish_only_results"]
    inlines = [CategoryInline, GroupInline, ProposalSectionInline]
    actions = ["copy_proposal_template"]

    @admin.action(description=gettext_lazy("Copy the proposal template of another competition"))
    def copy_proposal_template(self, request, queryset):
        form = CopyTemplateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            source = form.cleaned_data["source"]
            for target in queryset:
                try:
                    services.proposal_template_copy(source=source, target=target)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, f"{target}: {message}", messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("The proposal template of %(source)s was copied to %(target)s.")
                        % {"source": source.name, "target": target.name},
                        messages.SUCCESS,
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Copy the proposal template of another competition"),
            "form": form,
            "targets": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "copy_proposal_template",
        }
        return TemplateResponse(request, "admin/innovations/action_form.html", context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new competition starts from the default proposal template
            # unless the admin entered sections of its own.
            proposal_template_apply_default(competition=form.instance)
            services.competition_groups_apply_default(competition=form.instance)


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    autocomplete_fields = ["section"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "size", "content_type", "checksum", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class InnovationEventInline(admin.TabularInline):
    model = InnovationEvent
    extra = 0
    fields = ["created_at", "kind", "from_status", "to_status", "actor_name", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OverrideStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Status.choices)
    note = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=gettext_lazy("Recorded in each entry's history and sent to its unit and coordinator."),
        error_messages={"required": gettext_lazy("Write the reason for changing the status.")},
    )


@admin.register(Innovation)
class InnovationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "competition", "agency", "work_unit", "status", "stage_reached"]
    list_filter = ["status", "competition", "agency__kind"]
    search_fields = ["title", "agency__name", "work_unit__name"]
    list_select_related = ["competition", "agency", "work_unit"]
    autocomplete_fields = ["agency", "work_unit", "category"]
    # The status changes only through the services, which record each change.
    readonly_fields = ["status", "version", "created_at", "updated_at", "submitted_at", "created_by"]
    inlines = [AnswerInline, AttachmentInline, InnovationEventInline]
    actions = ["override_status"]

    @admin.action(description=gettext_lazy("Change the status, at any time, with a reason"))
    def override_status(self, request, queryset):
        form = OverrideStatusForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            changed = 0
            for innovation in queryset:
                try:
                    services.innovation_override_status(
                        user=request.user,
                        innovation=innovation,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, f"{innovation}: {message}", messages.ERROR)
                else:
                    changed += 1
            if changed:
                self.message_user(
                    request,
                    ngettext("The status of %(count)s entry was changed.", "The status of %(count)s entries was changed.", changed)
                    % {"count": changed},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status, at any time, with a reason"),
            "form": form,
            "targets": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "override_status",
        }
        return TemplateResponse(request, "admin/innovations/action_form.html", context)


@admin.register(ProposalSection)
class ProposalSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "competition", "position", "word_limit", "weight", "is_active"]
    list_filter = ["competition", "is_active"]
    search_fields = ["title"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "competition"]
    list_filter = ["competition"]
    search_fields = ["name"]
