"""Announcements, frequently asked questions and guideline documents of the public portal."""
import uuid

import nh3
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The markup an admin may use in an announcement. Other tags and attributes
# (event handlers, iframes) are dropped when the body is shown, keeping their
# text, and nh3 drops script and style elements with their content.
ANNOUNCEMENT_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "i", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ANNOUNCEMENT_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan", "scope"}}
RESERVED_ANNOUNCEMENT_SLUGS = {"feed"}


def sanitize_html(html):
    """Return html with only the allowed tags and attributes, and links limited to http, https and mailto."""
    return nh3.clean(
        html,
        tags=ANNOUNCEMENT_TAGS,
        attributes=ANNOUNCEMENT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


class AnnouncementQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return the announcements the public may read at this moment."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())


class Announcement(models.Model):
    """A news item of the organiser, such as a deadline change or a result."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in lists, the feed and link previews."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "HTML with paragraphs, headings, lists, tables and links. Other markup is removed when shown."
        ),
    )
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("The announcement is public from this moment (WIB) when it is marked published."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="announcement_published_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # /pengumuman/feed/ is the feed's address, so an announcement there
        # could never be opened.
        if self.slug in RESERVED_ANNOUNCEMENT_SLUGS:
            reserved = ValidationError(
                _("The address name “%(slug)s” is reserved. Choose another one."),
                code="reserved",
                params={"slug": self.slug},
            )
            raise ValidationError({"slug": reserved})

    def get_absolute_url(self):
        return reverse("portal:announcement_detail", kwargs={"slug": self.slug})

    @property
    def body_html(self):
        # Sanitised on every display, so a body written around the admin
        # (a shell, a data import) is as safe as one saved through it.
        return mark_safe(sanitize_html(self.body))  # noqa: S308 (nh3 output contains only allowed markup)


class FrequentlyAskedQuestion(models.Model):
    """A question and its answer on the public help page."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("Plain text; line breaks are kept."))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Questions are shown from the smallest number up.")
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self):
        return self.question


def guideline_path(instance, filename):
    """Return a storage path that reveals nothing of the original name."""
    return f"guidelines/{instance.uuid.hex}.pdf"


class Guideline(models.Model):
    """A guideline document (PDF) that anyone may download, such as the competition rules."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    file = models.FileField(_("file (PDF)"), upload_to=guideline_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Documents are listed from the smallest number up.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "title", "id"]
        verbose_name = _("guideline document")
        verbose_name_plural = _("guideline documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:guideline_download", kwargs={"uuid": self.uuid})


class InnovationSearchDocument(models.Model):
    """The words of all of an entry's section answers, for the public search.

    One narrow row per entry with answers: the search finds matching entries
    through this table's full-text index (created on PostgreSQL only, by
    migration 0003) without reading every matching answer. Triggers on the
    answers table keep it current, so every way of writing an answer updates it.
    """

    innovation = models.OneToOneField(
        "innovations.Innovation",
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    answers_vector = SearchVectorField(_("words of the answers"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.innovation_id)
