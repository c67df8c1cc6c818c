"""Provinces, agencies, their work units and the people who sign in."""
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """One of Indonesia's 38 provinces, with its Ministry of Home Affairs code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    MINISTRY = "kementerian", _("Ministry")
    NATIONAL_AGENCY = "lembaga", _("National agency")
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabupaten", _("Regency")
    CITY = "kota", _("City")
    STATE_COMPANY = "bumn", _("State-owned company (BUMN)")
    REGIONAL_COMPANY = "bumd", _("Regional company (BUMD)")


class Agency(models.Model):
    """A government body that takes part in the competition (instansi)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("Leave empty for national agencies."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("coordinating agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_agencies",
        help_text=_(
            "For a regional company (BUMD): the regional government whose coordinator "
            "manages its work units and accounts."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class WorkUnit(models.Model):
    """A work unit (SKPD) of an agency: a dinas, badan, kecamatan, hospital…"""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="work_units",
    )
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    # Text, not a number: agency codes such as "001.02" keep their leading zeros.
    code = models.CharField(
        _("code"),
        max_length=30,
        blank=True,
        help_text=_("The agency's own code for the unit, if it has one. Unique within the agency."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive units keep their entries but cannot start new ones."),
    )

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        constraints = [
            models.UniqueConstraint(
                "agency", Lower("name"), name="workunit_name_unique_per_agency"
            ),
            models.UniqueConstraint(
                "agency",
                "code",
                condition=~Q(code=""),
                name="workunit_code_unique_per_agency",
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    COORDINATOR = "coordinator", _("Coordinator")
    OPERATOR = "operator", _("Operator")
    JUDGE = "judge", _("Judge")


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username):
        return self.get(username=self.model.normalize_username(username))

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: admin, coordinator, operator or judge."""

    first_name = None
    last_name = None

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when a password is issued; cleared when the user sets their own at first sign-in."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.OPERATOR
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        help_text=_("The agency a coordinator manages."),
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        help_text=_("The work unit an operator writes for."),
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The manager stores usernames trimmed and in lower case; this
            # index also catches rows written around it.
            models.UniqueConstraint(
                Lower("username"), name="user_username_unique_ignoring_case"
            ),
            # No leading or trailing whitespace of any kind (TRIM in SQL only
            # removes spaces, so tabs and line breaks are checked by pattern).
            models.CheckConstraint(
                condition=~Q(username__regex=r"^\s|\s$"),
                name="user_username_has_no_surrounding_spaces",
            ),
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(agency__isnull=False),
                name="user_coordinator_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role="operator") | Q(work_unit__isnull=False),
                name="user_operator_has_work_unit",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @classmethod
    def normalize_username(cls, username):
        # Usernames are compared without regard to case or surrounding
        # spaces, so they are stored trimmed and in lower case.
        return super().normalize_username(username).strip().lower()

    def get_absolute_url(self):
        return reverse("workspace:dashboard")

    @property
    def is_operator(self):
        return self.role == Role.OPERATOR

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_portal_admin(self):
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def requires_two_factor(self):
        # Admins and judges see unpublished entries and scores of every agency.
        return self.role in (Role.ADMIN, Role.JUDGE) or self.is_superuser or self.is_staff

    @property
    def profile_missing_fields(self):
        """Names of the profile fields that first sign-in still has to fill in."""
        return [name for name in PROFILE_FIELDS if not getattr(self, name).strip()]

    @property
    def first_sign_in_pending(self):
        return self.must_change_password or bool(self.profile_missing_fields)


PROFILE_FIELDS = ("full_name", "position", "email", "phone")


class ActivityAction(models.TextChoices):
    ACCOUNT_ISSUED = "account_issued", _("Account issued")
    ACCOUNT_REISSUED = "account_reissued", _("Password re-issued")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ACCOUNT_REACTIVATED = "account_reactivated", _("Account reactivated")
    PROFILE_COMPLETED = "profile_completed", _("First sign-in completed")
    PROFILE_CHANGED = "profile_changed", _("Profile changed")
    WORK_UNIT_CREATED = "work_unit_created", _("Work unit created")
    WORK_UNIT_CHANGED = "work_unit_changed", _("Work unit changed")
    WORK_UNIT_DEACTIVATED = "work_unit_deactivated", _("Work unit deactivated")
    WORK_UNITS_IMPORTED = "work_units_imported", _("Work units imported")


class ActivityLog(models.Model):
    """Who issued, re-issued, deactivated or changed which account or unit, and when.

    ``details`` holds changed field names and counts, never a password.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_done",
    )
    action = models.CharField(_("action"), max_length=40, choices=ActivityAction.choices)
    target_user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_received",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        indexes = [models.Index(fields=["agency", "-created_at"], name="activity_agency_time")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def changed_field_labels(self):
        """Return the changed fields' names as users see them (verbose names), for display."""
        labels = []
        for name in self.details.get("fields", []):
            for model in (User, WorkUnit, Agency):
                try:
                    labels.append(str(model._meta.get_field(name).verbose_name))
                    break
                except FieldDoesNotExist:
                    continue
            else:
                labels.append(name)
        return labels
