"""The open-data catalogue: datasets published by the town's units, their resources (files
or links), the queryable tables of tabular resources (the datastore), the loads that fill
them, and the automatic datasets other apps publish through ``open_data.py``.

Names follow CKAN where a CKAN client sees them: a dataset's ``name`` is its URL slug, its
``notes`` the description, the unit publishing it the organisation.
"""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.tenancy import TownOwned, scoped_manager

from . import vocabularies
from .search_document import GermanDocument

name_validator = RegexValidator(
    r"^[a-z0-9_-]{2,100}$",
    _("Use 2 to 100 lower-case letters, digits, hyphens and underscores."),
)


class DatasetQuerySet(models.QuerySet):
    def published(self) -> "DatasetQuerySet":
        return self.filter(state=Dataset.State.PUBLISHED)

    def with_listing(self) -> "DatasetQuerySet":
        """What a list of datasets shows, in a constant number of queries."""
        return self.select_related("organization").prefetch_related("tags", "resources")


class DatasetManager(models.Manager.from_queryset(DatasetQuerySet)):
    def get_queryset(self) -> DatasetQuerySet:
        # The stored search document is for the database's search only; nothing reads it.
        return super().get_queryset().defer("search_document")


class Tag(TownOwned):
    """A keyword (dcat:keyword, CKAN tag)."""

    name = models.CharField(_("keyword"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="opendata_tag_unique")]

    def __str__(self) -> str:
        return self.name


class Dataset(TownOwned):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("dataset state", "Draft")
        PUBLISHED = "published", pgettext_lazy("dataset state", "Published")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("short name in addresses"),
        max_length=100,
        validators=[name_validator],
        help_text=_("Part of the dataset's address, e.g. parkplaetze-innenstadt."),
    )
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("description"))
    organization = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("publishing unit"),
        on_delete=models.PROTECT,
        # Nullable only so that deleting a whole town can release it; forms require it.
        null=True,
        related_name="+",
    )
    themes = models.JSONField(
        _("themes"), default=list, blank=True, help_text=_("Codes of the EU data themes.")
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("keywords"), blank=True, related_name="+")
    license_id = models.CharField(
        _("licence"),
        max_length=40,
        choices=vocabularies.choices(vocabularies.LICENSES),
        default=vocabularies.DEFAULT_LICENSE,
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    contact_name = models.CharField(
        _("contact"), max_length=200, help_text=_("A unit or a role, not a person's name.")
    )
    contact_email = models.EmailField(_("contact e-mail address (functional mailbox)"))
    temporal_start = models.DateField(_("covers the time from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers the time until"), null=True, blank=True)
    frequency = models.CharField(
        _("update frequency"),
        max_length=10,
        choices=vocabularies.choices(vocabularies.FREQUENCIES),
        default="IRREG",
    )
    spatial_ars = models.CharField(
        _("area covered (official regional key)"),
        max_length=12,
        blank=True,
        help_text=_("Twelve digits; empty means the town's own key."),
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    # The registry key of the open_data.py publisher that maintains this dataset.
    publisher_key = models.CharField(max_length=100, blank=True, editable=False)
    # Title, description, keywords and unit in one text, for the full-text search.
    search_text = models.TextField(blank=True, editable=False)
    search_document = models.GeneratedField(
        expression=GermanDocument("search_text"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager(DatasetQuerySet, base=DatasetManager)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="opendata_dataset_name_unique")
        ]
        indexes = [
            models.Index(
                fields=["town", "state", "modified_at", "id"], name="opendata_ds_modified_idx"
            ),
            models.Index(fields=["town", "state", "title", "id"], name="opendata_ds_title_id_idx"),
            # The DCAT catalogue's pages, oldest first.
            models.Index(
                fields=["town", "state", "created_at", "id"], name="opendata_ds_created_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opendata:dataset", args=[self.name])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def license(self) -> vocabularies.Term | None:
        return vocabularies.LICENSE_BY_ID.get(self.license_id)


class DatasetFacet(TownOwned):
    """One value a published dataset has in a search facet (organisation, theme, format,
    licence, keyword), kept by ``services.datasets.index_dataset``: counting facets over a
    hundred thousand datasets is then one grouped query on one table."""

    class Field(models.TextChoices):
        ORGANIZATION = "organization"
        GROUPS = "groups"
        RES_FORMAT = "res_format"
        LICENSE_ID = "license_id"
        TAGS = "tags"

    # Indexed by the unique constraint, which begins with it.
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="facets", db_index=False
    )
    field = models.CharField(max_length=20, choices=Field)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(
                fields=["town", "field", "value", "dataset"], name="opendata_facet_value_idx"
            ),
        ]
        constraints = [
            # The town is part of it only so that counting the facets of a set of datasets
            # (in the town's scope) reads this index alone.
            models.UniqueConstraint(
                fields=["dataset", "field", "value", "town"], name="opendata_facet_unique"
            ),
        ]


class DatasetFacetCount(TownOwned):
    """How many published datasets have each facet value, so that the unfiltered catalogue's
    facets are read instead of counted. Database triggers on ``DatasetFacet`` keep it
    (migration 0005): every insert and delete of a facet row, cascades and bulk writes
    included, changes the count in the same transaction. A migration that rebuilds the
    ``DatasetFacet`` table on SQLite drops those triggers and has to create them again."""

    field = models.CharField(max_length=20, choices=DatasetFacet.Field)
    value = models.CharField(max_length=200)
    datasets = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "field", "value"], name="opendata_facetcount_unique"
            ),
        ]


