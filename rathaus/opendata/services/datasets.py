"""Writes on datasets: create, edit, publish, withdraw, delete; each permission-checked,
audited, and followed by ``index_dataset`` so search and facets see the change at once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..exceptions import NameTaken, NotPublishable
from ..models import Dataset, DatasetFacet, DatasetFacetCount, Tag
from ..organizations import organization_name
from ..permissions import require_steward

EDITABLE_FIELDS = (
    "name",
    "title",
    "notes",
    "organization",
    "themes",
    "license_id",
    "contact_name",
    "contact_email",
    "temporal_start",
    "temporal_end",
    "frequency",
    "spatial_ars",
    "version",
)


def _clean_keywords(keywords) -> list[str]:
    seen: dict[str, str] = {}
    for keyword in keywords or ():
        text = " ".join(str(keyword).split())[:100]
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def _set_tags(dataset: Dataset, keywords) -> None:
    names = _clean_keywords(keywords)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    dataset.tags.set(Tag.objects.filter(name__in=names))


@transaction.atomic
def index_dataset(dataset: Dataset) -> None:
    """Rewrite the dataset's facet values (published datasets only) and search text."""
    tags = list(dataset.tags.values_list("name", flat=True))
    formats = sorted(set(dataset.resources.values_list("format", flat=True)))
    organization = dataset.organization
    values = [
        (DatasetFacet.Field.ORGANIZATION, organization_name(organization) if organization else ""),
        (DatasetFacet.Field.LICENSE_ID, dataset.license_id),
        *((DatasetFacet.Field.GROUPS, theme) for theme in dataset.themes or ()),
        *((DatasetFacet.Field.RES_FORMAT, fmt) for fmt in formats),
        *((DatasetFacet.Field.TAGS, tag) for tag in tags),
    ]
    _lock_facet_counts()
    DatasetFacet.objects.filter(dataset=dataset).delete()
    if dataset.is_published:  # facets count published datasets only
        DatasetFacet.objects.bulk_create(
            DatasetFacet(town_id=dataset.town_id, dataset=dataset, field=field, value=value)
            for field, value in dict.fromkeys((field, value[:200]) for field, value in values)
            if value
        )
    search_text = "\n".join(
        [
            dataset.title,
            dataset.notes,
            " ".join(tags),
            organization.name if organization else "",
            dataset.name,
        ]
    )
    Dataset.objects.filter(pk=dataset.pk).update(search_text=search_text)
    dataset.search_text = search_text


def _lock_facet_counts() -> None:
    """Wait for any other transaction changing the town's facet counts: the counting
    triggers would otherwise lock the same counters in different orders across the delete
    and the insert, and could deadlock."""
    list(DatasetFacetCount.objects.select_for_update().order_by("pk").values_list("pk"))


def _save(dataset: Dataset) -> None:
    try:
        with transaction.atomic():
            dataset.save()
    except IntegrityError as error:
        raise NameTaken from error


@transaction.atomic
def create_dataset(*, actor, keywords=(), publisher_key: str = "", **fields) -> Dataset:
    """A new dataset in draft; ``fields`` are the ``EDITABLE_FIELDS``."""
    if not publisher_key:
        require_steward(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if Dataset.objects.filter(name=fields.get("name")).exists():
        raise NameTaken
    dataset = Dataset(publisher_key=publisher_key, **fields)
    dataset.full_clean(exclude=["tags"])
    _save(dataset)
    _set_tags(dataset, keywords)
    index_dataset(dataset)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=dataset,
        summary=_("Dataset created"),
    )
    return dataset


@transaction.atomic
def update_dataset(*, actor, dataset: Dataset, keywords=None, **fields) -> Dataset:
    """Change the metadata; ``keywords`` (when given) replaces the keywords."""
    if not dataset.publisher_key or actor is not None:
        require_steward(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if "name" in fields and Dataset.objects.filter(name=fields["name"]).exclude(pk=dataset.pk):
        raise NameTaken
    before = snapshot(dataset)
    for field, value in fields.items():
        setattr(dataset, field, value)
    dataset.modified_at = timezone.now()
    dataset.full_clean(exclude=["tags"])
    _save(dataset)
    if keywords is not None:
        _set_tags(dataset, keywords)
    index_dataset(dataset)
    record_update(
        actor=actor,
        obj=dataset,
        before=before,
        summary=_("Dataset changed"),
        ignore=("modified_at", "search_text"),
    )
    return dataset


def touch_dataset(dataset: Dataset) -> None:
    """A resource changed: the dataset's modification time and facets follow."""
    dataset.modified_at = timezone.now()
    Dataset.objects.filter(pk=dataset.pk).update(modified_at=dataset.modified_at)
    index_dataset(dataset)


@transaction.atomic
def publish_dataset(*, actor, dataset: Dataset) -> Dataset:
    if not dataset.publisher_key or actor is not None:
        require_steward(actor)
    if not dataset.resources.exists():
        raise NotPublishable
    if dataset.is_published:
        return dataset
    now = timezone.now()
    dataset.state = Dataset.State.PUBLISHED
    dataset.published_at = dataset.published_at or now
    dataset.modified_at = now
    dataset.save(update_fields=["state", "published_at", "modified_at"])
    index_dataset(dataset)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=dataset,
        summary=_("Dataset published"),
        changes={"state": [Dataset.State.DRAFT, Dataset.State.PUBLISHED]},
    )
    return dataset


@transaction.atomic
def withdraw_dataset(*, actor, dataset: Dataset) -> Dataset:
    """Back to draft: the dataset disappears from the portal, the APIs and the catalogue."""
    require_steward(actor)
    if not dataset.is_published:
        return dataset
    dataset.state = Dataset.State.DRAFT
    dataset.modified_at = timezone.now()
    dataset.save(update_fields=["state", "modified_at"])
    index_dataset(dataset)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=dataset,
        summary=_("Dataset withdrawn"),
        changes={"state": [Dataset.State.PUBLISHED, Dataset.State.DRAFT]},
    )
    return dataset
