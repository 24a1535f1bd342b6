"""Writes on resources: add a file or a link, replace the file, edit, delete, change the
Table Schema. Each is permission-checked, audited and followed by ``touch_dataset``. A
tabular file is loaded into the datastore by a background job (``datastore.loading``);
until that job has found the file valid, the resource keeps its previous file and rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import delete_stored_file, store_upload

from ..datastore import loading, tables
from ..datastore.schema import validate_schema
from ..exceptions import DatastoreError, OpenDataError
from ..models import Dataset, Resource, TableLoad
from ..permissions import require_steward
from ..vocabularies import FORMAT_BY_ID
from .datasets import touch_dataset

# The upload kinds (core uploads) a file of each format must be.
UPLOAD_KINDS = {
    "CSV": {"csv"},
    "XLSX": {"xlsx"},
    "JSON": {"json"},
    "GEOJSON": {"geojson"},
    "PDF": {"pdf"},
}
EDITABLE_FIELDS = ("name", "description", "format", "url", "position")
url_validator = URLValidator(schemes=["http", "https"])


def _format(value: str) -> str:
    fmt = (value or "").strip().upper()
    if fmt not in FORMAT_BY_ID:
        raise OpenDataError(
            _("Choose one of the formats %(formats)s.") % {"formats": ", ".join(FORMAT_BY_ID)}
        )
    return fmt


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        url_validator(url)
    except ValidationError as error:
        raise OpenDataError(
            _("Enter the full address of the linked file, starting with https:// or http://.")
        ) from error
    if len(url) > Resource._meta.get_field("url").max_length:
        raise OpenDataError(_("The address is too long."))
    return url


def _store(uploaded_file, fmt: str, actor) -> StoredFile:
    kinds = UPLOAD_KINDS.get(fmt)
    if not kinds:
        raise OpenDataError(
            _("Files in the format %(format)s cannot be uploaded; link them instead.")
            % {"format": fmt}
        )
    try:
        return store_upload(
            uploaded_file=uploaded_file,
            kinds=kinds,
            max_bytes=settings.RATHAUS_OPENDATA_UPLOAD_MAX_BYTES,
            uploaded_by=actor,
            # Not public: drafts and refused uploads must not be downloadable; the portal
            # serves a resource's file only while its dataset is published.
            is_public=False,
        )
    except UploadError as error:
        raise OpenDataError(error.message) from error


def _is_tabular(fmt: str) -> bool:
    return bool(FORMAT_BY_ID[fmt].tabular)


@transaction.atomic
def add_resource(
    *,
    actor,
    dataset: Dataset,
    name: str,
    format: str,  # noqa: A002 - CKAN's name
    description: str = "",
    uploaded_file=None,
    url: str = "",
) -> Resource:
    """A new resource of the dataset: an uploaded file or a link (exactly one). A CSV or
    XLSX file is checked and loaded into the datastore by a background job
    (``resource.loads.first()``)."""
    require_steward(actor)
    fmt = _format(format)
    if bool(uploaded_file) == bool(url):
        raise OpenDataError(_("Upload a file or enter the address of a linked file (not both)."))
    if not (name or "").strip():
        raise OpenDataError(_("Enter a name for the resource."))
    position = (dataset.resources.aggregate(last=Max("position"))["last"] or 0) + 1
    resource = Resource(
        dataset=dataset,
        name=name.strip(),
        description=description or "",
        format=fmt,
        position=position,
    )
    if url:
        resource.url = _check_url(url)
    else:
        stored = _store(uploaded_file, fmt, actor)
        resource.file = stored
        resource.size = stored.size
    try:
        resource.full_clean(exclude=["dataset", "file", "town"])
    except ValidationError as error:
        raise OpenDataError(" ".join(error.messages)) from error
    resource.save()
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=resource, summary=_("Resource added"))
    touch_dataset(dataset)
    if resource.file_id and _is_tabular(fmt):
        loading.start_load(
            resource=resource, stored_file=resource.file, started_by=actor, schema=None
        )
        resource.refresh_from_db()
    return resource


@transaction.atomic
def _rules_to_check(resource: Resource) -> dict | None:
    """The schema a new file is checked against: the rules of the last check if that one
    was refused (the steward is fixing what its report showed), else the resource's."""
    last = resource.loads.order_by("-created_at").first()
    if last is not None and last.state == TableLoad.State.INVALID and last.schema:
        return last.schema
    return resource.schema or None


