"""Writes on the photos, documents and evidence attached to an entry."""
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from innovations.models import Attachment, AttachmentKind, Innovation, PhotoRole
from innovations.services._checks import ensure_editable, ensure_operator_of, ensure_window_open
from innovations.uploads import display_name, inspect_upload

logger = logging.getLogger(__name__)


def attachment_total_size(innovation):
    return innovation.attachments.aggregate(total=Sum("size"))["total"] or 0


def attachment_add(*, user, innovation, kind, uploaded_file, section=None, role=""):
    """Inspect an uploaded file by its content and attach it to the entry."""
    ensure_operator_of(user, innovation)
    ensure_window_open(innovation.competition)
    ensure_editable(innovation)
    if section is not None and section.competition_id != innovation.competition_id:
        raise ValidationError({"section": _("Choose a section of this proposal.")})
    if kind != AttachmentKind.PHOTO:
        role = ""
    elif role not in PhotoRole.values:
        role = PhotoRole.OTHER
    inspected = inspect_upload(kind, uploaded_file)
    with transaction.atomic():
        # Lock the entry so two uploads at once cannot both pass the total limit.
        Innovation.objects.select_for_update().filter(pk=innovation.pk).exists()
        limit = settings.SINOVIK_MAX_ENTRY_BYTES
        used = attachment_total_size(innovation)
        if used + inspected.size > limit:
            raise ValidationError(
                _(
                    "The file “%(name)s” (%(size)s) does not fit: this entry's files may total at most "
                    "%(limit)s and %(used)s is used. Remove a file or upload a smaller one."
                ),
                code="entry_too_large",
                params={
                    "name": display_name(uploaded_file.name),
                    "size": filesizeformat(inspected.size),
                    "limit": filesizeformat(limit),
                    "used": filesizeformat(used),
                },
            )
        attachment = Attachment(
            innovation=innovation,
            kind=kind,
            role=role,
            section=section,
            original_name=display_name(uploaded_file.name),
            size=inspected.size,
            content_type=inspected.content_type,
            checksum=inspected.checksum,
            uploaded_by=user,
        )
        # Files are written to storage first; if the row cannot be saved, the
        # stored files are removed so that nothing is left half-stored.
        attachment.file.save("upload", inspected.content, save=False)
        try:
            if inspected.thumbnail is not None:
                attachment.thumbnail.save("thumbnail", inspected.thumbnail, save=False)
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            if attachment.thumbnail:
                attachment.thumbnail.delete(save=False)
            raise
    logger.info("Attachment %s added to innovation %s by user %s", attachment.pk, innovation.pk, user.pk)
    return attachment


def attachment_delete(*, user, attachment):
    innovation = attachment.innovation
    ensure_operator_of(user, innovation)
    ensure_window_open(innovation.competition)
    ensure_editable(innovation)
    stored = [attachment.file]
    if attachment.thumbnail:
        stored.append(attachment.thumbnail)
    attachment.delete()

    def remove_files():
        for stored_file in stored:
            stored_file.delete(save=False)

    transaction.on_commit(remove_files)
