"""Applications (Anträge): from draft to decision, with their history and messages."""

import json
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedEmailField, EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import ApplicationQuerySet


class Application(TownOwned):
    """An application for a service, by a person (for themselves or a business) or, for
    simple services, by e-mail address alone."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_CONFIRMATION = "confirming", _("Waiting for e-mail confirmation")
        AWAITING_PAYMENT = "paying", _("Waiting for payment")
        SUBMITTED = "submitted", _("Submitted")
        IN_PROGRESS = "in_progress", _("In progress")
        QUERY = "query", _("Query to the applicant")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference number"), max_length=30, blank=True)
    service = models.ForeignKey(
        "services.Service", on_delete=models.CASCADE, related_name="applications"
    )
    form = models.ForeignKey(
        "services.FormDefinition", on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("for the business"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    contact_email = EncryptedEmailField(_("e-mail address"), blank=True)
    applicant_name = EncryptedTextField(_("applicant"), max_length=200, blank=True)
    answers_json = EncryptedTextField(default="{}", editable=False)
    current_page = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.ONLINE)
    fee_cents = models.PositiveIntegerField(_("fee"), default=0)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    confirmation_token = models.CharField(max_length=64, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        "accounts.User",
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "records.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(
        _("received by the unit at"),
        null=True,
        blank=True,
        help_text=_("When the application reached the clerks (after payment, if any)."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = scoped_manager(ApplicationQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["town", "service", "state"]),
            models.Index(fields=["town", "state", "received_at"]),
            models.Index(fields=["town", "assigned_to", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="unique_application_submission",
            ),
            models.UniqueConstraint(
                fields=["town", "reference"],
                condition=~models.Q(reference=""),
                name="unique_application_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("Draft application"))

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_json or "{}")

    @answers.setter
    def answers(self, value: dict) -> None:
        self.answers_json = json.dumps(value, ensure_ascii=False, sort_keys=True)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def reached_clerks(self) -> bool:
        return self.received_at is not None

    @property
    def is_open_for_clerks(self) -> bool:
        return self.state in (self.State.SUBMITTED, self.State.IN_PROGRESS, self.State.QUERY)

    @property
    def processing_time(self):
        if self.received_at is None:
            return None
        end = self.decided_at or timezone.now()
        return end - self.received_at


class ApplicationEvent(TownOwned):
    """One step in an application's history, shown to the applicant and the clerks."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("E-mail address confirmed")
        PAID = "paid", _("Paid")
        RECEIVED = "received", _("Received by the unit")
        ASSIGNED = "assigned", _("Assigned")
        QUERY = "query", _("Query to the applicant")
        ANSWERED = "answered", _("Answered by the applicant")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]


class ApplicationMessage(TownOwned):
    """A message between the clerks and the applicant (in the applicant's postbox); every
    message and its attachments are filed in the e-file as documents."""

    class Direction(models.TextChoices):
        TO_APPLICANT = "to_applicant", _("To the applicant")
        FROM_APPLICANT = "from_applicant", _("From the applicant")

    class Purpose(models.TextChoices):
        MESSAGE = "message", _("Message")
        QUERY = "query", _("Query")
        NOTICE = "notice", _("Notice (Bescheid)")
        RECEIPT = "receipt", _("Receipt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=15, choices=Direction)
    purpose = models.CharField(max_length=10, choices=Purpose, default=Purpose.MESSAGE)
    text = EncryptedTextField(_("message"), multiline=True, blank=True)
    attachments = models.ManyToManyField("uploads.StoredFile", blank=True, related_name="+")
    document = models.ForeignKey(
        "records.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class ChannelCount(TownOwned):
    """Applications staff handled outside the online channel (in person, on paper), counted
    per month, so the share of online applications can be measured."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PAPER = "paper", _("On paper")

    service = models.ForeignKey(
        "services.Service", on_delete=models.CASCADE, related_name="channel_counts"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("number of applications"))
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "service", "channel", "month"], name="unique_channel_count"
            )
        ]
