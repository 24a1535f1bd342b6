"""CKAN's writing actions on packages, for data stewards' API tokens: create, update,
patch and delete. The CKAN dictionaries are translated to the catalogue's fields here;
every change goes through ``services.datasets`` (and ``services.resources`` for a package's
list of resources), which check the permission again and write the audit trail.

CKAN's states map onto ours: ``active`` is published, ``draft`` (and ``deleted``) a draft.
A dataset needs a resource before it can be published, so ``package_create`` without
resources makes a draft; ``package_delete`` withdraws a dataset from publication.
"""

import datetime

from django.utils.translation import gettext as _

from rathaus.core.tenancy import current_town

from .. import vocabularies
from ..models import Dataset
from ..organizations import find_organization
from ..services import datasets as dataset_services
from . import dictization
from .errors import ValidationError, missing_value
from .params import Param
from .reads import get_dataset
from .registry import Context, action, ref
from .resource_writes import sync_resources
from .writing import ID, writing

STATES = {"active", "draft", "deleted"}

PACKAGE_FIELDS = (
    Param("name", "string", "Short name in addresses (2-100 of a-z, 0-9, - and _)."),
    Param("title", "string", "Title (the name when absent)."),
    Param("notes", "string", "Description."),
    Param("owner_org", "string", "Name or id of the publishing organisation (unit)."),
    Param("license_id", "string", "A licence id of license_list."),
    Param("version", "string", "Version."),
    Param("maintainer", "string", "Contact: a unit or role, not a person (author as fallback)."),
    Param("maintainer_email", "string", "The contact's functional mailbox."),
    Param("author", "string", "Contact, when maintainer is absent."),
    Param("author_email", "string", "Contact e-mail address, when maintainer_email is absent."),
    Param("state", "string", "'active' publishes, 'draft' keeps or withdraws."),
    Param("tags", "list", 'Keywords: [{"name": …}].'),
    Param("tag_string", "string", "Keywords separated by commas."),
    Param("groups", "list", 'EU data themes: [{"name": "tran"}].'),
    Param(
        "extras",
        "list",
        "[{key, value}] with frequency, temporal_start, temporal_end, spatial_uri.",
    ),
    Param("resources", "list", "Linked resources: [{url, name, format, description}]."),
)


def _refetched(context: Context, dataset: Dataset) -> dict:
    return dictization.package_dict(get_dataset(context, str(dataset.pk)), context)


# -- packages -------------------------------------------------------------------------------


@action(
    params=(
        Param("name", "string", PACKAGE_FIELDS[0].description, required=True),
        Param("owner_org", "string", PACKAGE_FIELDS[3].description, required=True),
        *PACKAGE_FIELDS[1:3],
        *PACKAGE_FIELDS[4:],
    ),
    result=ref("Package"),
    side_effect_free=False,
)
@writing
def package_create(context: Context, args: dict) -> dict:
    """Create a dataset (package); a data steward's API token is needed.

    :param name: the short name in addresses, 2 to 100 of a-z, 0-9, ``-`` and ``_``
    :param owner_org: the name or id of the publishing organisation (unit)
    :param title: the title (optional, default: the name)
    :param notes: the description
    :param license_id: a licence id of ``license_list`` (optional)
    :param maintainer: the contact, a unit or role (optional, default: the unit)
    :param maintainer_email: the contact's functional mailbox (optional, default: the
        unit's)
    :param tags: keywords, ``[{"name": …}]`` (optional)
    :param groups: EU data themes, ``[{"name": "tran"}]`` (optional)
    :param extras: ``frequency``, ``temporal_start``, ``temporal_end``, ``spatial_uri``
        (optional)
    :param resources: linked resources, ``[{"url": …, "format": …}]`` (optional)
    :param state: ``draft`` keeps the new dataset a draft (optional); otherwise it is
        published as soon as it has a resource

    Returns the new package.
    """
    fields, keywords, state = _dataset_fields(args)
    dataset = dataset_services.create_dataset(actor=context.user, keywords=keywords, **fields)
    if args["resources"]:
        sync_resources(context, dataset, args["resources"])
    _apply_state(context, dataset, state, default_publish=True)
    return _refetched(context, dataset)


@action(
    params=(ID, *PACKAGE_FIELDS),
    result=ref("Package"),
    side_effect_free=False,
)
@writing
def package_update(context: Context, args: dict) -> dict:
    """Update a dataset (package): the fields given replace all of its metadata.

    Fields left out take their defaults; use ``package_patch`` to change some fields only.
    ``resources``, when given, is the complete list: resources with an ``id`` are updated,
    those without are added, the others deleted.

    :param id: the id or name of the dataset

    Other parameters as for ``package_create``. Returns the updated package.
    """
    return _update_package(context, args, get_dataset(context, args["id"]))


@action(
    params=(ID, *PACKAGE_FIELDS),
    result=ref("Package"),
    side_effect_free=False,
)
@writing
def package_patch(context: Context, args: dict) -> dict:
    """Change some fields of a dataset (package); the others keep their values.

    :param id: the id or name of the dataset

    Other parameters as for ``package_create``. Returns the updated package.
    """
    dataset = get_dataset(context, args["id"])
    current = dictization.package_dict(dataset, context)
    given = {key: value for key, value in args.items() if value is not None}
    if "resources" not in given:
        current.pop("resources")
    merged = {**current, **given, "id": str(dataset.pk)}
    if "state" not in given:
        merged.pop("state")
    return _update_package(
        context, {param.name: None for param in PACKAGE_FIELDS} | merged, dataset
    )


