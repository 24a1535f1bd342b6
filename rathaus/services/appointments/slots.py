"""Free slots of a service: from the desks' opening hours, slot lengths and seats, less
closures, bookings and everything that starts too soon.

Slots are computed, not stored. Whatever the number of days, one computation reads the
desks, their opening hours, the closures and the bookings in four queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Appointment, Closure, Desk
from .timezones import local_date, local_datetime, local_day_bounds

# Nobody can be booked in for the next hour: the desk would not know in time.
MIN_LEAD_TIME = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Slot:
    """A start time with at least one free seat (over every desk serving the service)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: int

    @property
    def value(self) -> str:
        """The slot's start as a form value (UTC, ISO 8601)."""
        return format_start(self.starts_at)


@dataclass
class DeskSlot:
    desk: Desk
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free_seats: list[int] = field(default_factory=list)


def format_start(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_start(value: str) -> datetime.datetime | None:
    """A start time from a form value, or None if it is not one."""
    try:
        moment = datetime.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        return None
    return moment


def earliest_start(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + MIN_LEAD_TIME


def desks_for(service) -> list[Desk]:
    """The active desks serving ``service``, with their opening hours (two queries)."""
    return list(
        Desk.objects.offering(service).prefetch_related("opening_hours").order_by("name", "pk")
    )


def _days(first_day: datetime.date, last_day: datetime.date):
    day = first_day
    while day <= last_day:
        yield day
        day += datetime.timedelta(days=1)


def _grid(desk: Desk, day: datetime.date):
    """The slots of ``desk`` on ``day`` as (start, end), from its opening hours."""
    length = datetime.timedelta(minutes=desk.slot_minutes)
    weekday = day.weekday()
    periods = sorted(
        (hours.opens, hours.closes)
        for hours in desk.opening_hours.all()
        if hours.weekday == weekday
    )
    for opens, closes in periods:
        start, close = local_datetime(day, opens), local_datetime(day, closes)
        while start + length <= close:
            yield start, start + length
            start += length


def _closed(desks: list[Desk], first_day, last_day) -> tuple[set, dict]:
    """Dates on which the whole town is closed, and per desk its own closed dates."""
    everywhere: set[datetime.date] = set()
    per_desk: dict = defaultdict(set)
    closures = (
        Closure.objects.between(first_day, last_day)
        .affecting(desk.pk for desk in desks)
        .values_list("desk_id", "date")
    )
    for desk_id, day in closures:
        (everywhere if desk_id is None else per_desk[desk_id]).add(day)
    return everywhere, per_desk


def _bookings(desks: list[Desk], first_day, last_day, exclude) -> dict:
    """Booked seats per desk and local day: {(desk id, day): [(start, end, seat), ...]}."""
    start, _end = local_day_bounds(first_day)
    _start, end = local_day_bounds(last_day)
    rows = (
        Appointment.objects.booked()
        .filter(desk_id__in=[desk.pk for desk in desks])
        .overlapping(start, end)
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    taken: dict = defaultdict(list)
    for desk_id, starts_at, ends_at, seat in rows.values_list(
        "desk_id", "starts_at", "ends_at", "seat"
    ):
        # A booking that runs past midnight occupies both days.
        for day in _days(
            local_date(starts_at), local_date(ends_at - datetime.timedelta.resolution)
        ):
            taken[(desk_id, day)].append((starts_at, ends_at, seat))
    return taken


def desk_slots(
    *,
    service,
    first_day: datetime.date,
    last_day: datetime.date,
    now: datetime.datetime | None = None,
    exclude: Appointment | None = None,
    desks: list[Desk] | None = None,
) -> list[DeskSlot]:
    """Every slot with a free seat at each desk serving ``service`` between the two days
    (both included), earliest first. ``exclude`` is an appointment being moved: its own
    seat does not count as taken."""
    desks = desks_for(service) if desks is None else desks
    if not desks or last_day < first_day:
        return []
    earliest = earliest_start(now)
    closed_everywhere, closed_at = _closed(desks, first_day, last_day)
    taken = _bookings(desks, first_day, last_day, exclude)
    result = []
    for day in _days(first_day, last_day):
        if day in closed_everywhere:
            continue
        for desk in desks:
            if day in closed_at.get(desk.pk, ()):
                continue
            bookings = taken.get((desk.pk, day), ())
            for starts_at, ends_at in _grid(desk, day):
                if starts_at < earliest:
                    continue
                used = {
                    seat
                    for b_start, b_end, seat in bookings
                    if b_start < ends_at and b_end > starts_at
                }
                if len(used) >= desk.capacity:
                    continue
                free = [seat for seat in range(1, desk.capacity + 1) if seat not in used]
                free = free[: desk.capacity - len(used)]
                result.append(DeskSlot(desk, starts_at, ends_at, free))
    result.sort(key=lambda slot: (slot.starts_at, slot.desk.name, str(slot.desk.pk)))
    return result


def free_slots(
    *,
    service,
    first_day: datetime.date,
    last_day: datetime.date,
    now: datetime.datetime | None = None,
    exclude: Appointment | None = None,
) -> list[Slot]:
    """The start times ``service`` can be booked at between the two days (both included),
    earliest first, with the number of free seats over every desk."""
    merged: dict[datetime.datetime, Slot] = {}
    for slot in desk_slots(
        service=service, first_day=first_day, last_day=last_day, now=now, exclude=exclude
    ):
        known = merged.get(slot.starts_at)
        if known is None:
            merged[slot.starts_at] = Slot(slot.starts_at, slot.ends_at, len(slot.free_seats))
        else:
            merged[slot.starts_at] = Slot(
                known.starts_at,
                min(known.ends_at, slot.ends_at),
                known.free + len(slot.free_seats),
            )
    return sorted(merged.values(), key=lambda slot: slot.starts_at)


def slots_by_day(slots: list[Slot]) -> dict[datetime.date, list[Slot]]:
    """Slots grouped by their local day, days in order."""
    days: dict[datetime.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(local_date(slot.starts_at), []).append(slot)
    return days


def find_seat(
    *,
    service,
    starts_at: datetime.datetime,
    now: datetime.datetime | None = None,
    exclude: Appointment | None = None,
) -> DeskSlot | None:
    """A desk with a free seat for ``service`` at exactly ``starts_at`` (the desk with the
    most free seats first, so the load spreads), or None."""
    day = local_date(starts_at)
    candidates = [
        slot
        for slot in desk_slots(
            service=service, first_day=day, last_day=day, now=now, exclude=exclude
        )
        if slot.starts_at == starts_at
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda slot: len(slot.free_seats))
