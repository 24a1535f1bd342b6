"""CKAN's writing actions on resources, for data stewards' API tokens: a linked file
(``url``) or an uploaded one (``upload``, multipart); every change goes through
``services.resources``, which loads tabular files into the DataStore in the background and
never lets a bad file replace a good one."""

import posixpath
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .. import vocabularies
from ..exceptions import NotAllowed, OpenDataError
from ..models import Dataset, Resource
from . import dictization
from .errors import ValidationError, missing_value
from .params import Param
from .reads import get_dataset, get_resource
from .registry import Context, action, ref
from .writing import ID, writing

RESOURCE_FIELDS = (
    Param("url", "string", "Address of a linked file (or send upload)."),
    Param("upload", "file", "The file, as a multipart upload."),
    Param("name", "string", "Name (from the file or address when absent)."),
    Param("description", "string", "Description."),
    Param("format", "string", "Format, e.g. CSV (guessed from the file or address)."),
)


def _resource_services():
    from ..services import resources

    return resources


@action(
    params=(
        Param("package_id", "string", "The id or name of the dataset.", required=True),
        *RESOURCE_FIELDS,
    ),
    result=ref("Resource"),
    side_effect_free=False,
)
@writing
def resource_create(context: Context, args: dict) -> dict:
    """Add a resource to a dataset: a linked file (``url``) or an uploaded one (``upload``,
    as multipart/form-data). A tabular upload (CSV, XLSX) is checked and loaded into the
    DataStore in the background.

    :param package_id: the id or name of the dataset
    :param url: the address of a linked file
    :param upload: the file (multipart upload)
    :param name: the name (optional, default: from the file or address)
    :param description: the description (optional)
    :param format: e.g. ``CSV`` (optional, guessed from the file or address)

    Returns the new resource.
    """
    dataset = get_dataset(context, args["package_id"])
    resource = add_from_dict(context, dataset, args)
    return dictization.resource_dict(_fresh(resource), context)


@action(params=(ID, *RESOURCE_FIELDS), result=ref("Resource"), side_effect_free=False)
@writing
def resource_update(context: Context, args: dict) -> dict:
    """Update a resource: the fields given replace its metadata; a new ``upload``
    replaces its file (a bad tabular file never replaces a good one).

    :param id: the id of the resource

    Other parameters as for ``resource_create``. Returns the updated resource.
    """
    resource = get_resource(context, args["id"])
    update_from_dict(context, resource, args)
    return dictization.resource_dict(_fresh(resource), context)


@action(params=(ID, *RESOURCE_FIELDS), result=ref("Resource"), side_effect_free=False)
@writing
def resource_patch(context: Context, args: dict) -> dict:
    """Change some fields of a resource; the others keep their values.

    :param id: the id of the resource

    Other parameters as for ``resource_create``. Returns the updated resource.
    """
    resource = get_resource(context, args["id"])
    current = dictization.resource_dict(resource, context)
    given = {key: value for key, value in args.items() if value is not None}
    update_from_dict(context, resource, {**current, **given})
    return dictization.resource_dict(_fresh(resource), context)


@action(params=(ID,), result={"type": "null"}, side_effect_free=False)
@writing
def resource_delete(context: Context, args: dict) -> None:
    """Delete a resource, its file and its DataStore table.

    :param id: the id of the resource
    """
    resource = get_resource(context, args["id"])
    _resource_services().delete_resource(actor=context.user, resource=resource)


def _fresh(resource: Resource) -> Resource:
    return Resource.objects.select_related("dataset").get(pk=resource.pk)


def _refusals_as_validation_errors(function):
    """The resource services' refusals (a bad address, a file of the wrong kind) as
    Validation Errors, so a package's list of resources reports them per resource."""

    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except NotAllowed:
            raise
        except OpenDataError as error:
            raise ValidationError({"message": str(error.message)}) from error

    return run


@_refusals_as_validation_errors
def add_from_dict(context: Context, dataset: Dataset, item: dict) -> Resource:
    upload = item.get("upload")
    upload = upload if hasattr(upload, "read") else None
    url = "" if upload else (item.get("url") or "")
    errors: dict[str, list[str]] = {}
    if not upload and not url:
        errors["url"] = [missing_value()]
    fmt = _format(item.get("format"), upload.name if upload else url, errors)
    if errors:
        raise ValidationError(errors)
    return _resource_services().add_resource(
        actor=context.user,
        dataset=dataset,
        name=item.get("name") or _name_from(upload.name if upload else url),
        format=fmt,
        description=item.get("description") or "",
        uploaded_file=upload,
        url=url,
    )


@_refusals_as_validation_errors
def update_from_dict(context: Context, resource: Resource, item: dict) -> None:
    services = _resource_services()
    upload = item.get("upload")
    upload = upload if hasattr(upload, "read") else None
    errors: dict[str, list[str]] = {}
    linked = not resource.file_id and not upload
    url = (item.get("url") or "") if linked else ""
    if linked and not url:
        errors["url"] = [missing_value()]
    source = upload.name if upload else (url or resource.name)
    fmt = _format(item.get("format") or (None if upload else resource.format), source, errors)
    if errors:
        raise ValidationError(errors)
    fields = {
        "name": item.get("name") or resource.name,
        "description": item.get("description") or "",
        "format": fmt,
    }
    if linked:
        fields["url"] = url
    if upload:
        services.replace_file(actor=context.user, resource=resource, uploaded_file=upload)
        resource.refresh_from_db()
    services.update_resource(actor=context.user, resource=resource, **fields)


def sync_resources(context: Context, dataset: Dataset, items: list) -> None:
    """``items`` is the dataset's whole list of resources: update, add, delete."""
    existing = {str(resource.pk): resource for resource in dataset.resources.all()}
    kept = set()
    item_errors: list[dict] = []
    for item in items:
        if not isinstance(item, dict):
            item_errors.append({"message": [_("Not a JSON object")]})
            continue
        try:
            if str(item.get("id") or "") in existing:
                update_from_dict(context, existing[str(item["id"])], item)
                kept.add(str(item["id"]))
            else:
                add_from_dict(context, dataset, item)
            item_errors.append({})
        except ValidationError as error:
            item_errors.append(error.errors)
    if any(item_errors):
        raise ValidationError({"resources": item_errors})
    for resource_id, resource in existing.items():
        if resource_id not in kept:
            _resource_services().delete_resource(actor=context.user, resource=resource)


def _name_from(source: str) -> str:
    path = urlsplit(source).path if "://" in source else source
    return posixpath.basename(path.rstrip("/"))[:300] or source[:300]


def _format(given, source: str, errors: dict) -> str:
    """A format id of the vocabulary from a given format (``csv``, ``.csv``, ``text/csv``)
    or, without one, from the file name or address."""
    if given:
        text = str(given).strip()
        for fmt in vocabularies.FORMATS:
            if text.lower().lstrip(".") == fmt.id.lower() or text.lower() == fmt.mimetype:
                return fmt.id
        errors["format"] = [
            _("Format %(format)s is not supported; use one of %(formats)s.")
            % {
                "format": text[:20],
                "formats": ", ".join(fmt.id for fmt in vocabularies.FORMATS),
            }
        ]
        return ""
    path = urlsplit(source).path if "://" in source else source
    extension = posixpath.splitext(path)[1].lstrip(".").upper()
    if extension in vocabularies.FORMAT_BY_ID:
        return extension
    errors["format"] = [_("Give the format, e.g. CSV; it cannot be told from the name.")]
    return ""
