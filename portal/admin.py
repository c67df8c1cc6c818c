from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innovations.uploads import display_name, inspect_document
from portal.models import Announcement, FrequentlyAskedQuestion, Guideline
from sinovik.cache import public_cache_bump


class PublicContentAdmin(admin.ModelAdmin):
    """Admin of content shown on public pages: every change renews the cached public pages."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_cache_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_cache_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_cache_bump()


@admin.register(Announcement)
class AnnouncementAdmin(PublicContentAdmin):
    list_display = ["title", "published_at", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"


@admin.register(FrequentlyAskedQuestion)
class FrequentlyAskedQuestionAdmin(PublicContentAdmin):
    list_display = ["question", "order", "is_published"]
    list_editable = ["order", "is_published"]
    search_fields = ["question", "answer"]


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = Guideline
        fields = ["title", "description", "file", "order", "is_published"]
        help_texts = {"file": _("A PDF document. It is checked by its content, not by its name.")}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # An unchanged file on an edit is the stored one, already checked.
        if uploaded is None or not hasattr(uploaded, "content_type"):
            return uploaded
        inspected = inspect_document(uploaded)
        self.inspected = inspected
        self.original_name = display_name(uploaded.name)
        return uploaded

    def save(self, commit=True):
        guideline = super().save(commit=False)
        inspected = getattr(self, "inspected", None)
        if inspected is not None:
            # Store the checked bytes under a generated name; the uploader's
            # file name is kept for display only.
            inspected.content.name = "upload.pdf"
            guideline.file = inspected.content
            guideline.original_name = self.original_name
            guideline.size = inspected.size
        if commit:
            guideline.save()
        return guideline


@admin.register(Guideline)
class GuidelineAdmin(PublicContentAdmin):
    form = GuidelineForm
    list_display = ["title", "original_name", "size", "order", "is_published", "uploaded_at"]
    list_editable = ["order", "is_published"]
    readonly_fields = ["original_name", "size", "uploaded_at"]
