"""Our models as CKAN's dictionaries: package (dataset), resource, organisation (a unit),
group (an EU data theme), tag and licence, with CKAN's field names and value conventions
(``state`` "active" for a published dataset, timestamps in UTC without offset, the
contact as author and maintainer, coverage and frequency as ``extras``).

Dictizing a list needs the datasets fetched with ``Dataset.objects.with_listing()``: no
further query is made per dataset.
"""

import datetime
import uuid

from django.urls import reverse

from rathaus.core.tenancy import current_town

from .. import vocabularies
from ..models import Dataset, Resource, Tag
from ..organizations import organization_name
from .registry import Context

STATE_ACTIVE = "active"
STATE_DRAFT = "draft"


def timestamp(value: datetime.datetime | None) -> str | None:
    """CKAN's timestamps: ISO 8601 in UTC, without an offset."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


def package_state(dataset: Dataset) -> str:
    return STATE_ACTIVE if dataset.is_published else STATE_DRAFT


def group_name(theme_code: str) -> str:
    """A theme's group name: its code in lower case, as GovData names its groups."""
    return theme_code.lower()


def group_id(term: vocabularies.Term) -> str:
    """A stable id of a theme's group, the same on every portal."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, term.uri))


def find_theme(name_or_id: str) -> vocabularies.Term | None:
    for term in vocabularies.THEMES:
        if name_or_id in (term.id, group_name(term.id), group_id(term)):
            return term
    return None


def ars_uri(dataset: Dataset) -> str:
    ars = dataset.spatial_ars or getattr(current_town(), "ars", "")
    return vocabularies.POLITICAL_GEOCODING_ARS + ars if ars else ""


def extras(dataset: Dataset) -> list[dict]:
    """Coverage and frequency under the keys of ckanext-dcat and ckanext-dcatde."""
    frequency = vocabularies.FREQUENCY_BY_ID.get(dataset.frequency)
    spatial = ars_uri(dataset)
    values = {
        "frequency": frequency.uri if frequency else dataset.frequency,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "spatial_uri": spatial,
        "politicalGeocodingURI": spatial,
    }
    return [{"key": key, "value": value} for key, value in sorted(values.items()) if value]


def license_fields(license_id: str) -> dict:
    term = vocabularies.LICENSE_BY_ID.get(license_id)
    return {
        "license_id": license_id,
        "license_title": str(term.label) if term else license_id,
        "license_url": term.url if term else "",
        "isopen": term is not None,  # every licence of the list is an open one
    }


def package_dict(dataset: Dataset, context: Context) -> dict:
    organization = dataset.organization
    resources = list(dataset.resources.all())
    tags = sorted(dataset.tags.all(), key=lambda tag: tag.name)
    return {
        "id": str(dataset.pk),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": package_state(dataset),
        "private": False,
        **license_fields(dataset.license_id),
        "url": context.absolute(reverse("opendata:dataset", args=[dataset.name])),
        "version": dataset.version,
        "author": dataset.contact_name,
        "author_email": dataset.contact_email,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "metadata_created": timestamp(dataset.created_at),
        "metadata_modified": timestamp(dataset.modified_at),
        "creator_user_id": None,
        "owner_org": str(organization.pk),
        "organization": organization_summary(organization),
        "groups": [
            group_summary(vocabularies.THEME_BY_ID[code])
            for code in dataset.themes or ()
            if code in vocabularies.THEME_BY_ID
        ],
        "tags": [tag_dict(tag) for tag in tags],
        "num_tags": len(tags),
        "resources": [resource_dict(resource, context, dataset) for resource in resources],
        "num_resources": len(resources),
        "extras": extras(dataset),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def resource_url(resource: Resource, context: Context, dataset: Dataset) -> str:
    """A linked resource's address; an uploaded file's download address, absolute."""
    if resource.file_id:
        return context.absolute(reverse("opendata:download", args=[dataset.name, resource.pk]))
    return resource.url


def resource_dict(resource: Resource, context: Context, dataset: Dataset | None = None) -> dict:
    dataset = dataset or resource.dataset
    fmt = vocabularies.FORMAT_BY_ID.get(resource.format)
    result = {
        "id": str(resource.pk),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "mimetype": fmt.mimetype if fmt else None,
        "mimetype_inner": None,
        "url": resource_url(resource, context, dataset),
        "url_type": "upload" if resource.file_id else None,
        "size": resource.size,
        "hash": "",
        "created": timestamp(resource.created_at),
        "last_modified": timestamp(resource.modified_at),
        "metadata_modified": timestamp(resource.modified_at),
        "datastore_active": resource.datastore_active,
        "position": resource.position,
        "state": STATE_ACTIVE,
        "resource_type": None,
        "cache_url": None,
        "cache_last_updated": None,
    }
    if resource.schema:
        result["schema"] = resource.schema  # a Frictionless Table Schema
    return result


def organization_summary(unit) -> dict:
    """The organisation as CKAN embeds it in a package."""
    return {
        "id": str(unit.pk),
        "name": organization_name(unit),
        "title": unit.name,
        "type": "organization",
        "description": "",
        "image_url": "",
        "created": None,
        "is_organization": True,
        "approval_status": "approved",
        "state": STATE_ACTIVE,
    }


def organization_dict(unit, package_count: int) -> dict:
    """The organisation as ``organization_show`` and ``organization_list`` give it."""
    return {
        **organization_summary(unit),
        "display_name": unit.name,
        "image_display_url": "",
        "package_count": package_count,
        "num_followers": 0,
        "extras": [{"key": "code", "value": unit.code}],
        "tags": [],
        "groups": [],
        "users": [],
    }


def group_summary(term: vocabularies.Term) -> dict:
    """The group as CKAN embeds it in a package."""
    return {
        "id": group_id(term),
        "name": group_name(term.id),
        "title": str(term.label),
        "display_name": str(term.label),
        "description": "",
        "image_display_url": "",
    }


def group_dict(term: vocabularies.Term, package_count: int) -> dict:
    return {
        **group_summary(term),
        "type": "group",
        "image_url": "",
        "created": None,
        "is_organization": False,
        "approval_status": "approved",
        "state": STATE_ACTIVE,
        "package_count": package_count,
        "num_followers": 0,
        "extras": [{"key": "uri", "value": term.uri}],
        "tags": [],
        "groups": [],
        "users": [],
    }


def tag_dict(tag: Tag) -> dict:
    return {
        "id": str(tag.pk),
        "name": tag.name,
        "display_name": tag.name,
        "state": STATE_ACTIVE,
        "vocabulary_id": None,
    }


def license_dict(term: vocabularies.Term) -> dict:
    return {
        "id": term.id,
        "title": str(term.label),
        "url": term.url,
        "status": STATE_ACTIVE,
        "maintainer": "",
        "family": "",
        "od_conformance": "approved",
        "osd_conformance": "not reviewed",
        "domain_content": True,
        "domain_data": True,
        "domain_software": False,
        "is_generic": False,
        "is_okd_compliant": True,
        "is_osi_compliant": False,
    }
