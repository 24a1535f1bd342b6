"""The demo town's appointments: the bulky-waste collection crew (collection windows on
weekdays) and the Bürgerbüro's desk for parking permits in person."""

import datetime

from rathaus.core.registries import register_demo_data

from .models import Desk
from .services import OpeningPeriod, create_desk

CLERK_32 = "murat.yildiz@weiterstadt.example"

DESKS = [
    {
        "name": "Sperrmüll-Abfuhr Tour Nord",
        "location": "Abholung an Ihrer Adresse",
        "slot_minutes": 120,
        "capacity": 6,
        "services": ["sperrmuellabholung"],
        "hours": [(day, datetime.time(7), datetime.time(15)) for day in range(5)],
    },
    {
        "name": "Ordnungsamt, Zimmer 1.12",
        "location": "Rathaus, Riedbahnstraße 6, 1. Stock",
        "slot_minutes": 20,
        "capacity": 1,
        "services": ["bewohnerparkausweis", "gewerbeanmeldung"],
        "hours": [
            (0, datetime.time(8), datetime.time(12)),
            (1, datetime.time(14), datetime.time(18)),
        ]
        + [(3, datetime.time(8), datetime.time(12))],
    },
]


@register_demo_data(key="appointments", order=30)
def load(*, units, people) -> int:
    from rathaus.services.models import Service

    clerk = people[CLERK_32]
    created = 0
    for spec in DESKS:
        if Desk.objects.filter(name=spec["name"]).exists():
            continue
        services = list(Service.objects.filter(slug__in=spec["services"]))
        create_desk(
            actor=clerk,
            data={
                "name": spec["name"],
                "unit": units["32"],
                "location": spec["location"],
                "slot_minutes": spec["slot_minutes"],
                "capacity": spec["capacity"],
            },
            services=services,
            opening_hours=[OpeningPeriod(*period) for period in spec["hours"]],
        )
        created += 1
    return created
