"""Documents (Dokumente): uploading into a procedure, new versions, reading them back.

Content goes through the one upload service (``rathaus.core.uploads``): type by content,
size limit, server-chosen names, no partial files. On top of that a document refuses a
file whose name claims another type than its content, encrypted or unreadable PDFs, and
warns about a file already in the procedure. Every version is kept; reading a document
with personal data is audited; a version whose stored content no longer matches its
SHA-256 is never served.
"""

import errno
import hashlib
import io
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, snapshot
from rathaus.core.jobs.services import start_job
from rathaus.core.uploads.exceptions import CorruptedFile, FileTooLarge, UploadError
from rathaus.core.uploads.kinds import KINDS
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import open_stored, store_upload

from ..exceptions import ConflictingEdit, RecordsError
from ..models import Document, DocumentVersion, Procedure
from ..text_extraction import OCR_TYPES, extract_text
from .files import FileClosed
from .procedures import NotWorkingOnProcedure, ProcedureDone, can_work_on

logger = logging.getLogger(__name__)

ALLOWED_KINDS = frozenset({"pdf", "png", "jpeg", "tiff", "docx", "odt", "txt"})
# The extensions a person's file name may carry for each kind that was detected.
NAME_EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg", "jpe"},
    "tiff": {"tif", "tiff"},
    "docx": {"docx"},
    "odt": {"odt"},
    "txt": {"txt", "text"},
}


class UploadRefused(RecordsError):
    """The upload service refused the file; ``message`` is its reason."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class DisguisedFile(RecordsError):
    message = _(
        "The file's name does not match its content (for example a picture named .pdf). "
        "Save it with its real type and upload it again."
    )


class EncryptedPdf(RecordsError):
    message = _(
        "The PDF is protected with a password or encrypted. Remove the protection and "
        "upload it again."
    )


class BrokenPdf(RecordsError):
    message = _("The PDF cannot be read; it seems to be damaged. Please check the file.")


class DiskFull(RecordsError):
    message = _(
        "The file could not be stored because the storage is full. Nothing was saved. "
        "Please tell the town hall's IT."
    )


class DuplicateDocument(RecordsError):
    """The same content (SHA-256) is already in the procedure; upload again to confirm."""

    message = _("This file is already in the procedure.")

    def __init__(self, existing: DocumentVersion):
        super().__init__(existing)
        self.existing = existing


class ContentDamaged(RecordsError):
    message = _(
        "The stored content of this document is damaged and is not shown. "
        "The town hall's IT has been informed."
    )


def can_add_documents(user, procedure: Procedure) -> bool:
    return (
        procedure.file.is_open
        and procedure.state == Procedure.State.OPEN
        and can_work_on(user, procedure)
    )


def _require_may_add(actor, procedure: Procedure) -> None:
    if not can_work_on(actor, procedure):
        raise NotWorkingOnProcedure
    if not procedure.file.is_open:
        raise FileClosed
    if procedure.state != Procedure.State.OPEN:
        raise ProcedureDone


def _checksum(uploaded_file) -> str:
    """The upload's SHA-256; a file over the limit is refused before it is read."""
    limit = settings.RATHAUS_UPLOAD_MAX_BYTES
    if (getattr(uploaded_file, "size", None) or 0) > limit:
        raise UploadRefused(FileTooLarge(limit).message)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return digest.hexdigest()


def find_duplicate(procedure: Procedure, sha256: str) -> DocumentVersion | None:
    """A version in the procedure with the same content, if any."""
    return (
        DocumentVersion.objects.filter(document__procedure=procedure, sha256=sha256)
        .select_related("document")
        .order_by("created_at")
        .first()
    )


def _name_extension(name: str) -> str:
    stem, dot, suffix = (name or "").rpartition(".")
    return suffix.lower() if dot and stem else ""


def _kind_of(stored: StoredFile) -> str:
    return next(k.name for k in KINDS.values() if k.content_type == stored.content_type)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        pages = 1 if encrypted else len(reader.pages)
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on broken input
        raise BrokenPdf from error
    if encrypted:
        raise EncryptedPdf
    if pages == 0:
        raise BrokenPdf


