"""Open data of the online services: applications per service and month, processing times
per service and year; counts below three published as "<3"."""

import datetime

from rathaus.core.registries import open_data_registry
from rathaus.core.tenancy import for_town
from rathaus.services.models import ChannelCount

from .factories import ApplicationFactory, ServiceFactory


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def received(service, when, **fields):
    fields = {"state": "submitted", **fields}
    return ApplicationFactory(service=service, submitted_at=when, received_at=when, **fields)


def decided(service, submitted, days):
    return received(
        service,
        submitted,
        state="decided",
        decided_at=submitted + datetime.timedelta(days=days),
    )


def build(key, town):
    return open_data_registry.get(key).build(town)


def test_applications_per_service_and_month_suppress_small_counts(town, other_town):
    parking = ServiceFactory(name="Bewohnerparkausweis", leika_key="99058013261000", maturity=4)
    waste = ServiceFactory(name="Sperrmüllabholung", maturity=4)
    for day in (3, 9, 17, 28):
        received(parking, at(2026, 10, day))
    received(parking, at(2026, 11, 2))
    received(waste, at(2026, 10, 5))
    received(waste, at(2026, 10, 6))
    ApplicationFactory(service=waste, state="draft")  # never reached the clerks
    ChannelCount.objects.create(
        service=parking, channel="in_person", month=datetime.date(2026, 10, 1), count=5
    )
    ChannelCount.objects.create(
        service=parking, channel="paper", month=datetime.date(2026, 10, 1), count=1
    )
    with for_town(other_town):
        received(ServiceFactory(name="Anderswo"), at(2026, 10, 3))

    rows = build("services.applications_per_service_month", town)

    assert rows == [
        {
            "month": "2026-10",
            "service": "Bewohnerparkausweis",
            "service_key": "99058013261000",
            "maturity": 4,
            "online": 4,
            "in_person": 5,
            "paper": "<3",
        },
        {
            "month": "2026-10",
            "service": "Sperrmüllabholung",
            "service_key": "",
            "maturity": 4,
            "online": "<3",
            "in_person": 0,
            "paper": 0,
        },
        {
            "month": "2026-11",
            "service": "Bewohnerparkausweis",
            "service_key": "99058013261000",
            "maturity": 4,
            "online": "<3",
            "in_person": 0,
            "paper": 0,
        },
    ]


def test_processing_times_give_the_median_only_from_three_decisions(town):
    parking = ServiceFactory(name="Bewohnerparkausweis", processing_days=5)
    trade = ServiceFactory(name="Gewerbeanmeldung", processing_days=3)
    for days in (2, 4, 10):
        decided(parking, at(2026, 3, 1), days)
    decided(parking, at(2025, 6, 1), 7)
    decided(trade, at(2026, 2, 1), 1)
    decided(trade, at(2026, 2, 2), 3)
    received(trade, at(2026, 5, 1))  # not decided yet

    rows = build("services.processing_times", town)

    assert rows == [
        {
            "year": 2025,
            "service": "Bewohnerparkausweis",
            "service_key": "",
            "decided_applications": "<3",
            "median_days": None,
            "typical_working_days": 5,
        },
        {
            "year": 2026,
            "service": "Bewohnerparkausweis",
            "service_key": "",
            "decided_applications": 3,
            "median_days": 4.0,
            "typical_working_days": 5,
        },
        {
            "year": 2026,
            "service": "Gewerbeanmeldung",
            "service_key": "",
            "decided_applications": "<3",
            "median_days": None,
            "typical_working_days": 3,
        },
    ]


def test_publishers_are_registered_for_the_open_data_portal():
    for key in ("services.applications_per_service_month", "services.processing_times"):
        assert open_data_registry.get(key).app_label == "services"
