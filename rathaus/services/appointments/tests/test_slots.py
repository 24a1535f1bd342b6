"""Free slots follow opening hours, slot length, seats, closures and the clock."""

import datetime

import pytest

from rathaus.services.appointments.slots import free_slots, slots_by_day

from .conftest import MONDAY, at
from .factories import ClosureFactory, DeskFactory, ServiceFactory, book

TUESDAY = MONDAY + datetime.timedelta(days=1)
pytestmark = pytest.mark.usefixtures("now")


def starts(slots) -> list[str]:
    return [f"{slot.starts_at.astimezone(at(MONDAY, 0).tzinfo):%a %H:%M}" for slot in slots]


def test_slots_follow_the_opening_hours_in_steps_of_the_slot_length(service, units):
    DeskFactory(
        unit=units["waste"],
        services=[service],
        slot_minutes=20,
        hours=[(0, "08:00", "09:00"), (0, "14:00", "14:50"), (2, "10:00", "10:20")],
    )
    slots = free_slots(service=service, first_day=MONDAY, last_day=MONDAY + datetime.timedelta(6))
    # 14:40 would end after closing time; Tuesday has no opening hours.
    assert starts(slots) == ["Mon 08:00", "Mon 08:20", "Mon 08:40", "Mon 14:00", "Mon 14:20"] + [
        "Wed 10:00"
    ]
    assert slots[0].ends_at - slots[0].starts_at == datetime.timedelta(minutes=20)


def test_times_are_the_town_s_wall_clock_also_after_the_clocks_change(service, desk):
    winter = free_slots(service=service, first_day=MONDAY, last_day=MONDAY)[0]
    summer_monday = datetime.date(2026, 3, 30)  # the day after the change to summer time
    summer = free_slots(service=service, first_day=summer_monday, last_day=summer_monday)[0]
    assert winter.starts_at == datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
    assert summer.starts_at == datetime.datetime(2026, 3, 30, 6, 0, tzinfo=datetime.UTC)


def test_each_seat_can_be_booked_once(service, units):
    DeskFactory(unit=units["waste"], services=[service], capacity=2, hours=[(0, "08:00", "09:00")])
    first = free_slots(service=service, first_day=MONDAY, last_day=MONDAY)
    assert [slot.free for slot in first] == [2, 2]

    book(service, at(MONDAY, 8))
    monday = free_slots(service=service, first_day=MONDAY, last_day=MONDAY)
    assert [slot.free for slot in monday] == [1, 2]
    book(service, at(MONDAY, 8))
    assert starts(free_slots(service=service, first_day=MONDAY, last_day=MONDAY)) == ["Mon 08:30"]


def test_seats_of_several_desks_add_up_and_other_desks_do_not_count(service, units):
    hours = [(0, "08:00", "09:00")]
    DeskFactory(unit=units["waste"], services=[service], hours=hours)
    DeskFactory(unit=units["waste"], services=[service], hours=hours)
    DeskFactory(unit=units["waste"], services=[service], hours=hours, is_active=False)
    DeskFactory(unit=units["waste"], services=[ServiceFactory()], hours=hours)
    slots = free_slots(service=service, first_day=MONDAY, last_day=MONDAY)
    assert [slot.free for slot in slots] == [2, 2]


def test_closures_of_the_desk_and_of_the_whole_town_take_the_day_away(service, desk, units):
    other = DeskFactory(unit=units["waste"], services=[service], hours=[(1, "08:00", "08:30")])
    ClosureFactory(date=MONDAY, desk=desk, reason="Schulung")
    ClosureFactory(date=TUESDAY, desk=None, reason="Feiertag")
    slots = slots_by_day(
        free_slots(service=service, first_day=MONDAY, last_day=MONDAY + datetime.timedelta(2))
    )
    assert MONDAY not in slots
    assert TUESDAY not in slots
    assert MONDAY + datetime.timedelta(2) in slots
    assert other.pk  # the other desk is open on Tuesday, but the town is closed


def test_nothing_in_the_past_or_within_the_next_hour_is_offered(service, desk, time_machine):
    time_machine.move_to(at(MONDAY, 8, 10), tick=False)
    slots = free_slots(service=service, first_day=MONDAY - datetime.timedelta(7), last_day=MONDAY)
    # 09:00 starts in less than an hour, everything before it has passed.
    assert starts(slots) == ["Mon 09:30", "Mon 10:00", "Mon 10:30", "Mon 11:00", "Mon 11:30"]


def test_a_booking_across_the_grid_blocks_every_slot_it_overlaps(service, desk):
    appointment = book(service, at(MONDAY, 8))
    # As if the desk had had longer slots when this was booked.
    type(appointment).objects.filter(pk=appointment.pk).update(ends_at=at(MONDAY, 9, 15))
    assert starts(free_slots(service=service, first_day=MONDAY, last_day=MONDAY))[0] == "Mon 09:30"


def test_four_weeks_are_computed_in_four_queries(service, units, django_assert_num_queries):
    for _number in range(3):
        DeskFactory(unit=units["waste"], services=[service], capacity=2)
    book(service, at(MONDAY, 8))
    ClosureFactory(date=TUESDAY, desk=None)
    with django_assert_num_queries(4):
        slots = free_slots(
            service=service, first_day=MONDAY, last_day=MONDAY + datetime.timedelta(27)
        )
    assert len(slots_by_day(slots)) == 19  # 20 working days, less one holiday
