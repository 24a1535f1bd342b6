"""Test data for disposal: closed files whose retention has run out."""

import datetime

from .factories import RecordFileFactory
from .factories_f import full_file

CLOSED_ON = datetime.date(2014, 6, 30)
RETENTION_ENDED = datetime.date(2024, 12, 31)


def due_file(*, unit, plan_entry, full: bool = True, user=None, **fields):
    """A closed file whose retention ended on 31 Dec 2024; with ``full`` it has
    procedures, notes, documents and versions with stored content."""
    fields = {
        "state": "closed",
        "closed_on": CLOSED_ON,
        "retention_ends_on": RETENTION_ENDED,
        "year": 2014,
        **fields,
    }
    if full:
        return full_file(
            unit=unit, plan_entry=plan_entry, user=user, procedures=2, documents=1, **fields
        )
    return RecordFileFactory(unit=unit, plan_entry=plan_entry, created_by=user, **fields)
