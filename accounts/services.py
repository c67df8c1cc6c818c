"""Writes on work units and accounts. Views call these and nothing else writes.

Every write records who did it in the activity log, without any secret.
"""
import json
import logging
import re
import secrets
import time

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import ActivityAction, ActivityLog, Agency, Role, User, WorkUnit
from accounts.passwords import password_generate
from sinovik.cache import public_cache_bump

logger = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Words that every agency name starts with and that add nothing to a username.
AGENCY_NAME_FILLER = {"pemerintah"}
USERNAME_PART_MAX_LENGTH = 40


def activity_record(*, actor, action, target_user=None, agency=None, work_unit=None, **details):
    """Add one entry to the activity log. ``details`` must not contain secrets."""
    if agency is None and work_unit is not None:
        agency = work_unit.agency
    if agency is None and target_user is not None:
        agency = target_user.agency or (target_user.work_unit.agency if target_user.work_unit_id else None)
    return ActivityLog.objects.create(
        actor=actor,
        action=action,
        target_user=target_user,
        agency=agency,
        work_unit=work_unit or (target_user.work_unit if target_user is not None else None),
        details=details,
    )


# --- Work units -------------------------------------------------------------


def _workunit_check_unique(*, agency, name, code, exclude_pk=None):
    others = WorkUnit.objects.filter(agency=agency).exclude(pk=exclude_pk)
    errors = {}
    if others.filter(name__iexact=name).exists():
        errors["name"] = _("The agency already has a work unit named “%(name)s”. Choose another name.") % {
            "name": name
        }
    if code and others.filter(code=code).exists():
        errors["code"] = _("The agency already has a work unit with the code “%(code)s”. Choose another code.") % {
            "code": code
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workunit_create(*, actor, agency, name, abbreviation="", code=""):
    """Create an active work unit of the agency."""
    name, abbreviation, code = " ".join(name.split()), abbreviation.strip(), code.strip()
    _workunit_check_unique(agency=agency, name=name, code=code)
    unit = WorkUnit.objects.create(agency=agency, name=name, abbreviation=abbreviation, code=code)
    activity_record(actor=actor, action=ActivityAction.WORK_UNIT_CREATED, work_unit=unit)
    return unit


@transaction.atomic
def workunit_update(*, actor, work_unit, name, abbreviation="", code=""):
    """Change a unit's name, abbreviation and code; the log names the changed fields."""
    name, abbreviation, code = " ".join(name.split()), abbreviation.strip(), code.strip()
    _workunit_check_unique(agency=work_unit.agency, name=name, code=code, exclude_pk=work_unit.pk)
    changed = [
        field
        for field, value in (("name", name), ("abbreviation", abbreviation), ("code", code))
        if getattr(work_unit, field) != value
    ]
    if not changed:
        return work_unit
    work_unit.name, work_unit.abbreviation, work_unit.code = name, abbreviation, code
    work_unit.save(update_fields=changed)
    if {"name", "abbreviation"} & set(changed):
        # Public pages and cards show the unit's name, and search finds it.
        public_cache_bump()
    activity_record(
        actor=actor, action=ActivityAction.WORK_UNIT_CHANGED, work_unit=work_unit, fields=changed
    )
    return work_unit


@transaction.atomic
def workunit_deactivate(*, actor, work_unit):
    """Deactivate a unit and its operators' accounts. Its entries and their history stay."""
    if not work_unit.is_active:
        return work_unit
    work_unit.is_active = False
    work_unit.save(update_fields=["is_active"])
    operators = list(User.objects.filter(work_unit=work_unit, is_active=True))
    for operator in operators:
        account_deactivate(actor=actor, user=operator)
    activity_record(
        actor=actor,
        action=ActivityAction.WORK_UNIT_DEACTIVATED,
        work_unit=work_unit,
        accounts_deactivated=len(operators),
    )
    return work_unit


@transaction.atomic
def workunit_reactivate(*, actor, work_unit):
    """Make a unit active again. Its operators get their accounts back by re-issue."""
    if work_unit.is_active:
        return work_unit
    work_unit.is_active = True
    work_unit.save(update_fields=["is_active"])
    activity_record(
        actor=actor, action=ActivityAction.WORK_UNIT_CHANGED, work_unit=work_unit, fields=["is_active"]
    )
    return work_unit


@transaction.atomic
def workunit_import(*, actor, agency, rows):
    """Save checked import rows (see accounts.imports): create new units, update matched ones.

    Returns the units in file order. The whole import is one transaction.
    """
    units = []
    created = updated = 0
    existing = {unit.pk: unit for unit in WorkUnit.objects.select_for_update().filter(agency=agency)}
    for row in rows:
        if row["unit_id"]:
            unit = existing[row["unit_id"]]
            changed = [
                field
                for field in ("name", "abbreviation", "code")
                if row[field] and getattr(unit, field) != row[field]
            ]
            for field in changed:
                setattr(unit, field, row[field])
            if changed:
                unit.save(update_fields=changed)
                updated += 1
                if {"name", "abbreviation"} & set(changed):
                    # Public pages and cards show the unit's name. Repeated calls make one bump.
                    public_cache_bump()
        else:
            unit = WorkUnit(agency=agency, name=row["name"], abbreviation=row["abbreviation"], code=row["code"])
            created += 1
        units.append(unit)
    # One INSERT per thousand new units keeps a 10,000-row file to a few seconds.
    WorkUnit.objects.bulk_create([unit for unit in units if unit.pk is None], batch_size=1000)
    activity_record(
        actor=actor,
        action=ActivityAction.WORK_UNITS_IMPORTED,
        agency=agency,
        created=created,
        updated=updated,
        rows=len(rows),
    )
    return units


# --- Usernames ----------------------------------------------------------------


def _slug_part(text):
    return slugify(text)[:USERNAME_PART_MAX_LENGTH].strip("-")


def agency_username_part(agency):
    """Return the readable part of a username that names the agency, e.g. "kota-bengkulu"."""
    words = [word for word in slugify(agency.name).split("-") if word not in AGENCY_NAME_FILLER]
    return "-".join(words)[:USERNAME_PART_MAX_LENGTH].strip("-") or "instansi"


def workunit_username_part(work_unit):
    """Return the unit's abbreviation as a username part, or its name when it has none."""
    return _slug_part(work_unit.abbreviation) or _slug_part(work_unit.name) or "unit"


def username_unused(base, reserved=()):
    """Return base, or base with the lowest free suffix ".2", ".3"…, not yet taken by any account."""
    taken = set(
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__startswith=base)
        .values_list("lowered", flat=True)
    ) | set(reserved)
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}.{number}"
        number += 1
    return candidate


