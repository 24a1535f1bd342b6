"""Writes of participation: staff run processes (``processes``), citizens submit and support
proposals (``proposals``), staff answer them and track their implementation (``answers``)."""

from .answers import (
    add_milestone,
    answer_proposal,
    delete_milestone,
    update_implementation,
    update_milestone,
)
from .permissions import can_manage_participation, require_manager
from .processes import (
    PROCESS_FIELDS,
    add_document,
    create_phase,
    create_process,
    delete_document,
    delete_phase,
    set_published,
    update_phase,
    update_process,
)
from .proposals import (
    refresh_comment_count,
    submit_proposal,
    support_proposal,
    supported_ids,
    withdraw_support,
)

__all__ = [
    "PROCESS_FIELDS",
    "add_document",
    "add_milestone",
    "answer_proposal",
    "can_manage_participation",
    "create_phase",
    "create_process",
    "delete_document",
    "delete_milestone",
    "delete_phase",
    "refresh_comment_count",
    "require_manager",
    "set_published",
    "submit_proposal",
    "support_proposal",
    "supported_ids",
    "update_implementation",
    "update_milestone",
    "update_phase",
    "update_process",
    "withdraw_support",
]
