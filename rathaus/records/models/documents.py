"""Documents (Dokumente) in procedures and their versions; content lives in stored files."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import DocumentQuerySet


class Document(TownOwned):
    """A document in a procedure. Every upload adds a version; none is ever replaced."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("Incoming (mail, scan)")
        OUTGOING = "outgoing", _("Outgoing (notice, letter)")
        INTERNAL = "internal", _("Internal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "records.Procedure", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.INTERNAL)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    has_personal_data = models.BooleanField(_("contains personal data"), default=False)
    current_version = models.ForeignKey(
        "records.DocumentVersion",
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

    objects = scoped_manager(DocumentQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    @property
    def carries_personal_data(self) -> bool:
        """Reading it is audited: the document or its file is flagged."""
        return self.has_personal_data or self.procedure.file.has_personal_data


class DocumentVersion(TownOwned):
    """One version of a document's content, with who stored it, when, size and checksum."""

    class TextState(models.TextChoices):
        PENDING = "pending", _("Waiting for text recognition")
        RUNNING = "running", _("Text recognition running")
        DONE = "done", _("Text available")
        NONE = "none", _("No text")
        FAILED = "failed", _("Text recognition failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        "records.Document", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    stored_file = models.ForeignKey(
        "uploads.StoredFile", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(blank=True, editable=False)
    text_state = models.CharField(
        max_length=10, choices=TextState, default=TextState.PENDING, editable=False
    )
    ocr_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    content_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number")
        ]
        indexes = [models.Index(fields=["town", "sha256"])]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
