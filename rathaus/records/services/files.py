"""Files (Akten): creating with a generated reference, editing, closing, reopening, sharing.

The responsible unit's members (and those of the units above it) work on a file; units
and persons it is shared with only read it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions import ConflictingEdit, RecordsError
from ..models import FilePlanEntry, FileShare, RecordFile
from ..querysets import member_unit_ids
from .references import next_reference


class NotResponsible(RecordsError):
    message = gettext_lazy("Only the responsible unit may do this with the file.")


class FileClosed(RecordsError):
    message = gettext_lazy("The file is closed. Reopen it first.")


class FileNotClosed(RecordsError):
    message = gettext_lazy("The file is not closed.")


class OpenProcedures(RecordsError):
    message = gettext_lazy("The file still has open procedures. Mark them done first.")


class DisposalStarted(RecordsError):
    message = gettext_lazy("Disposal of this file has started; it can no longer be reopened.")


class PlanEntryRetired(RecordsError):
    message = gettext_lazy("This file plan position is retired; choose an active one.")


class AlreadyShared(RecordsError):
    message = gettext_lazy("The file is already shared with them.")


def can_manage_file(user, file: RecordFile) -> bool:
    return file.unit_id in member_unit_ids(user)


def _require_manager(actor, file: RecordFile) -> None:
    if not can_manage_file(actor, file):
        raise NotResponsible


def retention_end(closed_on: datetime.date, retention_years: int | None):
    """Retention runs from the end of the closing year: 31 Dec of closing year + years."""
    if retention_years is None:
        return None
    return datetime.date(closed_on.year + retention_years, 12, 31)


def _lock(file: RecordFile) -> RecordFile:
    return (
        RecordFile.objects.select_for_update(of=("self",))
        .select_related("plan_entry")
        .get(pk=file.pk)
    )


@transaction.atomic
def create_file(*, actor, data: dict) -> RecordFile:
    unit, plan_entry = data["unit"], data["plan_entry"]
    if unit.pk not in member_unit_ids(actor):
        raise NotResponsible
    plan_entry = FilePlanEntry.objects.get(pk=plan_entry.pk)
    if plan_entry.is_retired:
        raise PlanEntryRetired
    today = timezone.localdate()
    number, reference = next_reference(unit=unit, plan_entry=plan_entry, year=today.year)
    file = RecordFile.objects.create(
        plan_entry=plan_entry,
        unit=unit,
        reference=reference,
        year=today.year,
        number=number,
        title=data["title"],
        description=data.get("description") or "",
        has_personal_data=bool(data.get("has_personal_data")),
        opened_on=today,
        created_by=actor,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=file,
        summary="file created",
        changes=snapshot(file),
    )
    return file


@transaction.atomic
def update_file(*, actor, file: RecordFile, data: dict, version: int) -> RecordFile:
    """Change title, description and the personal-data flag; refuses a stale ``version``."""
    _require_manager(actor, file)
    file = _lock(file)
    if file.version != version:
        raise ConflictingEdit
    if not file.is_open:
        raise FileClosed
    before = snapshot(file)
    file.title = data["title"]
    file.description = data.get("description") or ""
    file.has_personal_data = bool(data.get("has_personal_data"))
    file.version += 1
    file.save()
    record_update(actor=actor, obj=file, before=before, summary="file changed", ignore=("version",))
    return file


@transaction.atomic
def close_file(*, actor, file: RecordFile) -> RecordFile:
    _require_manager(actor, file)
    file = _lock(file)
    if not file.is_open:
        raise FileClosed(_("The file is already closed."))
    if file.procedures.filter(state="open").exists():
        raise OpenProcedures
    before = snapshot(file)
    today = timezone.localdate()
    file.state = RecordFile.State.CLOSED
    file.closed_on = today
    file.retention_ends_on = retention_end(today, file.plan_entry.retention_years)
    file.version += 1
    file.save()
    record_update(actor=actor, obj=file, before=before, summary="file closed", ignore=("version",))
    return file


@transaction.atomic
def reopen_file(*, actor, file: RecordFile) -> RecordFile:
    _require_manager(actor, file)
    file = _lock(file)
    if file.is_open:
        raise FileNotClosed
    if file.disposal_state:
        raise DisposalStarted
    before = snapshot(file)
    file.state = RecordFile.State.OPEN
    file.closed_on = None
    file.retention_ends_on = None
    file.version += 1
    file.save()
    record_update(
        actor=actor, obj=file, before=before, summary="file reopened", ignore=("version",)
    )
    return file


@transaction.atomic
def share_file(*, actor, file: RecordFile, unit=None, user=None) -> FileShare:
    """Give a unit or one person read access to the file."""
    _require_manager(actor, file)
    if (unit is None) == (user is None):
        raise ValidationError(_("Choose either a unit or a person."))
    if user is not None and not user.is_town_staff:
        raise ValidationError(_("Files can only be shared with staff."))
    if unit is not None and unit.pk == file.unit_id:
        raise AlreadyShared(_("This unit is responsible for the file already."))
    existing = FileShare.objects.filter(file=file)
    if existing.filter(unit=unit, user=user).exists():
        raise AlreadyShared
    share = FileShare.objects.create(file=file, unit=unit, user=user, shared_by=actor)
    whom = f"unit {unit.code}" if unit is not None else f"user {user.pk}"
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=file,
        summary=f"file shared with {whom}",
        changes={"share": [None, whom]},
    )
    return share


@transaction.atomic
def remove_share(*, actor, share: FileShare) -> None:
    file = share.file
    _require_manager(actor, file)
    whom = f"unit {share.unit.code}" if share.unit_id else f"user {share.user_id}"
    share.delete()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=file,
        summary=f"file share with {whom} removed",
        changes={"share": [whom, None]},
    )
