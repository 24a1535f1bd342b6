"""Staff set up a process: its data, phases with their features, documents, publication."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import diff_instance, record, snapshot
from rathaus.core.uploads.services import delete_stored_file, store_upload

from ..models import Phase, Process, ProcessDocument
from .permissions import require_manager

PROCESS_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "unit",
    "allow_anonymous",
    "supports_per_person",
    "proposals_per_person",
)
PHASE_FIELDS = ("kind", "title", "description", "starts_on", "ends_on", "features")
DOCUMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "csv", "txt", "png", "jpeg"}


def _check_slug(process: Process) -> None:
    taken = Process.objects.filter(slug=process.slug).exclude(pk=process.pk).exists()
    if taken:
        raise ValidationError({"slug": _("Another process already uses this short name.")})


@transaction.atomic
def create_process(*, actor, data: dict) -> Process:
    """A new process, unpublished until staff publish it."""
    require_manager(actor)
    process = Process(**{name: data[name] for name in PROCESS_FIELDS if name in data})
    process.full_clean(exclude=["town"], validate_unique=False, validate_constraints=False)
    _check_slug(process)
    process.save()
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=process, summary="process")
    return process


@transaction.atomic
def update_process(*, actor, process: Process, data: dict) -> Process:
    require_manager(actor)
    before = snapshot(process)
    for name in PROCESS_FIELDS:
        if name in data:
            setattr(process, name, data[name])
    process.full_clean(exclude=["town"], validate_unique=False, validate_constraints=False)
    _check_slug(process)
    process.save()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=process,
        summary="process",
        changes=diff_instance(before, process),
    )
    return process


@transaction.atomic
def set_published(*, actor, process: Process, published: bool) -> Process:
    """Publish the process page (or take it offline again)."""
    require_manager(actor)
    if published and not process.phases.exists():
        raise ValidationError(_("Add at least one phase before publishing the process."))
    process.is_published = published
    process.save(update_fields=["is_published", "updated_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=process,
        summary="process published" if published else "process unpublished",
    )
    return process


def _overlapping(phase: Phase):
    return (
        Phase.objects.filter(
            process_id=phase.process_id, starts_on__lte=phase.ends_on, ends_on__gte=phase.starts_on
        )
        .exclude(pk=phase.pk)
        .first()
    )


def _save_phase(phase: Phase) -> None:
    phase.features = [value for value in phase.features or [] if value]
    phase.full_clean(exclude=["town", "process"], validate_constraints=False)
    clash = _overlapping(phase)
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _("The dates overlap with the phase “%(phase)s”.")
                % {"phase": clash.display_title}
            }
        )
    phase.save()


@transaction.atomic
def create_phase(*, actor, process: Process, data: dict) -> Phase:
    require_manager(actor)
    phase = Phase(process=process, **{name: data[name] for name in PHASE_FIELDS if name in data})
    _save_phase(phase)
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=phase, summary="phase")
    return phase


@transaction.atomic
def update_phase(*, actor, phase: Phase, data: dict) -> Phase:
    require_manager(actor)
    before = snapshot(phase)
    for name in PHASE_FIELDS:
        if name in data:
            setattr(phase, name, data[name])
    _save_phase(phase)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=phase,
        summary="phase",
        changes=diff_instance(before, phase),
    )
    return phase


@transaction.atomic
def delete_phase(*, actor, phase: Phase) -> None:
    require_manager(actor)
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=phase, summary="phase")
    phase.delete()


@transaction.atomic
def add_document(
    *, actor, process: Process, title: str, uploaded_file, position: int = 0
) -> ProcessDocument:
    """Publish a document on the process page; the file is public."""
    require_manager(actor)
    stored = store_upload(
        uploaded_file=uploaded_file, kinds=DOCUMENT_KINDS, uploaded_by=actor, is_public=True
    )
    document = ProcessDocument.objects.create(
        process=process, title=title.strip(), file=stored, position=position
    )
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=document, summary="document")
    return document


@transaction.atomic
def delete_document(*, actor, document: ProcessDocument) -> None:
    require_manager(actor)
    stored = document.file
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=document, summary="document")
    document.delete()
    if stored is not None:
        delete_stored_file(stored_file=stored, actor=actor)