def username_check(username):
    """Normalise a requested username and return it, or raise ValidationError saying what is wrong."""
    username = User.normalize_username(username)
    if not USERNAME_PATTERN.match(username) or len(username) > 150:
        raise ValidationError(
            _(
                "The username “%(username)s” is invalid. Use at most 150 lower-case letters, digits, "
                "dots, hyphens and underscores, starting with a letter or digit."
            ),
            code="invalid_username",
            params={"username": username},
        )
    return username


# --- Issuing accounts in batches ----------------------------------------------
#
# Hashing a password with Django's default PBKDF2 hasher takes a noticeable
# fraction of a second, so a batch of hundreds of accounts is issued over
# several short requests. The plan and the issued credentials live in the
# cache under an unguessable batch id, tied to the issuing user, encrypted
# with a key that only the issuing user's session holds, and expire after
# SINOVIK_CREDENTIAL_BATCH_SECONDS. Plaintext passwords are never saved in a
# model or written to a log.

BATCH_KEY = "credential-batch:{batch_id}"
BATCH_LOCK_KEY = "credential-batch-lock:{batch_id}"
BATCH_LOCK_SECONDS = 120


class BatchNotFound(Exception):
    """Raised when a credential batch is unknown, expired, closed or another user's."""


def _batch_key(batch_id):
    return BATCH_KEY.format(batch_id=batch_id)


def _batch_store(batch_id, key, batch):
    token = Fernet(key.encode()).encrypt(json.dumps(batch).encode())
    cache.set(_batch_key(batch_id), token, timeout=settings.SINOVIK_CREDENTIAL_BATCH_SECONDS)


def credential_batch_start(*, actor, entries):
    """Store a plan of accounts to issue and return its batch id and encryption key.

    Each entry is a dict: {"kind": "operator", "work_unit": id, "username": optional},
    {"kind": "coordinator", "agency": id} or {"kind": "reissue", "user": id}.
    """
    if not entries:
        raise ValidationError(_("Choose at least one work unit, agency or account."), code="empty_batch")
    batch_id = secrets.token_urlsafe(18)
    batch = {
        "owner": actor.pk,
        "entries": list(entries),
        "slips": [],
        "created_at": timezone.now().isoformat(),
        "hashing_seconds": 0.0,
    }
    key = Fernet.generate_key().decode()
    _batch_store(batch_id, key, batch)
    return batch_id, key


