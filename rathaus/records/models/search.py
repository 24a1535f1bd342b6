"""The search index: one row per searchable file, procedure, note or document."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from rathaus.core.tenancy import TownOwned, scoped_manager


class SearchEntry(TownOwned):
    """Text to search and what is needed to filter and check access without joins.

    On PostgreSQL ``vector`` holds the German tsvector (GIN index), kept by a trigger from
    ``reference`` and ``title`` (weight A) and ``body`` (weight B); on SQLite the FTS5 table
    ``records_searchfts`` mirrors ``reference``, ``title`` and ``body`` through triggers (see
    ``records.search``); both are created by an engine-specific migration."""

    class Kind(models.TextChoices):
        FILE = "file"
        PROCEDURE = "procedure"
        NOTE = "note"
        DOCUMENT = "document"

    kind = models.CharField(max_length=10, choices=Kind)
    object_id = models.UUIDField()
    file = models.ForeignKey("records.RecordFile", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(
        "records.Procedure", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit_id = models.UUIDField()
    plan_entry_id = models.UUIDField()
    file_state = models.CharField(max_length=10)
    date = models.DateField(default=timezone.localdate)
    reference = models.CharField(max_length=140, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    objects = scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry")
        ]
        indexes = [
            models.Index(fields=["town", "unit_id"]),
            models.Index(fields=["file"]),
            # Newest first, with the unit beside: a very common word's newest matches in
            # the person's units are found without reading every match (see search.py).
            models.Index(fields=["town", "-date", "-id", "unit_id"], name="search_newest_idx"),
        ]
