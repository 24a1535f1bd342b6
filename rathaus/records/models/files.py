"""Files (Akten), their procedures (Vorgänge) and notes (Vermerke), and who may see them."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import ProcedureQuerySet, RecordFileQuerySet


class RecordFile(TownOwned):
    """A file (Akte) under one file plan position, kept by one responsible unit."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class DisposalState(models.TextChoices):
        """Where the file stands in disposal (Aussonderung)."""

        NONE = "", _("Not in disposal")
        OFFERED = "offered", _("Offered to the archive")
        TO_ARCHIVE = "to_archive", _("Archive takes it over")
        TO_DESTROY = "to_destroy", _("To be destroyed")
        HANDED_OVER = "handed_over", _("Handed over to the archive")
        RECEIVED = "received", _("Receipt confirmed by the archive")
        DELETED = "deleted", _("Deleted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan_entry = models.ForeignKey(
        "records.FilePlanEntry",
        verbose_name=_("file plan position"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reference = models.CharField(_("file reference"), max_length=120)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    has_personal_data = models.BooleanField(
        _("contains personal data"),
        default=False,
        help_text=_("Reading its documents is recorded in the audit trail."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    retention_ends_on = models.DateField(
        _("retention ends"),
        null=True,
        blank=True,
        help_text=_("Set on closing: end of the closing year plus the retention period."),
    )
    disposal_state = models.CharField(
        _("disposal"), max_length=12, choices=DisposalState, default="", blank=True
    )
    disposal_batch = models.ForeignKey(
        "records.DisposalBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = scoped_manager(RecordFileQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(fields=["town", "reference"], name="unique_file_reference")
        ]
        indexes = [
            models.Index(fields=["town", "unit", "state"]),
            models.Index(fields=["town", "state", "retention_ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ReferenceCounter(TownOwned):
    """The last running number handed out per unit, plan position and year."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    plan_entry = models.ForeignKey(
        "records.FilePlanEntry", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = scoped_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "unit", "plan_entry", "year"], name="one_counter_per_series"
            )
        ]


class FileShare(TownOwned):
    """A file shared with another unit or with one person (read access)."""

    file = models.ForeignKey("records.RecordFile", on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    shared_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, user__isnull=True)
                | Q(unit__isnull=True, user__isnull=False),
                name="share_with_unit_or_person",
            ),
            models.UniqueConstraint(fields=["file", "unit"], name="unique_file_share_unit"),
            models.UniqueConstraint(fields=["file", "user"], name="unique_file_share_user"),
        ]


class Procedure(TownOwned):
    """A procedure (Vorgang) inside a file: one matter, handled by a unit or one clerk."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.ForeignKey(
        "records.RecordFile", on_delete=models.CASCADE, related_name="procedures"
    )
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField(_("subject"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    assigned_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("handled by unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        "accounts.User",
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = scoped_manager(ProcedureQuerySet)

    class Meta:
        ordering = ["number"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        indexes = [models.Index(fields=["town", "assigned_unit", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="unique_procedure_number")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """The file reference with the procedure's number, e.g. ``60-02.1/0001/2026-3``."""
        return f"{self.file.reference}-{self.number}"


class ProcedureNote(TownOwned):
    """A note (Vermerk) on a procedure; notes are never edited, only added."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "records.Procedure", on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
