"""Competitions, their proposal templates, and the innovations entered in them."""
import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simple_history.models import HistoricalRecords

from accounts.models import Agency, WorkUnit
from innovations.video import youtube_video_id


class HistoryAuthorMixin(models.Model):
    """Keep the author's name on a historical record after the account is gone."""

    # history_user is SET_NULL when an account is deleted; this copy stays.
    history_user_name = models.CharField(_("changed by"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Competition(models.Model):
    """One year's competition, with its submission window in WIB."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    name = models.CharField(_("name"), max_length=200)
    submission_opens_on = models.DateField(
        _("submission opens on"),
        help_text=_("Operators may submit from 00:00 WIB of this day."),
    )
    submission_closes_on = models.DateField(
        _("submission closes on"),
        help_text=_("The last day of submission; the portal closes at 23:59:59 WIB."),
    )
    minimum_age_years = models.PositiveSmallIntegerField(
        _("minimum age of an innovation (years)"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_(
            "An innovation must have started at least this many years before "
            "the last day of submission."
        ),
    )
    publish_only_results = models.BooleanField(
        _("publish only results"),
        default=False,
        help_text=_(
            "If set, entries become public only when their results are published, "
            "not when the coordinator forwards them."
        ),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes_on__gte=models.F("submission_opens_on")),
                name="competition_window_is_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def submission_opens_at(self):
        """Return the first moment of submission, 00:00:00 WIB of the opening day."""
        start = datetime.datetime.combine(self.submission_opens_on, datetime.time.min)
        return timezone.make_aware(start, timezone.get_default_timezone())

    @property
    def submission_deadline(self):
        """Return the first moment after the window: 00:00:00 WIB after the last day."""
        end = datetime.datetime.combine(
            self.submission_closes_on + datetime.timedelta(days=1), datetime.time.min
        )
        return timezone.make_aware(end, timezone.get_default_timezone())

    @property
    def last_submission_moment(self):
        """Return 23:59:59 WIB of the last day, the moment shown to users."""
        return self.submission_deadline - datetime.timedelta(seconds=1)

    def is_open_for_submission(self, now=None):
        now = now or timezone.now()
        return self.submission_opens_at <= now < self.submission_deadline

    @property
    def latest_start_date(self):
        """Return the last date on which an eligible innovation may have started."""
        closes = self.submission_closes_on
        try:
            return closes.replace(year=closes.year - self.minimum_age_years)
        except ValueError:
            # 29 February in a year that has none moves to 28 February.
            return closes.replace(year=closes.year - self.minimum_age_years, day=28)


class Category(models.Model):
    """A thematic category of one competition, such as service delivery."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["competition", "number"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "number"], name="category_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Group(models.Model):
    """A group of one competition, such as Kelompok Umum or Replikasi."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["competition", "number"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="group_number_unique"),
        ]

    def __str__(self):
        return self.name


class SDG(models.Model):
    """One of the 17 Sustainable Development Goals, with its Indonesian name."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class ProposalSection(models.Model):
    """A section of a competition's proposal template, with its word limit."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"))
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    word_limit = models.PositiveIntegerField(
        _("word limit"), validators=[MinValueValidator(1)]
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive sections are hidden from the editor; answers already written in them are kept."
        ),
    )

    class Meta:
        ordering = ["competition", "position"]
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "position"], name="section_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="section_weight_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(word_limit__gte=1), name="section_word_limit_positive"
            ),
        ]

    def __str__(self):
        return self.title


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    FORWARDED = "forwarded", _("Forwarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PUBLISHED = "published", _("Published")


# Statuses of entries the public may see. Whether a forwarded entry is public
# also depends on its competition: see public_entry_q, the single rule.
PUBLIC_STATUSES = (Status.FORWARDED, Status.PUBLISHED)
# Entries an operator may still change.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


def public_entry_q(prefix=""):
    """Return the condition under which an entry is public, as a Q object.

    An entry is public once its coordinator forwards it. In a competition that
    publishes only results, a forwarded entry is public only once it has a
    stage reached. Imported records of past competitions (status published)
    are always public. ``prefix`` is the lookup path to the innovation, such as
    "innovations__", for filters on related models.
    """
    return Q(**{f"{prefix}status": Status.PUBLISHED}) | (
        Q(**{f"{prefix}status": Status.FORWARDED})
        & (
            Q(**{f"{prefix}competition__publish_only_results": False})
            | ~Q(**{f"{prefix}stage_reached": ""})
        )
    )


class InnovationQuerySet(models.QuerySet):
    def public(self):
        """Return the entries anyone may see; every public read goes through this."""
        return self.filter(public_entry_q())


def normalize_title(title):
    """Return the key under which titles are compared: lower case, single spaces."""
    return " ".join(title.split()).casefold()


class Innovation(models.Model):
    """An innovation entered in a competition by a work unit of an agency."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    # Past competitions' records name only the agency, so the unit is optional
    # for them; every entry written in the portal has one.
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
    )
    sdgs = models.ManyToManyField(
        SDG, verbose_name=_("sustainable development goals"), blank=True, related_name="innovations"
    )
    previous_awards = models.TextField(
        _("previous awards"),
        blank=True,
        help_text=_("Awards the innovation has received before, one per line."),
    )
    title = models.CharField(_("title"), max_length=255)
    title_key = models.CharField(max_length=255, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    started_on = models.DateField(_("date started"), null=True, blank=True)
    video_url = models.URLField(_("video link (YouTube)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    stage_reached = models.CharField(
        _("stage reached"),
        max_length=100,
        blank=True,
        help_text=_("For example Top 99 or Top 45."),
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Public source of a past competition's record."),
    )
    # Incremented by every save of the proposal, so that a save based on an
    # older version is detected instead of overwriting newer text.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = InnovationQuerySet.as_manager()
    history = HistoricalRecords(
        bases=[HistoryAuthorMixin],
        excluded_fields=["title_key", "updated_at"],
        m2m_fields=[sdgs],
    )

    class Meta:
        ordering = ["-competition__year", "title", "id"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "title_key"], name="innovation_title_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "competition"], name="innovation_status_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The comparison key is derived data: keep it in step with the title.
        self.title_key = normalize_title(self.title)
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:innovation_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        # Mirrors public_entry_q for one loaded entry.
        if self.status == Status.PUBLISHED:
            return True
        if self.status == Status.FORWARDED:
            return not self.competition.publish_only_results or bool(self.stage_reached)
        return False

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def youtube_id(self):
        return youtube_video_id(self.video_url)


class Answer(models.Model):
    """An innovation's text for one section of the proposal template."""

    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    # PROTECT: a section that has answers cannot be deleted, so changing a
    # template after entries exist never loses their text.
    section = models.ForeignKey(
        ProposalSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)

    history = HistoricalRecords(bases=[HistoryAuthorMixin])

    class Meta:
        ordering = ["section__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "section"], name="answer_unique_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.innovation} – {self.section}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")


class PhotoRole(models.TextChoices):
    BEFORE = "before", _("Before the innovation")
    AFTER = "after", _("After the innovation")
    COVER = "cover", _("Cover photo")
    OTHER = "other", _("Other")


def _extension(content_type):
    return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(content_type, "pdf")


def attachment_path(instance, filename):
    """Return a storage path that reveals nothing of the original name."""
    return f"attachments/{instance.uuid.hex[:2]}/{instance.uuid.hex}.{_extension(instance.content_type)}"


def thumbnail_path(instance, filename):
    return f"attachments/{instance.uuid.hex[:2]}/{instance.uuid.hex}-thumb.{_extension(instance.content_type)}"


class Attachment(models.Model):
    """A file attached to an innovation: a photo or a PDF document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    section = models.ForeignKey(
        ProposalSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        help_text=_("The section this file is evidence for, if any."),
    )
    role = models.CharField(
        _("role of the photo"), max_length=20, choices=PhotoRole.choices, blank=True
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=thumbnail_path, max_length=200, blank=True
    )
    # The name the uploader's computer gave the file, shown for display only.
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("public:attachment", kwargs={"uuid": self.uuid})

    def get_thumbnail_url(self):
        if not self.thumbnail:
            return self.get_absolute_url()
        return reverse("public:attachment_thumbnail", kwargs={"uuid": self.uuid})

    @property
    def is_photo(self):
        return self.kind == AttachmentKind.PHOTO


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the coordinator")
    RETURNED = "returned", _("Returned to the operator")
    FORWARDED = "forwarded", _("Forwarded to the organiser")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OVERRIDDEN = "overridden", _("Status changed by the admin")


class InnovationEvent(models.Model):
    """One change of an entry's status: who made it, when, and the note given."""

    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept when the account is later deleted or renamed.
    actor_name = models.CharField(_("by (name)"), max_length=300)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")
        indexes = [models.Index(fields=["innovation", "created_at"], name="event_innovation_idx")]

    def __str__(self):
        return f"{self.innovation} – {self.get_kind_display()}"


class DeadlineReminder(models.Model):
    """A deadline reminder sent to one coordinator on one day, so a rerun sends none again."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "coordinator", "sent_on"], name="reminder_once_a_day"
            ),
        ]
