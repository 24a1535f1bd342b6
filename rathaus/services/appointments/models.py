"""Appointments (Termine): desks with their opening hours, closures and booked appointments.

A desk (Schalter) is a counter in the town hall or a crew on the road (the bulky-waste
collection); it serves some services, in slots of a fixed length, several persons at
once when it has several seats. A booked appointment holds one seat of one slot; the
database refuses a second booking of the same seat.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedEmailField, EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import AppointmentQuerySet, ClosureQuerySet, DeskQuerySet

MAX_SLOT_MINUTES = 24 * 60
MAX_CAPACITY = 50


class Weekday(models.IntegerChoices):
    """Numbered as ``date.weekday()`` numbers them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Desk(TownOwned):
    """A desk (Schalter) or a collection crew that serves persons by appointment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=150)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    location = models.CharField(
        _("place"),
        max_length=300,
        help_text=_("Building, floor and room as people should find them, or the area served."),
    )
    services = models.ManyToManyField(
        "services.Service",
        verbose_name=_("services"),
        blank=True,
        related_name="appointment_desks",
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a slot in minutes"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(MAX_SLOT_MINUTES)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("persons served at the same time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("For example the number of clerks at the desk, or of pick-ups per slot."),
    )
    is_active = models.BooleanField(_("bookable"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(DeskQuerySet)

    class Meta:
        ordering = ["name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, capacity__gte=1),
                name="appointments_desk_slot_and_capacity",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(TownOwned):
    """One opening period of a desk on a weekday; a day may have several (8–12, 14–18)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))

    objects = scoped_manager()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="appointments_opening_hours_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(TownOwned):
    """A day on which one desk, or every desk of the town, takes no appointments."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    date = models.DateField(_("date"))
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Empty: every desk of the town is closed (a public holiday)."),
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(ClosureQuerySet)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "desk", "date"],
                condition=models.Q(desk__isnull=False),
                name="appointments_unique_desk_closure",
            ),
            models.UniqueConstraint(
                fields=["town", "date"],
                condition=models.Q(desk__isnull=True),
                name="appointments_unique_town_closure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class Appointment(TownOwned):
    """One seat of one slot at a desk, booked for a service.

    ``manage_token`` is the secret in the link that changes or cancels the appointment;
    it is stored encrypted (the reminder repeats the link) and found by its hash.
    """

    class State(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="appointments"
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seat = models.PositiveSmallIntegerField(_("seat"), default=1)
    booked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    name = EncryptedTextField(_("name"), max_length=200)
    email = EncryptedEmailField(_("e-mail address"), max_length=254)
    language = models.CharField(max_length=5, default="de", editable=False)
    application = models.ForeignKey(
        "services.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    manage_token = EncryptedTextField(editable=False)
    manage_token_hash = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.BOOKED)
    # The iCalendar SEQUENCE: calendars replace an event by a later version of it.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = scoped_manager(AppointmentQuerySet)

    class Meta:
        ordering = ["starts_at", "seat"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["desk", "starts_at"], name="appointments_desk_start_idx"),
            models.Index(
                fields=["town", "state", "reminder_sent_at", "starts_at"],
                name="appointments_reminder_idx",
            ),
        ]
        constraints = [
            # No double booking, also under concurrent requests: the second insert of a
            # seat fails and the booking tries the next seat (services.booking).
            models.UniqueConstraint(
                fields=["desk", "starts_at", "seat"],
                condition=models.Q(state="booked"),
                name="appointments_one_booking_per_seat",
            ),
            models.UniqueConstraint(
                fields=["town", "manage_token_hash"], name="appointments_unique_manage_token"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointments_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(seat__gte=1), name="appointments_seat_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_booked(self) -> bool:
        return self.state == self.State.BOOKED

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()