def credential_batch_get(*, actor, batch_id, key):
    """Return the batch if it exists and belongs to the actor, or raise BatchNotFound."""
    token = cache.get(_batch_key(batch_id))
    if token is None or not key:
        raise BatchNotFound(batch_id)
    try:
        batch = json.loads(Fernet(key.encode()).decrypt(token))
    except (InvalidToken, ValueError):
        raise BatchNotFound(batch_id) from None
    if batch["owner"] != actor.pk:
        raise BatchNotFound(batch_id)
    return batch


def credential_batch_close(*, actor, batch_id, key):
    """Forget a batch and its passwords."""
    credential_batch_get(actor=actor, batch_id=batch_id, key=key)
    cache.delete(_batch_key(batch_id))


def credential_batch_process(*, actor, batch_id, key, chunk_size=None):
    """Issue the next chunk of a batch's accounts and return the batch.

    A second request for the same batch while a chunk is running returns the
    batch unchanged, so a double click cannot issue an account twice.
    """
    chunk_size = chunk_size or settings.SINOVIK_ISSUE_CHUNK_SIZE
    lock_key = BATCH_LOCK_KEY.format(batch_id=batch_id)
    batch = credential_batch_get(actor=actor, batch_id=batch_id, key=key)
    if not cache.add(lock_key, 1, timeout=BATCH_LOCK_SECONDS):
        return batch
    try:
        # Read again under the lock: another request may have just finished a chunk.
        batch = credential_batch_get(actor=actor, batch_id=batch_id, key=key)
        start = len(batch["slips"])
        chunk = batch["entries"][start : start + chunk_size]
        if chunk:
            passwords = [password_generate() for _ in chunk]
            started = time.perf_counter()
            hashes = [make_password(password) for password in passwords]
            batch["hashing_seconds"] += time.perf_counter() - started
            batch["slips"].extend(_issue_chunk(actor=actor, entries=chunk, passwords=passwords, hashes=hashes))
            _batch_store(batch_id, key, batch)
            if len(batch["slips"]) == len(batch["entries"]):
                logger.info(
                    "Credential batch of %s accounts issued by user %s; hashing took %.1f s",
                    len(batch["entries"]),
                    actor.pk,
                    batch["hashing_seconds"],
                )
        return batch
    finally:
        cache.delete(lock_key)


@transaction.atomic
def _issue_chunk(*, actor, entries, passwords, hashes):
    slips = []
    reserved = set()
    for entry, password, password_hash in zip(entries, passwords, hashes):
        kind = entry["kind"]
        if kind == "operator":
            user = _operator_create(actor=actor, entry=entry, password_hash=password_hash, reserved=reserved)
        elif kind == "coordinator":
            user = _coordinator_create(actor=actor, entry=entry, password_hash=password_hash, reserved=reserved)
        elif kind == "reissue":
            user = _account_reissue(actor=actor, entry=entry, password_hash=password_hash)
        else:
            raise ValueError(f"Unknown batch entry kind {kind!r}.")
        if user is None:
            slips.append({"skipped": True})
            continue
        reserved.add(user.username)
        slips.append(_slip(user, password, reissued=kind == "reissue"))
    return slips


def _slip(user, password, *, reissued):
    work_unit = user.work_unit
    agency = user.agency or (work_unit.agency if work_unit else None)
    return {
        "user_id": user.pk,
        "username": user.username,
        "password": password,
        "role": user.get_role_display(),
        "agency": agency.name if agency else "",
        "work_unit": work_unit.name if work_unit else "",
        "reissued": reissued,
    }


