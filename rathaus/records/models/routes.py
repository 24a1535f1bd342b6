"""Co-signing and routing (Mitzeichnung, Umlauf): a route of steps through persons or units."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import RouteStepQuerySet


class Route(TownOwned):
    """A procedure (or one document of it) sent round for co-signing, approval or
    information. Steps with the same position run in parallel; positions run in order."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "records.Procedure", on_delete=models.CASCADE, related_name="routes"
    )
    document = models.ForeignKey(
        "records.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="routes"
    )
    subject = models.CharField(_("subject"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.RUNNING)
    started_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")


class RouteStep(TownOwned):
    """One recipient's step on a route."""

    class Kind(models.TextChoices):
        COSIGN = "cosign", _("Co-signing (Mitzeichnung)")
        APPROVE = "approve", _("Approval")
        INFORM = "inform", _("For information")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for earlier steps")
        PENDING = "pending", _("Waiting for decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")
        NOTED = "noted", _("Noted")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    route = models.ForeignKey("records.Route", on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    assigned_user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.WAITING)
    activated_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = scoped_manager(RouteStepQuerySet)

    class Meta:
        ordering = ["route", "position", "id"]
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_unit__isnull=False, assigned_user__isnull=True)
                | Q(assigned_unit__isnull=True, assigned_user__isnull=False),
                name="step_for_unit_or_person",
            )
        ]
        indexes = [
            models.Index(fields=["town", "state", "assigned_user"]),
            models.Index(fields=["town", "state", "assigned_unit"]),
        ]

    @property
    def is_overdue(self) -> bool:
        """Still waiting for a decision after its due date."""
        return (
            self.state == self.State.PENDING
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def recipient(self):
        return self.assigned_user if self.assigned_user_id else self.assigned_unit
