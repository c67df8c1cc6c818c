from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import ActivityAction, ActivityLog, Agency, Province, User, WorkUnit
from accounts.services import activity_record


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "parent"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["province", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "code", "agency", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    search_fields = ["name", "abbreviation", "code", "agency__name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "agency", "work_unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "work_unit__name", "agency__name"]
    list_select_related = ["agency", "work_unit"]
    autocomplete_fields = ["agency", "work_unit"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "position", "email", "phone", "must_change_password"]}),
        (_("Role in the portal"), {"fields": ["role", "agency", "work_unit"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "role", "agency", "work_unit", "password1", "password2"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Changes made here appear in the portal's activity log too, by field name only.
        fields = [name for name in form.changed_data if "password" not in name]
        if change and fields:
            activity_record(
                actor=request.user, action=ActivityAction.PROFILE_CHANGED, target_user=obj, fields=fields
            )


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """The activity log is a record: it can be read and searched, never edited."""

    list_display = ["created_at", "actor", "action", "target_user", "work_unit", "agency"]
    list_filter = ["action"]
    search_fields = ["actor__username", "target_user__username", "work_unit__name", "agency__name"]
    list_select_related = ["actor", "target_user", "work_unit", "agency"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
