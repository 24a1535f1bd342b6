"""Petitions and suggestions (Eingaben): suggestions and complaints to the council or the
administration under the right of petition (Art. 17 GG, Art. 16 Hessian constitution).

A petition goes to an addressee the town keeps (the council, the Magistrat, a committee or
a unit of the administration); the addressee routes it to a unit and, where configured, to
a file of the e-file (records) in which a procedure (Vorgang) is opened for it.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import AddresseeQuerySet, PetitionQuerySet


class Addressee(TownOwned):
    """Whom a petition can be addressed to (Adressat): a body of the town or a unit."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Town council")
        EXECUTIVE = "executive", _("Magistrat")
        MAYOR = "mayor", _("Mayor")
        COMMITTEE = "committee", _("Committee")
        ADMINISTRATION = "administration", _("Administration")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.ADMINISTRATION)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What this addressee is responsible for; shown on the form."),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("handled by the unit"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The unit whose clerks receive and answer these petitions."),
    )
    record_file = models.ForeignKey(
        "records.RecordFile",
        verbose_name=_("e-file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The open file in which a procedure is opened for every petition."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("offered on the form"),
        default=True,
        help_text=_("Switch off instead of deleting: earlier petitions keep their addressee."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(AddresseeQuerySet)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="unique_petition_addressee"),
        ]

    def __str__(self) -> str:
        return self.name


class Petition(TownOwned):
    """A suggestion, complaint or petition (Eingabe) of a person with an account."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLAINT = "complaint", _("Complaint")
        PETITION = "petition", _("Petition")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        FORWARDED = "forwarded", _("Forwarded")
        IN_EXAMINATION = "examination", _("In examination")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.RECEIVED, Status.FORWARDED, Status.IN_EXAMINATION)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    addressee = models.ForeignKey(
        Addressee,
        verbose_name=_("addressee"),
        on_delete=models.PROTECT,
        null=True,
        related_name="petitions",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    subject = EncryptedTextField(_("subject"), max_length=200)
    text = EncryptedTextField(_("your petition"), multiline=True)
    attachment = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitter = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    answer = EncryptedTextField(_("reasoned answer"), multiline=True, blank=True)
    answer_letter = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("answer letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The e-file procedure, reached only through records' public services.
    procedure = models.ForeignKey(
        "records.Procedure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    procedure_reference = models.CharField(_("procedure"), max_length=100, blank=True)
    idempotency_key = models.UUIDField(editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = scoped_manager(PetitionQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["town", "status", "created_at"]),
            models.Index(fields=["town", "unit", "status"]),
            models.Index(fields=["town", "submitter", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["town", "reference"], name="unique_petition_reference"),
            models.UniqueConstraint(
                fields=["town", "idempotency_key"], name="unique_petition_submission"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def days_to_answer(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.created_at).total_seconds() / 86400


class PetitionEvent(TownOwned):
    """One step in a petition's history; the submitter sees every step and its public note."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        FILED = "filed", _("Filed in the e-file")
        FORWARDED = "forwarded", _("Forwarded")
        IN_EXAMINATION = "examination", _("In examination")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind)
    note = EncryptedTextField(_("note"), multiline=True, blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")


class PetitionNumberSequence(TownOwned):
    """The last reference number given in a town and year; its row is locked while the
    next number is taken, so two petitions sent at once never get the same number."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="unique_petition_sequence"),
        ]
