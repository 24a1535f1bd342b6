"""Parallel requests for the last seat: exactly one of them gets it.

On PostgreSQL the bookings really overlap and the unique constraint decides; on SQLite
they run one after the other (IMMEDIATE transactions), and the later one sees the seat
taken. Both are tested with threads on their own database connections.
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from rathaus.core.tenancy import for_town
from rathaus.services.appointments.exceptions import SlotTaken
from rathaus.services.appointments.models import Appointment

from .conftest import MONDAY, at
from .factories import DeskFactory, book

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("now")]


@pytest.fixture
def database_for_threads(transactional_db, tmp_path):
    """On SQLite, a copy of the test database in a file for the duration of the test.

    The in-memory test database answers a second writer with "database table is locked"
    at once instead of letting it wait, which no installation sees: SQLite in production
    is a file, where a second IMMEDIATE transaction waits for the first (settings.py).
    """
    if connection.vendor != "sqlite":
        yield
        return
    main = connections["default"]
    main.ensure_connection()
    settings_dict = main.settings_dict
    memory_name = settings_dict["NAME"]
    # Keeps the in-memory database alive while no Django connection uses it.
    keeper = sqlite3.connect(memory_name, uri=True)
    path = tmp_path / "threads.sqlite3"
    copy = sqlite3.connect(path)
    main.connection.backup(copy)
    copy.close()
    settings_dict["NAME"] = str(path)
    main.close()
    try:
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = memory_name
        main.ensure_connection()
        keeper.close()


def run_in_parallel(town, work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = []

    def run(number):
        try:
            with for_town(town):
                barrier.wait()
                results.append(work(number))
        except Exception as error:  # noqa: BLE001 - the test looks at every outcome
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_bookings_of_the_last_seat_give_exactly_one_appointment(
    database_for_threads, town, service, desk
):
    book(service, at(MONDAY, 9, 30))  # another time: not in the way

    results = run_in_parallel(
        town,
        lambda number: book(service, at(MONDAY, 9), email=f"person{number}@example.org"),
        count=4,
    )

    booked = [result for result in results if isinstance(result, Appointment)]
    refused = [result for result in results if isinstance(result, SlotTaken)]
    assert (len(booked), len(refused)) == (1, 3), results
    assert Appointment.objects.filter(starts_at=at(MONDAY, 9), state="booked").count() == 1


def test_parallel_requests_fill_the_seats_and_the_rest_are_told_the_time_was_taken(
    database_for_threads, town, service, units, english
):
    DeskFactory(unit=units["waste"], services=[service], capacity=2)
    url = f"/termine/sperrmuell/?tag={MONDAY.isoformat()}"

    def post(number):
        response = Client().post(
            url,
            {
                "starts_at": "2026-03-02T08:00:00Z",
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
            },
        )
        return response.status_code, response.content.decode()

    results = run_in_parallel(town, post, count=3)

    statuses = sorted(status for status, _content in results)
    assert statuses == [200, 302, 302], results
    (page,) = [content for status, content in results if status == 200]
    assert "This time was just taken. Please choose another one." in page
    seats = Appointment.objects.filter(starts_at=at(MONDAY, 9)).values_list("seat", flat=True)
    assert sorted(seats) == [1, 2]