def _read_stored(stored: StoredFile) -> bytes:
    with default_storage.open(stored.storage_name, "rb") as handle:
        return handle.read()


def _store(*, actor, uploaded_file) -> tuple[StoredFile, bytes]:
    """Store the file and check what the upload service does not; nothing stays on refusal."""
    try:
        stored = store_upload(
            uploaded_file=uploaded_file, kinds=set(ALLOWED_KINDS), uploaded_by=actor
        )
    except UploadError as error:
        raise UploadRefused(error.message) from error
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("Storage full while storing a document upload.")
            raise DiskFull from error
        raise
    try:
        extension = _name_extension(stored.original_name)
        if extension and extension not in NAME_EXTENSIONS[_kind_of(stored)]:
            raise DisguisedFile
        data = _read_stored(stored)
        if stored.content_type == "application/pdf":
            _check_pdf(data)
    except BaseException:
        _discard(stored)
        raise
    return stored, data


def _discard(stored: StoredFile) -> None:
    """Remove a stored file again (its row goes with the caller's rolled-back transaction)."""
    try:
        default_storage.delete(stored.storage_name)
    except OSError:
        logger.exception("Could not remove refused upload %s.", stored.storage_name)


def _add_version(
    *, actor, document: Document, stored: StoredFile, data: bytes, comment: str = ""
) -> DocumentVersion:
    """The document's next version over ``stored``, with its text or an OCR job."""
    highest = document.versions.aggregate(top=Max("number"))["top"] or 0
    version = DocumentVersion(
        document=document,
        number=highest + 1,
        stored_file=stored,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        comment=comment,
        created_by=actor,
    )
    text = extract_text(data, stored.content_type)
    needs_ocr = text is None and stored.content_type in OCR_TYPES
    if text:
        version.text, version.text_state = text, DocumentVersion.TextState.DONE
    elif needs_ocr:
        version.text_state = DocumentVersion.TextState.PENDING
    else:
        version.text_state = DocumentVersion.TextState.NONE
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "version"])
    if needs_ocr:
        start_text_recognition(actor=actor, version=version)
    return version


def start_text_recognition(*, actor, version: DocumentVersion):
    """Queue OCR for a scan; the person who uploaded it can watch the job's progress."""
    from ..tasks_documents import ocr_version_job

    job = start_job(
        task=ocr_version_job,
        label=_("Text recognition: %(title)s") % {"title": version.document.title},
        started_by=actor,
        kwargs={"version_id": str(version.pk)},
    )
    DocumentVersion.objects.filter(pk=version.pk).update(ocr_job=job)
    version.ocr_job = job
    version.refresh_from_db(fields=["text", "text_state"])
    return job


def upload_document(
    *,
    actor,
    procedure: Procedure,
    title: str,
    kind: str,
    uploaded_file,
    received_on=None,
    has_personal_data: bool = False,
    confirm_duplicate: bool = False,
) -> Document:
    """File an uploaded file as a new document in the procedure (its first version)."""
    _require_may_add(actor, procedure)
    if not confirm_duplicate:
        existing = find_duplicate(procedure, _checksum(uploaded_file))
        if existing is not None:
            raise DuplicateDocument(existing)
    return _create_document(
        actor=actor,
        uploaded_file=uploaded_file,
        summary="document uploaded",
        procedure=procedure,
        title=title,
        kind=kind,
        received_on=received_on,
        has_personal_data=has_personal_data,
    )


def _create_document(*, actor, uploaded_file, summary: str, **fields) -> Document:
    """Store the content, then the document and its first version; no content is left
    behind when anything fails."""
    with transaction.atomic():
        stored, data = _store(actor=actor, uploaded_file=uploaded_file)
        try:
            document = Document.objects.create(created_by=actor, **fields)
            version = _add_version(actor=actor, document=document, stored=stored, data=data)
            record(
                action=AuditEntry.Action.CREATE,
                actor=actor,
                obj=document,
                summary=summary,
                changes={**snapshot(document), "sha256": version.sha256},
            )
        except BaseException:
            _discard(stored)
            raise
    return document


