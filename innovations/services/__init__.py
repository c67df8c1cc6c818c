"""Writes on competitions and innovations. Views call these and nothing else writes.

The writes are grouped by concept in the modules of this package; every
public name is available from ``innovations.services``.
"""
from innovations.services._checks import StaleVersion
from innovations.services.attachments import attachment_add, attachment_delete, attachment_total_size
from innovations.services.competitions import (
    competition_create,
    competition_get_open,
    competition_groups_apply_default,
    proposal_template_apply_default,
    proposal_template_copy,
    sdg_list_load,
)
from innovations.services.proposals import (
    KEEP,
    innovation_create_draft,
    innovation_missing_parts,
    innovation_slug_unique,
    innovation_update,
)
from innovations.services.reminders import deadline_reminders_send
from innovations.services.transitions import (
    WITHDRAWABLE_STATUSES,
    innovation_event_notify,
    innovation_forward,
    innovation_override_status,
    innovation_return,
    innovation_submit,
    innovation_withdraw,
    notification_recipients,
)

__all__ = [
    "KEEP",
    "StaleVersion",
    "WITHDRAWABLE_STATUSES",
    "attachment_add",
    "attachment_delete",
    "attachment_total_size",
    "competition_create",
    "competition_get_open",
    "competition_groups_apply_default",
    "deadline_reminders_send",
    "innovation_create_draft",
    "innovation_event_notify",
    "innovation_forward",
    "innovation_missing_parts",
    "innovation_override_status",
    "innovation_return",
    "innovation_slug_unique",
    "innovation_submit",
    "innovation_update",
    "innovation_withdraw",
    "notification_recipients",
    "proposal_template_apply_default",
    "proposal_template_copy",
    "sdg_list_load",
]
