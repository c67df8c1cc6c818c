"""Checks shared by the writes on entries: who, when, and whether the data is valid."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from innovations.models import EDITABLE_STATUSES, Innovation, normalize_title
from innovations.video import youtube_video_id, youtube_watch_url


class StaleVersion(Exception):
    """Raised when a save is based on an older version of the proposal."""


def ensure_operator_of(user, innovation):
    # The selectors already scope querysets to the unit; this guards services
    # called from elsewhere (commands, other views).
    if not (user.role == Role.OPERATOR and user.work_unit_id == innovation.work_unit_id):
        raise PermissionDenied


def ensure_coordinator_of(user, innovation):
    if not (user.role == Role.COORDINATOR and user.agency_id == innovation.agency_id):
        raise PermissionDenied


def ensure_window_open(competition):
    now = timezone.now()
    if now < competition.submission_opens_at:
        raise ValidationError(
            _("Submission for %(competition)s opens on %(opens)s WIB. Entries can be created, changed and submitted from then on."),
            code="not_open_yet",
            params={
                "competition": competition.name,
                "opens": timezone.localtime(competition.submission_opens_at).strftime("%d-%m-%Y %H:%M:%S"),
            },
        )
    if not competition.is_open_for_submission(now):
        raise ValidationError(
            _("Submission for %(competition)s closed on %(deadline)s WIB. Entries can no longer be created, changed or submitted."),
            code="closed",
            params={
                "competition": competition.name,
                "deadline": timezone.localtime(competition.last_submission_moment).strftime("%d-%m-%Y %H:%M:%S"),
            },
        )


def ensure_editable(innovation):
    if innovation.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This entry has status “%(status)s” and can no longer be changed."),
            code="not_editable",
            params={"status": innovation.get_status_display()},
        )


def duplicate_title_error(title):
    return ValidationError(
        {"title": _("Another entry in this competition already has the title “%(title)s”. Choose a different title.") % {"title": title}}
    )


def clean_title(competition, title, exclude_pk=None):
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Enter the title of the innovation.")})
    duplicates = Innovation.objects.filter(competition=competition, title_key=normalize_title(title))
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise duplicate_title_error(title)
    return title


def clean_video_url(url):
    url = (url or "").strip()
    if not url:
        return ""
    video_id = youtube_video_id(url)
    if not video_id:
        raise ValidationError(
            {"video_url": _("Enter a YouTube video link, such as https://www.youtube.com/watch?v=…")}
        )
    return youtube_watch_url(video_id)


def clean_started_on(competition, started_on):
    if started_on and started_on > competition.latest_start_date:
        raise ValidationError(
            {
                "started_on": ngettext(
                    "The innovation must have started on or before %(date)s, %(years)s year before the last day of submission.",
                    "The innovation must have started on or before %(date)s, %(years)s years before the last day of submission.",
                    competition.minimum_age_years,
                )
                % {"date": date_format(competition.latest_start_date, "j F Y"), "years": competition.minimum_age_years}
            }
        )
    return started_on


def clean_choice_of_competition(competition, *, category=None, group=None):
    if category is not None and category.competition_id != competition.pk:
        raise ValidationError({"category": _("Choose a category of this competition.")})
    if group is not None and group.competition_id != competition.pk:
        raise ValidationError({"group": _("Choose a group of this competition.")})


def clean_details(competition, *, title, video_url, started_on, category=None, group=None, exclude_pk=None):
    """Check an entry's details and return the cleaned title, video link and start date.

    Every field is checked before anything is raised, so the operator sees all
    the problems of one save at once instead of one per attempt.
    """
    errors = {}
    cleaned = {}
    checks = [
        ("choice", lambda: clean_choice_of_competition(competition, category=category, group=group)),
        ("title", lambda: clean_title(competition, title, exclude_pk=exclude_pk)),
        ("video_url", lambda: clean_video_url(video_url)),
        ("started_on", lambda: clean_started_on(competition, started_on)),
    ]
    for name, check in checks:
        try:
            cleaned[name] = check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned["title"], cleaned["video_url"], cleaned["started_on"]
