"""Administration pages for editing stages and criteria. Judging itself runs on the organiser's pages."""
from django.contrib import admin

from accounts.models import Role, User

from judging.models import (
    Assignment,
    Criterion,
    JudgeProfile,
    Objection,
    ScoreRevision,
    ShortlistOverride,
    Stage,
    StageEntry,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["competition", "position", "name", "kind", "starts_on", "ends_on", "shortlist_size", "published_at"]
    list_filter = ["competition", "kind"]
    filter_horizontal = ["judges"]
    inlines = [CriterionInline]
    readonly_fields = ["entries_taken_in_at", "closed_at", "outcome_fixed_at", "outcome_fixed_by", "published_at", "published_by"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges":
            kwargs["queryset"] = User.objects.filter(role=Role.JUDGE).order_by("full_name", "username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(StageEntry)
class StageEntryAdmin(admin.ModelAdmin):
    list_display = ["innovation", "stage", "outcome", "reason", "rank", "total"]
    list_filter = ["stage__competition", "stage", "outcome"]
    list_select_related = ["innovation", "stage__competition"]
    search_fields = ["innovation__title"]
    raw_id_fields = ["innovation", "decided_by"]
    # Outcomes change only through the organiser's pages, which check the stage's state.
    readonly_fields = ["stage", "innovation", "outcome", "reason", "note", "total", "rank", "decided_by", "decided_at"]


@admin.register(JudgeProfile)
class JudgeProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "own_agency", "pact_accepted_at"]
    raw_id_fields = ["user"]
    filter_horizontal = ["conflict_agencies", "conflict_provinces"]
    readonly_fields = ["pact_accepted_at"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["entry", "judge", "status", "submitted_at"]
    list_filter = ["stage", "status"]
    list_select_related = ["entry__innovation", "entry__stage__competition", "judge"]
    readonly_fields = [field.name for field in Assignment._meta.fields]


@admin.register(ScoreRevision)
class ScoreRevisionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "criterion", "value", "saved_at"]
    readonly_fields = [field.name for field in ScoreRevision._meta.fields]


@admin.register(ShortlistOverride)
class ShortlistOverrideAdmin(admin.ModelAdmin):
    list_display = ["entry", "action", "rank_at_decision", "decided_by", "decided_at"]
    readonly_fields = [field.name for field in ShortlistOverride._meta.fields]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["entry", "name", "email", "submitted_at", "resolution"]
    list_filter = ["resolution"]
    readonly_fields = ["entry", "name", "email", "phone", "reason", "document", "document_checksum", "submitted_at"]
