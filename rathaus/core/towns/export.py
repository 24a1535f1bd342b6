"""Exporting everything of one town into one ZIP archive (database rows and files).

The archive holds:

- ``manifest.json``: format and version, the town (id, name, host names), when it was
  made, the number of rows per model, the SHA-256 and size of every other member, and
  how encrypted values are written;
- ``data/<app_label.model>.json``: the town's rows of each model in Django's JSON
  serialisation (primary keys as stored, UUIDs for the town's own models; times with
  full microseconds, which the audit trail's hashes need);
- ``files/<storage name>``: every stored file of the town, byte for byte.

Encrypted fields hold their sealed value as stored (``v1:<key id>:...``): reading them
needs this installation's key ring. Django's deserialiser reads the rows back; to save
them, an importer marks each sealed value as ``crypto.fields.Ciphertext`` first
(test_town_deletion shows it: the town comes back whole, its audit trail intact).
``decrypt=True`` writes the plain text instead, for a town moving to another system.
Either way the archive holds personal data, password hashes and second-factor secrets:
keep it like a database backup.
"""

import datetime
import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from rathaus.core.crypto.cipher import key_id_of
from rathaus.core.crypto.fields import EncryptedTextField, Sealed, encrypted_fields
from rathaus.core.models import Town
from rathaus.core.tenancy import current_town_id, scopes_disabled

from .contents import TownRows, town_file_names, town_rows

FORMAT = "rathaus-town-export"
FORMAT_VERSION = 1
CHUNK = 64 * 1024

SEALED_NOTE = (
    "The fields listed in 'fields' hold their values exactly as stored: AES-256-GCM "
    "ciphertext 'v1:<key id>:<base64url of nonce, ciphertext and tag>', sealed with the "
    "associated data '<database table>|<column>|<primary key>'. Reading them needs the "
    "installation's key ring (RATHAUS_ENCRYPTION_KEYS) with the key ids in 'key_ids'; "
    "loaded into a Rathaus installation with that key ring they are readable again. "
    "Blind-index columns (e.g. accounts.user.email_lookup) need its RATHAUS_BLIND_INDEX_KEY."
)
PLAINTEXT_NOTE = (
    "The fields listed in 'fields' were decrypted for this export and are plain text. "
    "Loaded into a Rathaus installation they would not be readable: they are meant for "
    "another system."
)
NOT_INCLUDED = [
    "Sign-in sessions.",
    "Records of sign-in attempts (django-axes): short-lived security logs, keyed by a hash "
    "of the e-mail address, not by town.",
    "Entries of the background task queue.",
]
SENSITIVITY_NOTE = (
    "This archive holds personal data, password hashes, authenticator secrets and "
    "recovery codes: store and transfer it as safely as a database backup."
)


