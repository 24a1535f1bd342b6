"""Checks and audit steps that several of the programme's services share: the officer's
right to write, amounts that must not be negative, and an audited removal."""

from decimal import Decimal

from django.db import models

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, snapshot

from ..exceptions import NotAllowed
from ..exceptions_plan import NegativeAmount
from ..permissions import is_officer


def require_officer(actor) -> None:
    """Only the e-Government officer (and administrators) write; anybody else is refused."""
    if not is_officer(actor):
        raise NotAllowed


def check_amounts(*amounts: Decimal | None) -> None:
    """Every amount is given and not negative."""
    if any(amount is None or amount < 0 for amount in amounts):
        raise NegativeAmount


def remove_recorded(*, actor: User, obj: models.Model, summary: str) -> None:
    """Delete ``obj``, keeping what it held in the audit entry."""
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=obj,
        summary=summary,
        changes={"before": snapshot(obj)},
    )
    obj.delete()