def replace_file(
    *, actor, resource: Resource, uploaded_file, infer_schema: bool = False
) -> TableLoad | None:
    """A new version of the resource's file. A tabular file is checked against the
    resource's Table Schema (or a schema inferred from it, with ``infer_schema`` or when the
    resource has none) and replaces the file and rows only when it is valid: the returned
    ``TableLoad`` reports the outcome. Other files replace the old one at once (None)."""
    require_steward(actor)
    stored = _store(uploaded_file, resource.format, actor)
    if _is_tabular(resource.format):
        schema = None if infer_schema else _rules_to_check(resource)
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=resource,
            summary=_("New file uploaded for checking"),
            changes={"file": [str(resource.file_id or ""), str(stored.pk)]},
        )
        return loading.start_load(
            resource=resource, stored_file=stored, started_by=actor, schema=schema
        )
    old_file = resource.file
    before = snapshot(resource)
    resource.file = stored
    resource.size = stored.size
    resource.url = ""
    resource.modified_at = timezone.now()
    resource.save(update_fields=["file", "size", "url", "modified_at"])
    record_update(
        actor=actor,
        obj=resource,
        before=before,
        summary=_("File replaced"),
        ignore=("modified_at",),
    )
    if old_file is not None:
        delete_stored_file(stored_file=old_file, actor=actor)
    touch_dataset(resource.dataset)
    return None


@transaction.atomic
def update_resource(*, actor, resource: Resource, **fields) -> Resource:
    """Change name, description, position, or (for a link) its address and format."""
    require_steward(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    before = snapshot(resource)
    if "format" in fields:
        fmt = _format(fields.pop("format"))
        if fmt != resource.format and resource.file_id:
            raise OpenDataError(
                _(
                    "The format of an uploaded file cannot change; upload the file as a new "
                    "resource."
                )
            )
        resource.format = fmt
    if "url" in fields:
        url = fields.pop("url")
        if resource.file_id:
            if url:
                raise OpenDataError(
                    _("This resource is an uploaded file; it has no address to edit.")
                )
        else:
            resource.url = _check_url(url)
    if "name" in fields:
        name = (fields.pop("name") or "").strip()
        if not name:
            raise OpenDataError(_("Enter a name for the resource."))
        resource.name = name
    for field, value in fields.items():
        setattr(resource, field, value if value is not None else "")
    resource.modified_at = timezone.now()
    try:
        resource.full_clean(exclude=["dataset", "file", "town"])
    except ValidationError as error:
        raise OpenDataError(" ".join(error.messages)) from error
    resource.save()
    record_update(
        actor=actor,
        obj=resource,
        before=before,
        summary=_("Resource changed"),
        ignore=("modified_at",),
    )
    touch_dataset(resource.dataset)
    return resource


@transaction.atomic
def delete_resource(*, actor, resource: Resource) -> None:
    """Delete the resource with its datastore tables, its loads and its files."""
    require_steward(actor)
    dataset = resource.dataset
    file_ids = {resource.file_id, *resource.loads.values_list("file_id", flat=True)} - {None}
    record(
        action=AuditEntry.Action.DELETE, actor=actor, obj=resource, summary=_("Resource deleted")
    )
    resource_id = resource.pk
    resource.delete()
    # The post_delete receiver (datastore.signals) drops the tables; doing it here as well
    # keeps this service correct on its own.
    tables.drop_tables_of(resource_id)
    still_used = set(
        Resource.objects.filter(file_id__in=file_ids).values_list("file_id", flat=True)
    ) | set(TableLoad.objects.filter(file_id__in=file_ids).values_list("file_id", flat=True))
    for stored in StoredFile.objects.filter(pk__in=file_ids - still_used):
        delete_stored_file(stored_file=stored, actor=actor)
    touch_dataset(dataset)


def _file_to_check(resource: Resource) -> StoredFile | None:
    """The file a schema change is checked on: the newest upload when it was refused (the
    steward is fixing what the report showed), otherwise the resource's current file."""
    latest = resource.loads.order_by("-created_at").first()
    if latest and latest.file_id and latest.state == TableLoad.State.INVALID:
        return latest.file
    return resource.file


@transaction.atomic
def update_schema(*, actor, resource: Resource, schema: dict) -> TableLoad:
    """Change the resource's Table Schema: the file is checked against it again, and the
    new schema (with the rows) takes effect only when the file is valid. While the
    resource has no rows yet, the schema is kept at once, so it can be corrected step by
    step."""
    require_steward(actor)
    if not _is_tabular(resource.format):
        raise DatastoreError(_("Only CSV and XLSX resources have a table schema."))
    schema = validate_schema(schema)
    stored = _file_to_check(resource)
    if stored is None:
        raise DatastoreError(_("This table has no uploaded file that could be checked again."))
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=resource,
        summary=_("Table schema changed"),
        changes={"schema": [resource.schema, schema]},
    )
    if not resource.datastore_active:
        Resource.objects.filter(pk=resource.pk).update(schema=schema)
        resource.schema = schema
    load = loading.start_load(
        resource=resource, stored_file=stored, started_by=actor, schema=schema
    )
    resource.refresh_from_db()
    return load