class Resource(TownOwned):
    """A distribution of a dataset: an uploaded file or a link. A tabular file (CSV, XLSX)
    is also loaded into a table of the datastore, from which previews, CSV and JSON
    downloads and ``datastore_search`` are served."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=[(fmt.id, fmt.label) for fmt in vocabularies.FORMATS],
    )
    url = models.URLField(_("address of the linked file"), max_length=1000, blank=True)
    # CASCADE, not PROTECT: deleting a town first empties protecting references
    # (core.towns.deletion), which the content constraint below would refuse; the services
    # delete a file only once no resource uses it.
    file = models.ForeignKey(
        "uploads.StoredFile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    size = models.PositiveBigIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Frictionless Table Schema the rows are checked against (inferred from the first upload,
    # then the steward's to change).
    schema = models.JSONField(default=dict, blank=True)
    # The datastore table holding the rows; empty while nothing valid was loaded.
    datastore_table = models.CharField(max_length=63, blank=True, editable=False)
    row_count = models.PositiveBigIntegerField(default=0, editable=False)
    # The day an automatic dataset's version was taken.
    version_date = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=~(Q(url="") & Q(file__isnull=True)), name="opendata_resource_has_content"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("opendata:resource", args=[self.dataset.name, self.pk])

    @property
    def datastore_active(self) -> bool:
        return bool(self.datastore_table)

    @property
    def is_tabular(self) -> bool:
        fmt = vocabularies.FORMAT_BY_ID.get(self.format)
        return bool(fmt and fmt.tabular)


class TableLoad(TownOwned):
    """One attempt to load a tabular file into a resource's datastore table: validated
    against the Table Schema in a background job; only a valid file replaces the rows."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("table load", "Waiting")
        RUNNING = "running", pgettext_lazy("table load", "Checking and loading")
        LOADED = "loaded", pgettext_lazy("table load", "Loaded")
        INVALID = "invalid", pgettext_lazy("table load", "Errors found, nothing loaded")
        FAILED = "failed", pgettext_lazy("table load", "Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="loads")
    file = models.ForeignKey(
        "uploads.StoredFile", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    # [{"row": 12, "column": 3, "field": "betrag", "type": "type-error", "message": "…"}, …]
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveBigIntegerField(default=0)
    # The Table Schema the file is checked against; empty until inferred from the file.
    # It becomes the resource's schema only when the load succeeds.
    schema = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("table load")
        verbose_name_plural = _("table loads")

    def __str__(self) -> str:
        return f"{self.resource} ({self.get_state_display()})"


class AutomaticDataset(TownOwned):
    """A publisher from an app's ``open_data.py`` the town's data steward switched on. The
    refresh job keeps its dataset, adding one dated version per run."""

    publisher_key = models.CharField(max_length=100)
    is_enabled = models.BooleanField(_("published"), default=False)
    dataset = models.OneToOneField(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="automatic"
    )
    # The unit the steward chose to publish it; the dataset is created with it on the first run.
    organization = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("publishing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["publisher_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "publisher_key"], name="opendata_automatic_unique"
            )
        ]

    def __str__(self) -> str:
        return self.publisher_key
