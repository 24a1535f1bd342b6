"""Booking, changing and cancelling an appointment.

Two people may ask for the last seat of a slot at the same moment. Each booking reads the
free seats and inserts its row inside one transaction; the database's unique constraint
(one booked appointment per desk, start and seat) refuses the second insert of a seat,
and the booking then reads again and takes the next free seat, or reports the time as
taken. On SQLite, transactions here start IMMEDIATE, so bookings run one after the other
and the second one already sees the first.
"""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.core.accounts.tokens import hash_token, new_random_token
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.services.models import Application, Service
from rathaus.services.services.applications import owns

from ..exceptions import AppointmentClosed, NotAllowed, NotBookable, SlotTaken
from ..models import Appointment, Desk
from ..slots import earliest_start, find_seat
from . import messages
from .messages import manage_path

__all__ = [
    "book_appointment",
    "booking_url",
    "cancel_appointment",
    "change_appointment",
    "find_by_code",
    "manage_path",
]

# Enough to step past seats taken by concurrent bookings; beyond that the slot is busy.
MAX_ATTEMPTS = 5


def booking_url(
    service: Service, application: Application | None = None, next_url: str = ""
) -> str:
    """The page where a person books an appointment for ``service``; with ``application``
    the appointment is attached to it, and with ``next_url`` (a path on this site) the
    person goes there afterwards."""
    url = reverse("appointments:book", args=[service.slug])
    query = {}
    if application is not None:
        query["antrag"] = str(application.pk)
    if next_url:
        query["next"] = next_url
    return f"{url}?{urlencode(query)}" if query else url


def find_by_code(code: str) -> Appointment | None:
    """The appointment whose manage link carries ``code``, in the current town."""
    if not code or len(code) > 100:
        return None
    return (
        Appointment.objects.select_related("desk", "service", "booked_by", "application")
        .filter(manage_token_hash=hash_token(code))
        .first()
    )


def is_bookable(service: Service) -> bool:
    return bool(service.needs_appointment or service.offers_appointment)


def _check_start(starts_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at) or starts_at < earliest_start():
        raise SlotTaken


def _may_handle(actor, appointment: Appointment) -> bool:
    """Staff handle appointments at the desks they look after; anybody else reaches an
    appointment only through its manage link (checked by the page) or as its booker."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return True
    if not actor.is_town_staff or appointment.booked_by_id == actor.pk:
        return True
    return Desk.objects.managed_by(actor).filter(pk=appointment.desk_id).exists()


def _with_free_seat(write):
    """Run ``write`` in a transaction; when a concurrent booking took the seat it chose
    (the unique constraint refused the row), run it again with fresh data."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError as error:
            if attempt == MAX_ATTEMPTS:
                raise SlotTaken from error
    raise SlotTaken  # pragma: no cover - the loop returns or raises


def book_appointment(
    *,
    service: Service,
    starts_at: datetime.datetime,
    person=None,
    name: str = "",
    email: str = "",
    application: Application | None = None,
    session=None,
) -> Appointment:
    """Book a seat at ``starts_at`` for ``service`` at a desk that has one free.

    ``person`` is the signed-in person (None for a booking without an account); name and
    e-mail default to theirs. An ``application`` must be the person's own application
    for the same service (or, without an account, one started in this browser
    ``session``). Raises ``SlotTaken`` when no seat is free at that time (any
    more), ``NotBookable`` for a service without appointments.
    """
    if not is_bookable(service):
        raise NotBookable
    if person is not None and not getattr(person, "is_authenticated", False):
        person = None
    if application is not None and (
        application.service_id != service.pk or not owns(person, application, session)
    ):
        raise NotAllowed(_("This application is not yours."))
    name = (name or (person.get_full_name() if person else "")).strip()
    email = (email or (person.email if person else "")).strip()
    if not name or not email:
        raise ValidationError(_("Enter your name and e-mail address."))
    _check_start(starts_at)
    token, token_hash = new_random_token()
    language = (translation.get_language() or "de")[:5]

    def write() -> Appointment:
        slot = find_seat(service=service, starts_at=starts_at)
        if slot is None:
            raise SlotTaken
        now = timezone.now()
        appointment = Appointment(
            desk=slot.desk,
            service=service,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            seat=slot.free_seats[0],
            booked_by=person,
            name=name,
            email=email,
            language=language,
            application=application,
            manage_token=token,
            manage_token_hash=token_hash,
            created_at=now,
            updated_at=now,
        )
        appointment.save(force_insert=True)
        record(
            action=AuditEntry.Action.CREATE,
            actor=person,
            obj=appointment,
            summary="appointment booked",
            changes=snapshot(appointment),
        )
        messages.tell_person(appointment, kind=messages.BOOKED)
        return appointment

    return _with_free_seat(write)


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("desk", "service", "booked_by")
        .get(pk=appointment.pk)
    )


def change_appointment(
    *, appointment: Appointment, starts_at: datetime.datetime, actor=None
) -> Appointment:
    """Move the appointment to another free time (at any desk serving its service).

    The seat it held is free again at once; calendars get the new time as a new version
    of the same event, and the reminder goes out again for the new day.
    """
    _check_start(starts_at)

    def write() -> Appointment:
        current = _lock(appointment)
        if not current.is_booked or current.is_past:
            raise AppointmentClosed
        if not _may_handle(actor, current):
            raise NotAllowed
        if current.starts_at == starts_at:
            return current
        slot = find_seat(service=current.service, starts_at=starts_at, exclude=current)
        if slot is None:
            raise SlotTaken
        before = snapshot(current)
        current.desk = slot.desk
        current.starts_at = slot.starts_at
        current.ends_at = slot.ends_at
        current.seat = slot.free_seats[0]
        current.sequence += 1
        current.reminder_sent_at = None
        current.updated_at = timezone.now()
        current.save()
        record_update(
            actor=actor,
            obj=current,
            before=before,
            summary="appointment moved",
            ignore=("sequence", "updated_at"),
        )
        messages.tell_person(current, kind=messages.CHANGED)
        return current

    return _with_free_seat(write)


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, actor=None) -> Appointment:
    """Cancel the appointment; its seat is free for others at once."""
    current = _lock(appointment)
    if not current.is_booked:
        raise AppointmentClosed(_("This appointment has already been cancelled."))
    if current.is_past:
        raise AppointmentClosed
    if not _may_handle(actor, current):
        raise NotAllowed
    before = snapshot(current)
    now = timezone.now()
    current.state = Appointment.State.CANCELLED
    current.cancelled_at = now
    current.updated_at = now
    current.sequence += 1
    current.save()
    record_update(
        actor=actor,
        obj=current,
        before=before,
        summary="appointment cancelled",
        ignore=("sequence", "updated_at"),
    )
    messages.tell_person(current, kind=messages.CANCELLED)
    return current