def _update_package(context: Context, args: dict, dataset: Dataset) -> dict:
    args = {**args, "name": args.get("name") or dataset.name}
    args["owner_org"] = args.get("owner_org") or str(dataset.organization_id)
    fields, keywords, state = _dataset_fields(args)
    dataset_services.update_dataset(
        actor=context.user, dataset=dataset, keywords=keywords, **fields
    )
    if args.get("resources") is not None:
        sync_resources(context, dataset, args["resources"])
    _apply_state(context, dataset, state, default_publish=False)
    return _refetched(context, dataset)


@action(params=(ID,), result={"type": "null"}, side_effect_free=False)
@writing
def package_delete(context: Context, args: dict) -> None:
    """Withdraw a dataset (package) from publication: it becomes a draft again, hidden
    from the portal, this API and the catalogue.

    :param id: the id or name of the dataset
    """
    dataset = get_dataset(context, args["id"])
    dataset_services.withdraw_dataset(actor=context.user, dataset=dataset)


def _apply_state(context: Context, dataset: Dataset, state: str, *, default_publish: bool):
    if state in {"draft", "deleted"}:
        dataset_services.withdraw_dataset(actor=context.user, dataset=dataset)
    elif state == "active" or (default_publish and dataset.resources.exists()):
        dataset_services.publish_dataset(actor=context.user, dataset=dataset)


def _dataset_fields(args: dict) -> tuple[dict, list[str] | None, str]:
    """The service's fields, the keywords and the wanted state of a package dictionary;
    every problem at once as a Validation Error."""
    errors: dict[str, list[str]] = {}
    unit = None
    if args.get("owner_org"):
        unit = find_organization(args["owner_org"])
        if unit is None:
            errors["owner_org"] = [_("Organization does not exist")]
    else:
        errors["owner_org"] = [missing_value()]
    state = args.get("state") or ""
    if state and state not in STATES:
        errors["state"] = [_("Use one of: active, draft.")]
    extras = _extras(args, errors)
    fields = {
        "name": args.get("name") or "",
        "title": args.get("title") or args.get("name") or "",
        "notes": args.get("notes") or "",
        "license_id": args.get("license_id") or vocabularies.DEFAULT_LICENSE,
        "version": args.get("version") or "",
        "contact_name": args.get("maintainer") or args.get("author") or (unit and unit.name) or "",
        "contact_email": args.get("maintainer_email")
        or args.get("author_email")
        or (unit and unit.email)
        or "",
        "themes": _themes(args.get("groups"), errors),
        **extras,
    }
    if unit is not None:
        fields["organization"] = unit
    keywords = _keywords(args, errors)
    if errors:
        raise ValidationError(errors)
    return fields, keywords, state


def _themes(groups, errors: dict) -> list[str]:
    themes = []
    for group in groups or ():
        key = (group.get("name") or group.get("id")) if isinstance(group, dict) else group
        term = dictization.find_theme(str(key or ""))
        if term is None:
            errors.setdefault("groups", []).append(
                _("Group %(name)s does not exist; use an EU data theme such as tran.")
                % {"name": str(key)[:40]}
            )
        elif term.id not in themes:
            themes.append(term.id)
    return themes


def _keywords(args: dict, errors: dict) -> list[str] | None:
    if args.get("tags") is not None:
        names = []
        for tag in args["tags"]:
            name = tag.get("name") if isinstance(tag, dict) else tag
            if not isinstance(name, str) or not name.strip():
                errors["tags"] = [_("Each tag needs a name.")]
                return None
            names.append(name)
        return names
    if args.get("tag_string") is not None:
        return [part.strip() for part in args["tag_string"].split(",") if part.strip()]
    return []


def _extras(args: dict, errors: dict) -> dict:
    """Frequency, temporal and spatial coverage from ``extras`` (or top-level keys of the
    same names); other extras are not kept."""
    values: dict[str, str] = {}
    for extra in args.get("extras") or ():
        if isinstance(extra, dict) and extra.get("key"):
            values[str(extra["key"])] = str(extra.get("value") or "")
    for key in ("frequency", "temporal_start", "temporal_end", "spatial_uri", "spatial_ars"):
        if isinstance(args.get(key), str):
            values[key] = args[key]
    frequency = values.get("frequency", "")
    frequency = frequency.removeprefix(vocabularies.EU_FREQUENCY)
    spatial = (
        values.get("spatial_ars")
        or values.get("spatial_uri")
        or values.get("politicalGeocodingURI")
        or ""
    )
    spatial = spatial.removeprefix(vocabularies.POLITICAL_GEOCODING_ARS)
    town_ars = getattr(current_town(), "ars", "")
    return {
        "frequency": frequency or "IRREG",
        "temporal_start": _date(values.get("temporal_start"), "temporal_start", errors),
        "temporal_end": _date(values.get("temporal_end"), "temporal_end", errors),
        "spatial_ars": "" if spatial == town_ars else spatial,
    }


def _date(value: str | None, key: str, errors: dict) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        errors[key] = [_("Date format incorrect; use YYYY-MM-DD.")]
        return None
