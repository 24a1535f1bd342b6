"""Desks, their opening hours and closures, as staff set them up.

Clerks and unit leads look after the desks of their units (and the units below);
administrators after every desk. Closing the whole town for a day (a public holiday) is
for administrators.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.accounts.models import Unit
from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import diff, record, snapshot

from ..exceptions import NotAllowed
from ..models import Appointment, Closure, Desk, OpeningHours

__all__ = [
    "OpeningPeriod",
    "add_closure",
    "booked_on",
    "can_close_town",
    "create_desk",
    "remove_closure",
    "update_desk",
]

DESK_FIELDS = ("name", "unit", "location", "slot_minutes", "capacity", "is_active")


@dataclass(frozen=True)
class OpeningPeriod:
    """A desk is open on ``weekday`` (0 = Monday) from ``opens`` until ``closes``."""

    weekday: int
    opens: datetime.time
    closes: datetime.time

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}-{self.closes:%H:%M}"


def can_close_town(user) -> bool:
    return is_administrator(user)


def _may_use_unit(actor, unit: Unit) -> bool:
    return is_administrator(actor) or unit.pk in unit_ids_of(actor)


def _may_manage(actor, desk: Desk) -> bool:
    return Desk.objects.managed_by(actor).filter(pk=desk.pk).exists()


def _check_periods(periods: list[OpeningPeriod]) -> list[OpeningPeriod]:
    """Periods in order; one that ends before it starts, or overlaps another on the same
    day, would give slots that do not exist or seats twice."""
    ordered = sorted(set(periods), key=lambda p: (p.weekday, p.opens, p.closes))
    for period in ordered:
        if period.closes <= period.opens:
            raise ValidationError(_("Opening hours must end after they start."))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            raise ValidationError(_("Opening hours on the same day must not overlap."))
    return ordered


def _audit_view(desk: Desk) -> dict:
    """The desk as audit data, with its services and opening hours."""
    data = snapshot(desk)
    data["services"] = sorted(str(service.pk) for service in desk.services.all())
    data["opening_hours"] = [
        str(hours) for hours in desk.opening_hours.order_by("weekday", "opens")
    ]
    return data


def _save_hours(desk: Desk, periods: list[OpeningPeriod]) -> None:
    desk.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(desk=desk, weekday=p.weekday, opens=p.opens, closes=p.closes) for p in periods
    )


@transaction.atomic
def create_desk(*, actor, data: dict, services=(), opening_hours: list[OpeningPeriod] = ()) -> Desk:
    """Set up a desk of one of the actor's units, with the services it serves and its
    weekly opening hours."""
    if not _may_use_unit(actor, data["unit"]):
        raise NotAllowed
    periods = _check_periods(list(opening_hours))
    desk = Desk(**{name: data[name] for name in DESK_FIELDS if name in data})
    desk.full_clean()
    desk.save()
    desk.services.set(services)
    _save_hours(desk, periods)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=desk,
        summary="desk created",
        changes=_audit_view(desk),
    )
    return desk


@transaction.atomic
def update_desk(
    *, actor, desk: Desk, data: dict, services=(), opening_hours: list[OpeningPeriod] = ()
) -> Desk:
    """Change the desk, its services and opening hours. Appointments already booked keep
    their time, also when it is no longer in the opening hours."""
    desk = Desk.objects.select_for_update().get(pk=desk.pk)
    if not _may_manage(actor, desk) or not _may_use_unit(actor, data.get("unit", desk.unit)):
        raise NotAllowed
    periods = _check_periods(list(opening_hours))
    before = _audit_view(desk)
    for name in DESK_FIELDS:
        if name in data:
            setattr(desk, name, data[name])
    desk.full_clean()
    desk.save()
    desk.services.set(services)
    _save_hours(desk, periods)
    changes = diff(before, _audit_view(desk))
    if changes:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=desk,
            summary="desk changed",
            changes=changes,
        )
    return desk


def booked_on(day: datetime.date, desk: Desk | None = None) -> int:
    """How many appointments are booked on ``day`` (at ``desk``, or anywhere)."""
    appointments = Appointment.objects.booked().on_day(day)
    if desk is not None:
        appointments = appointments.filter(desk=desk)
    return appointments.count()


@transaction.atomic
def add_closure(*, actor, date: datetime.date, reason: str, desk: Desk | None = None) -> Closure:
    """Close one desk, or (administrators) every desk, on ``date``. Appointments already
    booked that day stay booked: staff cancel them from the day view, which tells the
    persons."""
    if desk is None and not can_close_town(actor):
        raise NotAllowed(_("Only administrators close every desk of the town."))
    if desk is not None and not _may_manage(actor, desk):
        raise NotAllowed
    if date < timezone.localdate():
        raise ValidationError({"date": _("Enter today or a later date.")})
    if Closure.objects.filter(date=date, desk=desk).exists():
        raise ValidationError({"date": _("A closure on this date exists already.")})
    closure = Closure.objects.create(date=date, desk=desk, reason=reason.strip(), created_by=actor)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=closure,
        summary="closure added",
        changes=snapshot(closure),
    )
    return closure


@transaction.atomic
def remove_closure(*, actor, closure: Closure) -> None:
    if closure.desk_id is None and not can_close_town(actor):
        raise NotAllowed(_("Only administrators close every desk of the town."))
    if closure.desk_id is not None and not _may_manage(actor, closure.desk):
        raise NotAllowed
    data = snapshot(closure)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=closure,
        summary="closure removed",
        changes=data,
    )
    closure.delete()