class _Member:
    """One member of the archive, written in pieces and hashed on the way."""

    def __init__(self, archive, name: str):
        self.name = name
        self.size = 0
        self._digest = hashlib.sha256()
        self._handle = archive.open(name, "w", force_zip64=True)
        self._pending: list[bytes] = []
        self._pending_size = 0

    def write(self, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode()
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self._digest.update(data)
        self.size += len(data)
        self._handle.write(data)

    def close(self) -> None:
        self._flush()
        self._handle.close()

    @property
    def summary(self) -> dict:
        return {"sha256": self._digest.hexdigest(), "size": self.size}


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times with all their microseconds (Django's encoder keeps milliseconds only): the
    audit trail's hashes cover the exact timestamps."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Serializer(JSONSerializer):
    """Django's JSON serialisation, except for encrypted fields: their ``value_to_string``
    gives "" (plain text must never leave through a generic path), so they are written
    as stored (sealed), or decrypted when asked for."""

    def __init__(self, *, decrypt: bool):
        self.decrypt = decrypt
        self.key_ids: set[str] = set()

    def handle_field(self, obj, field):
        if not isinstance(field, EncryptedTextField):
            super().handle_field(obj, field)
            return
        raw = obj.__dict__[field.attname]
        if raw in (None, ""):
            value = raw
        elif self.decrypt:
            value = getattr(obj, field.attname)
        elif isinstance(raw, Sealed):
            value = raw.ciphertext
            self.key_ids.add(key_id_of(value))
        else:
            raise ValueError(f"{field} holds a value that was not read from the database.")
        self._current[field.name] = value


def _counted(items: Iterable, tally: list[int]):
    for item in items:
        tally[0] += 1
        yield item


def _write_rows(archive, rows: TownRows, serializer: _Serializer) -> tuple[str, dict, int]:
    name = f"data/{rows.label}.json"
    queryset = rows.queryset
    many_to_many = [field.name for field in rows.model._meta.local_many_to_many]
    if many_to_many:
        queryset = queryset.prefetch_related(*many_to_many)
    tally = [0]
    member = _Member(archive, name)
    try:
        serializer.serialize(
            _counted(queryset.iterator(chunk_size=2000), tally),
            stream=member,
            indent=1,
            cls=_ExactJSONEncoder,
        )
    finally:
        member.close()
    return name, member.summary, tally[0]


def _write_file(archive, storage_name: str) -> dict | None:
    """Copy one stored file into the archive; None when it is missing from the storage."""
    try:
        source = default_storage.open(storage_name, "rb")
    except FileNotFoundError:
        return None
    with source:
        member = _Member(archive, f"files/{storage_name}")
        try:
            while chunk := source.read(CHUNK):
                member.write(chunk)
        finally:
            member.close()
    return member.summary


@contextmanager
def _one_snapshot():
    """On PostgreSQL, read every table from one snapshot, so rows written while the export
    runs cannot leave it with references to rows it lacks. Inside a caller's transaction
    (or on SQLite, where one town's installation is small) reads run as they are."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def default_file_name(town: Town, when=None) -> str:
    when = when or timezone.now()
    return f"rathaus-{slugify(town.name) or town.pk}-{when:%Y%m%d-%H%M%S}.zip"


def export_town(
    *,
    town: Town,
    destination: Path,
    decrypt: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write everything of ``town`` into one ZIP archive and return its path.

    ``destination`` is the archive's path, or a directory to create it in under a name
    with the town and the time. The archive appears under its name only when complete
    (it is written beside it first), readable by its owner only. ``decrypt`` writes
    encrypted values as plain text (see the module's docstring). ``progress(done, total)``
    is called after each model and file, for a job's progress bar. When ``actor`` is
    given and a town's scope is active (e.g. the provider's), the export is audited there.
    """
    destination = Path(destination)
    created_at = timezone.now()
    if destination.is_dir():
        destination = destination / default_file_name(town, created_at)
    partial = destination.with_name(destination.name + ".part")
    serializer = _Serializer(decrypt=decrypt)
    counts: dict[str, int] = {}
    members: dict[str, dict] = {}
    data_files: dict[str, str] = {}
    missing: list[str] = []
    fields: list[str] = []
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as handle,
            zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            scopes_disabled(),
        ):
            with _one_snapshot():
                all_rows = town_rows(town)
                file_names = town_file_names(town)
                hosts = list(town.hosts.order_by("hostname").values_list("hostname", flat=True))
                total, done = len(all_rows) + len(file_names), 0
                for rows in all_rows:
                    name, summary, count = _write_rows(archive, rows, serializer)
                    members[name], counts[rows.label], data_files[rows.label] = (
                        summary,
                        count,
                        name,
                    )
                    fields += [
                        f"{rows.label}.{field.name}" for field in encrypted_fields(rows.model)
                    ]
                    done += 1
                    if progress:
                        progress(done, total)
            for storage_name in file_names:
                summary = _write_file(archive, storage_name)
                if summary is None:
                    missing.append(storage_name)
                else:
                    members[f"files/{storage_name}"] = summary
                done += 1
                if progress:
                    progress(done, total)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at.isoformat(),
                "town": {
                    "id": str(town.pk),
                    "name": town.name,
                    "official_name": town.official_name,
                    "hosts": hosts,
                },
                "counts": counts,
                "data": data_files,
                "files": {
                    "count": len(file_names) - len(missing),
                    "bytes": sum(
                        summary["size"]
                        for name, summary in members.items()
                        if name.startswith("files/")
                    ),
                    "missing": missing,
                },
                "encrypted_values": {
                    "form": "plaintext" if decrypt else "sealed",
                    "fields": sorted(fields),
                    "key_ids": sorted(serializer.key_ids),
                    "note": PLAINTEXT_NOTE if decrypt else SEALED_NOTE,
                },
                "not_included": NOT_INCLUDED,
                "sensitivity": SENSITIVITY_NOTE,
                "members": members,
            }
            archive.writestr(
                "manifest.json",
                json.dumps(manifest, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
            )
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _audit(town=town, actor=actor, decrypt=decrypt)
    return destination


def _audit(*, town: Town, actor, decrypt: bool) -> None:
    if actor is None or current_town_id() is None:
        return
    from rathaus.core.audit.models import AuditEntry
    from rathaus.core.audit.services import record

    record(
        action=AuditEntry.Action.OTHER,
        actor=actor,
        object_type="core.town",
        object_id=str(town.pk),
        object_repr=str(town)[:200],
        summary="town data exported (decrypted)" if decrypt else "town data exported",
    )