def upload_version(
    *,
    actor,
    document: Document,
    uploaded_file,
    expected_version: int | None = None,
    comment: str = "",
    confirm_duplicate: bool = False,
) -> DocumentVersion:
    """Add a new version; every earlier one is kept."""
    procedure = document.procedure
    _require_may_add(actor, procedure)
    if not confirm_duplicate:
        existing = find_duplicate(procedure, _checksum(uploaded_file))
        if existing is not None:
            raise DuplicateDocument(existing)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConflictingEdit
        stored, data = _store(actor=actor, uploaded_file=uploaded_file)
        try:
            locked.version += 1
            version = _add_version(
                actor=actor, document=locked, stored=stored, data=data, comment=comment
            )
            record(
                action=AuditEntry.Action.UPDATE,
                actor=actor,
                obj=locked,
                summary="document version added",
                changes={"version": [version.number - 1, version.number], "sha256": version.sha256},
            )
        except BaseException:
            _discard(stored)
            raise
    document.version = locked.version
    document.current_version = version
    return version


def file_generated_document(
    *,
    actor,
    procedure: Procedure,
    title: str,
    content: bytes,
    file_name: str,
    kind: str = Document.Kind.OUTGOING,
    has_personal_data: bool = False,
) -> Document:
    """File content the system produced (a letter from a template) as a new document."""
    from django.core.files.base import ContentFile

    _require_may_add(actor, procedure)
    return _create_document(
        actor=actor,
        uploaded_file=ContentFile(content, name=file_name),
        summary="document created from template",
        procedure=procedure,
        title=title,
        kind=kind,
        has_personal_data=has_personal_data,
    )


def file_incoming_document(
    *,
    procedure: Procedure,
    title: str,
    uploaded_file,
    submitted_by=None,
    kind: str = Document.Kind.INCOMING,
    has_personal_data: bool = True,
) -> Document:
    """File what arrived from outside (an application's form, uploads, messages) as a new
    document; no clerk acts, so only the procedure's state is checked."""
    if not procedure.file.is_open:
        raise FileClosed
    if procedure.state != Procedure.State.OPEN:
        raise ProcedureDone
    return _create_document(
        actor=submitted_by,
        uploaded_file=uploaded_file,
        summary="document received online",
        procedure=procedure,
        title=title[:300],
        kind=kind,
        received_on=timezone.localdate(),
        has_personal_data=has_personal_data,
    )


def open_version(*, actor, version: DocumentVersion):
    """The version's content for reading, checked against its SHA-256 on the way.

    A damaged or missing content raises ``ContentDamaged`` (logged and audited, never
    served). Reading a document with personal data (its own flag or its file's) is
    audited.
    """
    stored = version.stored_file
    if stored is None or version.content_deleted_at is not None:
        raise ContentDamaged
    try:
        handle = open_stored(stored)
    except CorruptedFile as error:
        logger.error("Document version %s: %s", version.pk, error)
        with transaction.atomic():
            record(
                action=AuditEntry.Action.OTHER,
                actor=actor,
                obj=version.document,
                summary="stored content damaged",
                changes={"version": version.number, "sha256": version.sha256},
            )
        raise ContentDamaged from error
    if version.document.carries_personal_data:
        with transaction.atomic():
            record(
                action=AuditEntry.Action.VIEW,
                actor=actor,
                obj=version.document,
                summary="document read",
                changes={"version": version.number},
            )
    return handle


def create_letter(
    *,
    actor,
    procedure: Procedure,
    template: str,
    title: str,
    recipient: str,
    subject: str,
    body: str,
    has_personal_data: bool = False,
) -> Document:
    """Render a letter from a template with the town's letterhead to PDF/A and file it as a
    new outgoing document of the procedure."""
    from django.utils.text import slugify

    from ..letters import letter_context, render_letter_pdf

    _require_may_add(actor, procedure)
    context = letter_context(
        template=template,
        recipient=recipient,
        subject=subject,
        body=body,
        reference=procedure.reference,
        author=actor,
    )
    content = render_letter_pdf(template=template, context=context)
    return file_generated_document(
        actor=actor,
        procedure=procedure,
        title=title,
        content=content,
        file_name=f"{slugify(title) or template}.pdf",
        kind=Document.Kind.OUTGOING,
        has_personal_data=has_personal_data,
    )
