"""Reads on the change history of proposals and a readable difference between versions."""
import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from innovations.models import Answer, Category, Group, Innovation, ProposalSection, Status

# Details shown in a comparison, in the order of the editor.
DETAIL_FIELDS = [
    ("title", _("Title")),
    ("category", _("Category")),
    ("group", _("Group")),
    ("started_on", _("Date started")),
    ("sdgs", _("SDGs")),
    ("previous_awards", _("Previous awards")),
    ("video_url", _("Video link (YouTube)")),
    ("status", _("Status")),
]

_TOKENS = re.compile(r"(\s+)")


def diff_html(old, new):
    """Return old and new text as HTML, with removed words in <del> and added words in <ins>.

    Every piece of text is escaped, so proposal text can never inject markup.
    """
    old_tokens = _TOKENS.split(old or "")
    new_tokens = _TOKENS.split(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old_tokens[a1:a2])))
            continue
        removed = "".join(old_tokens[a1:a2])
        added = "".join(new_tokens[b1:b2])
        # An empty text splits into one empty token; it gets no empty tags.
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))


def version_list(*, innovation):
    """Return the versions of an entry, newest first, with who saved them."""
    return list(
        Innovation.history.filter(id=innovation.pk)
        .order_by("-history_date", "-history_id")
        .only("history_id", "history_date", "history_type", "history_user_name", "version", "status", "title")
    )


def _answers_as_of(answer_records, moment):
    texts = {}
    for record in answer_records:
        if record.history_date <= moment:
            texts[record.section_id] = "" if record.history_type == "-" else record.text
    return texts


def _detail_values(record, names):
    sdgs = ", ".join(str(number) for number in sorted(record.sdgs.values_list("sdg__number", flat=True)))
    return {
        "title": record.title,
        "category": names["category"].get(record.category_id, ""),
        "group": names["group"].get(record.group_id, ""),
        "started_on": record.started_on.strftime("%d-%m-%Y") if record.started_on else "",
        "sdgs": sdgs,
        "previous_awards": record.previous_awards,
        "video_url": record.video_url,
        "status": str(Status(record.status).label) if record.status in Status.values else record.status,
    }


def version_compare(*, innovation, history_id):
    """Return a version, the one before it and the changed details and sections between them.

    Raises Innovation.history.model.DoesNotExist for a version of another entry.
    """
    records = list(Innovation.history.filter(id=innovation.pk).order_by("history_date", "history_id"))
    index = next((i for i, record in enumerate(records) if record.history_id == history_id), None)
    if index is None:
        raise Innovation.history.model.DoesNotExist
    current = records[index]
    previous = records[index - 1] if index > 0 else None
    names = {
        "category": dict(Category.objects.filter(competition_id=innovation.competition_id).values_list("id", "name")),
        "group": dict(Group.objects.filter(competition_id=innovation.competition_id).values_list("id", "name")),
    }
    answer_records = list(Answer.history.filter(innovation_id=innovation.pk).order_by("history_date", "history_id"))
    new_details = _detail_values(current, names)
    old_details = _detail_values(previous, names) if previous else dict.fromkeys(new_details, "")
    changes = [
        {"label": label, "html": diff_html(old_details[field], new_details[field])}
        for field, label in DETAIL_FIELDS
        if old_details[field] != new_details[field]
    ]
    new_texts = _answers_as_of(answer_records, current.history_date)
    old_texts = _answers_as_of(answer_records, previous.history_date) if previous else {}
    sections = ProposalSection.objects.filter(pk__in=set(new_texts) | set(old_texts)).order_by("position")
    for section in sections:
        old_text, new_text = old_texts.get(section.pk, ""), new_texts.get(section.pk, "")
        if old_text != new_text:
            changes.append({"label": section.title, "html": diff_html(old_text, new_text)})
    return {"version": current, "previous": previous, "changes": changes}
