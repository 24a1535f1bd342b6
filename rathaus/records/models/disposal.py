"""Disposal (Aussonderung): offers to the archive and the protocol of what was deleted."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager


class DisposalBatch(TownOwned):
    """One disposal process with the archive; its id is the xdomea ProzessID."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Offered (0501 sent)")
        EVALUATED = "evaluated", _("Evaluated (0502 received)")
        HANDED_OVER = "handed_over", _("Handed over (0503 sent)")
        RECEIVED = "received", _("Receipt confirmed (0504 received)")
        COMPLETED = "completed", _("Completed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.OFFERED)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    receipt_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("disposal process")
        verbose_name_plural = _("disposal processes")

    def __str__(self) -> str:
        return f"disposal process {self.pk}"


class DisposalMessage(TownOwned):
    """One xdomea message of a disposal process, sent or received; its bytes are kept in
    the storage under the town's prefix until the process is completed."""

    class Direction(models.TextChoices):
        OUT = "out", _("sent")
        IN = "in", _("received")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(DisposalBatch, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction)
    type_code = models.CharField(_("message type"), max_length=4)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    storage_name = models.CharField(max_length=300, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    content_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = scoped_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("disposal message")
        verbose_name_plural = _("disposal messages")

    def __str__(self) -> str:
        return f"{self.type_code} {self.filename}"

    @property
    def has_content(self) -> bool:
        return bool(self.storage_name) and self.content_deleted_at is None


class DeletionProtocol(TownOwned):
    """What was deleted for good, when, by whom and on what basis; no personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file_id = models.UUIDField(_("file id"))
    file_reference = models.CharField(_("file reference"), max_length=120)
    plan_code = models.CharField(_("file plan code"), max_length=40)
    closed_on = models.DateField(_("closed"), null=True)
    retention_ends_on = models.DateField(_("retention ended"), null=True)
    procedure_count = models.PositiveIntegerField(_("procedures"))
    document_count = models.PositiveIntegerField(_("documents"))
    version_count = models.PositiveIntegerField(_("versions"))
    basis = models.CharField(_("basis"), max_length=300)
    disposal_batch_id = models.UUIDField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_by_name = models.CharField(_("deleted by"), max_length=200)
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)

    objects = scoped_manager()

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deletion protocol")
        verbose_name_plural = _("deletion protocols")
