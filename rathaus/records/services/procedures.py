"""Procedures (Vorgänge): creating in a file, notes, done/reopen, moving and handing over.

Who works on a procedure: members of the file's responsible unit, of the unit it is
handed to, and the clerk it is handed to. Others who see it (shares, routes) only read.
"""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.notifications.services import notify

from ..exceptions import RecordsError
from ..models import Procedure, ProcedureNote, RecordFile
from ..querysets import member_unit_ids
from .files import FileClosed, NotResponsible


class NotWorkingOnProcedure(RecordsError):
    message = gettext_lazy("Only those handling the procedure may do this.")


class ProcedureDone(RecordsError):
    message = gettext_lazy("The procedure is done. Reopen it first.")


class SameFile(RecordsError):
    message = gettext_lazy("The procedure is in this file already.")


class NotInUnit(RecordsError):
    message = gettext_lazy("This person is not a member of the chosen unit.")


def can_work_on(user, procedure: Procedure) -> bool:
    units = member_unit_ids(user)
    return (
        procedure.file.unit_id in units
        or procedure.assigned_unit_id in units
        or (procedure.assigned_to_id is not None and procedure.assigned_to_id == user.pk)
    )


def can_add_procedure(user, file: RecordFile) -> bool:
    return file.is_open and file.unit_id in member_unit_ids(user)


def _require_worker(actor, procedure: Procedure) -> None:
    if not can_work_on(actor, procedure):
        raise NotWorkingOnProcedure


def _next_number(file: RecordFile) -> int:
    """The file's next procedure number; the file row is locked by the caller."""
    highest = Procedure.objects.filter(file=file).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


def _lock_file(file: RecordFile) -> RecordFile:
    return RecordFile.objects.select_for_update().get(pk=file.pk)


def _lock(procedure: Procedure) -> Procedure:
    return (
        Procedure.objects.select_for_update(of=("self",))
        .select_related("file", "assigned_unit", "assigned_to")
        .get(pk=procedure.pk)
    )


@transaction.atomic
def create_procedure(*, actor, file: RecordFile, data: dict) -> Procedure:
    file = _lock_file(file)
    if file.unit_id not in member_unit_ids(actor):
        raise NotResponsible
    if not file.is_open:
        raise FileClosed
    procedure = Procedure.objects.create(
        file=file,
        number=_next_number(file),
        title=data["title"],
        assigned_unit=file.unit,
        assigned_to=data.get("assigned_to"),
        created_by=actor,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=procedure,
        summary="procedure created",
        changes=snapshot(procedure),
    )
    return procedure


@transaction.atomic
def open_intake_procedure(*, file: RecordFile, title: str, submitted_by=None) -> Procedure:
    """Open a procedure for something that arrived from outside (an online application):
    no clerk acts, so no membership is required; the submitter is recorded as its author."""
    file = _lock_file(file)
    if not file.is_open:
        raise FileClosed
    procedure = Procedure.objects.create(
        file=file,
        number=_next_number(file),
        title=title[:300],
        assigned_unit=file.unit,
        created_by=submitted_by,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=submitted_by,
        obj=procedure,
        summary="procedure opened for an incoming application",
        changes=snapshot(procedure),
    )
    return procedure


@transaction.atomic
def add_note(*, actor, procedure: Procedure, text: str) -> ProcedureNote:
    _require_worker(actor, procedure)
    if not procedure.file.is_open:
        raise FileClosed
    note = ProcedureNote.objects.create(procedure=procedure, text=text, author=actor)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=procedure,
        summary="note added",
        changes={"note": [None, str(note.pk)]},
    )
    return note


def _set_state(actor, procedure: Procedure, state: str, summary: str) -> Procedure:
    _require_worker(actor, procedure)
    procedure = _lock(procedure)
    if not procedure.file.is_open:
        raise FileClosed
    if procedure.state != state:
        before = snapshot(procedure)
        procedure.state = state
        procedure.version += 1
        procedure.save()
        record_update(
            actor=actor, obj=procedure, before=before, summary=summary, ignore=("version",)
        )
    return procedure


@transaction.atomic
def mark_done(*, actor, procedure: Procedure) -> Procedure:
    return _set_state(actor, procedure, Procedure.State.DONE, "procedure done")


@transaction.atomic
def reopen_procedure(*, actor, procedure: Procedure) -> Procedure:
    return _set_state(actor, procedure, Procedure.State.OPEN, "procedure reopened")


@transaction.atomic
def move_procedure(*, actor, procedure: Procedure, target: RecordFile) -> Procedure:
    """Move into another open file the actor may see; it gets that file's next number.

    The caller checks that ``target`` is visible to the actor.
    """
    _require_worker(actor, procedure)
    procedure = _lock(procedure)
    source = _lock_file(procedure.file)
    target = _lock_file(target)
    if target.pk == source.pk:
        raise SameFile
    if not source.is_open:
        raise FileClosed
    if not target.is_open:
        raise FileClosed(_("The target file is closed. Choose an open file."))
    old_reference = procedure.reference
    procedure.file = target
    procedure.number = _next_number(target)
    procedure.version += 1
    procedure.save()
    new_reference = procedure.reference
    change = {"procedure": [old_reference, new_reference]}
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=procedure,
        summary="procedure moved",
        changes={"file": [str(source.pk), str(target.pk)], **change},
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=source,
        summary="procedure moved out of the file",
        changes=change,
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=target,
        summary="procedure moved into the file",
        changes=change,
    )
    return procedure


@transaction.atomic
def hand_over(*, actor, procedure: Procedure, unit, user=None) -> Procedure:
    """Hand the procedure over (Abgabe) to another unit, or to one clerk in it."""
    from rathaus.core.accounts.permissions import unit_ids_of

    _require_worker(actor, procedure)
    procedure = _lock(procedure)
    if procedure.state != Procedure.State.OPEN:
        raise ProcedureDone
    if user is not None and unit.pk not in unit_ids_of(user):
        raise NotInUnit
    before = snapshot(procedure)
    procedure.assigned_unit = unit
    procedure.assigned_to = user
    procedure.version += 1
    procedure.save()
    record_update(
        actor=actor,
        obj=procedure,
        before=before,
        summary="procedure handed over",
        ignore=("version",),
    )
    from .routes import unit_members

    # To a named clerk, or else to everyone the unit's work reaches.
    recipients = [user] if user is not None else unit_members(unit)
    for recipient in recipients:
        if recipient.pk == actor.pk:
            continue
        notify(
            recipient=recipient,
            template="records/procedure_handed_over",
            context={
                "reference": procedure.reference,
                "title": procedure.title,
                "sender": actor.get_full_name() or actor.email,
            },
            link=reverse("records:procedure_detail", args=[procedure.pk]),
        )
    return procedure
