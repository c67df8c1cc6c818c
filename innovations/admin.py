from django.contrib import admin

from innovations.models import Answer, Attachment, Category, Competition, Innovation, ProposalSection
from innovations.services import proposal_template_apply_default


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class ProposalSectionInline(admin.StackedInline):
    model = ProposalSection
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "submission_opens_on", "submission_closes_on", "minimum_age_years"]
    inlines = [CategoryInline, ProposalSectionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new competition starts from the default proposal template
            # unless the admin entered sections of its own.
            proposal_template_apply_default(competition=form.instance)


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


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["title", "competition", "agency", "work_unit", "status", "stage_reached"]
    list_filter = ["status", "competition", "agency__kind"]
    search_fields = ["title", "agency__name", "work_unit__name"]
    list_select_related = ["competition", "agency", "work_unit"]
    autocomplete_fields = ["agency", "work_unit", "category"]
    readonly_fields = ["version", "created_at", "updated_at", "submitted_at", "created_by"]
    inlines = [AnswerInline, AttachmentInline]


@admin.register(ProposalSection)
class ProposalSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "competition", "position", "word_limit", "weight"]
    list_filter = ["competition"]
    search_fields = ["title"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "competition"]
    list_filter = ["competition"]
    search_fields = ["name"]
