"""Storing uploaded files safely, and reading them back intact.

``store_upload`` accepts a file only when its *content* is one of the allowed
kinds and within the size limit; it streams the upload to a temporary file
beside the storage, computes its SHA-256 and moves it under a server-generated
name (``towns/<town id>/ab/cd/<uuid>.<ext>``) only once it is complete and
accepted, so no partial or rejected file is ever visible under a real name.
Every town's files live under its own prefix (``town_prefix``), so a town's
files can be exported and deleted as a whole.
"""

import hashlib
import os
import tempfile
import unicodedata
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction

from rathaus.core.tenancy import ScopeError, current_town_id

from .exceptions import CorruptedFile, EmptyFile, FileTooLarge, FileTypeNotAllowed
from .kinds import KINDS, ContentSniffer
from .models import StoredFile

READ_CHUNK = 64 * 1024
INCOMING_DIR = ".incoming"


def _display_name(name: str) -> str:
    """The person's own file name, stripped of any path and control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rpartition("/")[2]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:255]


def town_prefix(town_id) -> str:
    """The folder of the storage that holds every file of one town (``towns/<uuid>/``)."""
    return f"towns/{uuid.UUID(str(town_id))}/"


def _storage_name(town_id, file_id: uuid.UUID, extension: str) -> str:
    hex_id = file_id.hex
    return f"{town_prefix(town_id)}{hex_id[:2]}/{hex_id[2:4]}/{hex_id}.{extension}"


@contextmanager
def _incoming_file(storage):
    """A temporary file on the same file system as the storage (so it can be renamed
    into place atomically); removed again whatever happens."""
    directory = None
    if isinstance(storage, FileSystemStorage):
        directory = storage.path(INCOMING_DIR)
        os.makedirs(directory, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
        prefix="upload-", suffix=".part", dir=directory, delete=False
    )
    try:
        yield handle
    finally:
        try:
            # Closing flushes the buffer, which fails again on a full disk.
            handle.close()
        finally:
            if os.path.exists(handle.name):
                os.unlink(handle.name)


def _publish(storage, handle, name: str) -> None:
    """Move the complete, accepted temporary file to its final name."""
    handle.flush()
    os.fsync(handle.fileno())
    if isinstance(storage, FileSystemStorage):
        final_path = storage.path(name)
        os.makedirs(os.path.dirname(final_path), exist_ok=True)
        if storage.file_permissions_mode is not None:
            os.chmod(handle.name, storage.file_permissions_mode)
        # os.link refuses an existing name, so a file is never silently replaced.
        try:
            os.link(handle.name, final_path)
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links: an atomic rename, after checking the name.
            if os.path.exists(final_path):
                raise FileExistsError(name) from None
            os.replace(handle.name, final_path)
    else:
        handle.seek(0)
        saved = storage.save(name, File(handle))
        if saved != name:
            storage.delete(saved)
            raise FileExistsError(name)


def store_upload(
    *,
    uploaded_file,
    kinds: set[str],
    max_bytes: int | None = None,
    uploaded_by=None,
    is_public: bool = False,
) -> StoredFile:
    """Check and store one uploaded file (a Django ``UploadedFile`` or any ``File``).

    ``kinds`` is the allow-list (see ``kinds.KINDS``: "pdf", "png", "jpeg", "gif", "tiff",
    "webp", "docx", "odt", "xlsx", "csv", "txt", "svg", "json", "geojson"). Raises ``EmptyFile``,
    ``FileTooLarge`` or ``FileTypeNotAllowed`` (all ``UploadError``, with a translated
    ``message``) and stores nothing in that case. The file belongs to the town of the
    active scope and is stored under its prefix; without a scope nothing is stored
    (``ScopeError``).
    """
    town_id = current_town_id()
    if town_id is None:
        raise ScopeError("Uploaded files belong to a town: open its scope first.")
    unknown = set(kinds) - KINDS.keys()
    if unknown or not kinds:
        raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
    limit = max_bytes if max_bytes is not None else settings.RATHAUS_UPLOAD_MAX_BYTES
    declared_size = getattr(uploaded_file, "size", None)
    if declared_size is not None and declared_size > limit:
        raise FileTooLarge(limit)
    storage = default_storage
    sniffer = ContentSniffer(set(kinds))
    digest = hashlib.sha256()
    size = 0
    file_id = uuid.uuid4()
    with _incoming_file(storage) as handle:
        for chunk in uploaded_file.chunks():
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(limit)
            digest.update(chunk)
            sniffer.feed(chunk)
            handle.write(chunk)
        if size == 0:
            raise EmptyFile
        original_name = _display_name(getattr(uploaded_file, "name", "") or "")
        kind = sniffer.kind(original_name)
        if kind is None:
            raise FileTypeNotAllowed(kinds)
        name = _storage_name(town_id, file_id, kind.extension)
        _publish(storage, handle, name)
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                id=file_id,
                town_id=town_id,
                storage_name=name,
                original_name=original_name or f"file.{kind.extension}",
                content_type=kind.content_type,
                extension=kind.extension,
                size=size,
                sha256=digest.hexdigest(),
                is_public=is_public,
                uploaded_by=uploaded_by,
            )
    except BaseException:
        storage.delete(name)
        raise


def open_stored(stored_file: StoredFile) -> File:
    """Open the stored file for reading after checking it against its SHA-256.

    Raises ``CorruptedFile`` when the content changed or the file is missing. The
    caller closes the returned file (``FileResponse`` does).
    """
    try:
        handle = default_storage.open(stored_file.storage_name, "rb")
    except FileNotFoundError as exc:
        raise CorruptedFile(f"Stored file {stored_file.pk} is missing.") from exc
    digest = hashlib.sha256()
    size = 0
    try:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
        if size != stored_file.size or digest.hexdigest() != stored_file.sha256:
            raise CorruptedFile(f"Stored file {stored_file.pk} does not match its checksum.")
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


def delete_stored_file(*, stored_file: StoredFile, actor=None) -> None:
    """Delete the record (audited) and, once that is committed, the file itself."""
    from rathaus.core.audit.models import AuditEntry
    from rathaus.core.audit.services import record

    name = stored_file.storage_name
    storage = default_storage
    with transaction.atomic():
        record(action=AuditEntry.Action.DELETE, actor=actor, obj=stored_file, summary="file")
        stored_file.delete()
        transaction.on_commit(lambda: storage.delete(name))


def accept_attribute(kinds: set[str]) -> str:
    """The ``accept`` attribute for a file input offering these kinds (a hint only; the
    content is what counts)."""
    extensions = sorted({f".{KINDS[kind].extension}" for kind in kinds})
    if "jpeg" in kinds:
        extensions.append(".jpeg")
    return ",".join(extensions)