def _operator_create(*, actor, entry, password_hash, reserved):
    work_unit = WorkUnit.objects.select_related("agency").filter(pk=entry["work_unit"], is_active=True).first()
    if work_unit is None:
        # The unit was deactivated after the batch was planned.
        return None
    requested_username = entry.get("username")
    requested_username_free = (
        requested_username
        and requested_username not in reserved
        and not User.objects.filter(username__iexact=requested_username).exists()
    )
    if requested_username_free:
        username = requested_username
    else:
        base = f"{workunit_username_part(work_unit)}.{agency_username_part(work_unit.agency)}"
        username = username_unused(base, reserved)
    user = User(
        username=username,
        role=Role.OPERATOR,
        work_unit=work_unit,
        password=password_hash,
        must_change_password=True,
    )
    user.save()
    activity_record(actor=actor, action=ActivityAction.ACCOUNT_ISSUED, target_user=user, role=user.role)
    return user


def _coordinator_create(*, actor, entry, password_hash, reserved):
    agency = Agency.objects.filter(pk=entry["agency"]).first()
    if agency is None:
        return None
    username = username_unused(f"koordinator.{agency_username_part(agency)}", reserved)
    user = User(
        username=username,
        role=Role.COORDINATOR,
        agency=agency,
        password=password_hash,
        must_change_password=True,
    )
    user.save()
    activity_record(actor=actor, action=ActivityAction.ACCOUNT_ISSUED, target_user=user, role=user.role)
    return user


def _account_reissue(*, actor, entry, password_hash):
    user = (
        User.objects.select_for_update(of=("self",))
        .select_related("work_unit__agency", "agency")
        .filter(pk=entry["user"])
        .first()
    )
    if user is None:
        return None
    reactivated = not user.is_active
    # A new password hash changes the session hash, so every session of the
    # account ends at its next request.
    user.password = password_hash
    user.must_change_password = True
    user.is_active = True
    user.save(update_fields=["password", "must_change_password", "is_active"])
    activity_record(
        actor=actor, action=ActivityAction.ACCOUNT_REISSUED, target_user=user, reactivated=reactivated
    )
    return user


def operator_issue(*, actor, work_units, count=1, usernames=None):
    """Plan operator accounts for units (count each) and return the batch id and key."""
    usernames = usernames or {}
    entries = [
        {"kind": "operator", "work_unit": unit.pk, "username": usernames.get(unit.pk) if number == 0 else None}
        for unit in work_units
        for number in range(count)
    ]
    return credential_batch_start(actor=actor, entries=entries)


def coordinator_issue(*, actor, agencies):
    """Plan one coordinator account per agency and return the batch id and key."""
    if not actor.is_portal_admin:
        raise ValidationError(_("Only the organiser's admins issue coordinator accounts."), code="not_admin")
    return credential_batch_start(actor=actor, entries=[{"kind": "coordinator", "agency": a.pk} for a in agencies])


def account_reissue(*, actor, users):
    """Plan new passwords for existing accounts and return the batch id and key."""
    return credential_batch_start(actor=actor, entries=[{"kind": "reissue", "user": user.pk} for user in users])


# --- Accounts -----------------------------------------------------------------


@transaction.atomic
def account_deactivate(*, actor, user):
    """Close an account: it can no longer sign in, and its sessions and reset links stop working.

    The unit's entries stay, because they belong to the unit, not the person.
    An unusable password changes the session hash and the reset token's input,
    so open sessions and mailed reset links die with the account.
    """
    if not user.is_active:
        return user
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    activity_record(actor=actor, action=ActivityAction.ACCOUNT_DEACTIVATED, target_user=user)
    return user


@transaction.atomic
def account_first_sign_in_complete(*, user, full_name, position, email, phone, password=None):
    """Store the profile of first sign-in and, if given, the user's own new password."""
    changed = [
        field
        for field, value in (("full_name", full_name), ("position", position), ("email", email), ("phone", phone))
        if getattr(user, field) != value
    ]
    user.full_name, user.position, user.email, user.phone = full_name, position, email, phone
    if password:
        user.set_password(password)
        user.must_change_password = False
        changed += ["password"]
    user.save()
    activity_record(actor=user, action=ActivityAction.PROFILE_COMPLETED, target_user=user, fields=changed)
    return user


@transaction.atomic
def account_profile_update(*, user, full_name, position, email, phone):
    """Change the signed-in user's own profile."""
    changed = [
        field
        for field, value in (("full_name", full_name), ("position", position), ("email", email), ("phone", phone))
        if getattr(user, field) != value
    ]
    if not changed:
        return user
    user.full_name, user.position, user.email, user.phone = full_name, position, email, phone
    user.save(update_fields=changed)
    activity_record(actor=user, action=ActivityAction.PROFILE_CHANGED, target_user=user, fields=changed)
    return user
