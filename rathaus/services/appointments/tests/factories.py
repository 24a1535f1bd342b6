"""Factories for services that need appointments, desks, opening hours and closures."""

import datetime

import factory

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.services.models import Application, FormDefinition, Service

from ..models import Closure, Desk, OpeningHours

WORKDAYS = (0, 1, 2, 3, 4)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    unit = factory.SubFactory(UnitFactory)
    slug = factory.Sequence(lambda n: f"leistung-{n}")
    name = "Sperrmüllabholung"
    summary = "Wir holen Sperrmüll an Ihrer Adresse ab."
    audience = "citizens"
    needs_appointment = True
    is_published = True


class DeskFactory(factory.django.DjangoModelFactory):
    """A desk open Monday to Friday 08:00–12:00 in 30-minute slots with one seat, serving
    the given ``services``; ``hours=[(weekday, "08:00", "12:00"), ...]`` replaces that."""

    class Meta:
        model = Desk
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Schalter {n + 1}")
    unit = factory.SubFactory(UnitFactory)
    location = "Rathaus, Erdgeschoss, Zimmer 12"
    slot_minutes = 30
    capacity = 1

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if not create:
            return
        periods = (
            extracted if extracted is not None else [(day, "08:00", "12:00") for day in WORKDAYS]
        )
        for weekday, opens, closes in periods:
            OpeningHours.objects.create(
                desk=self,
                weekday=weekday,
                opens=datetime.time.fromisoformat(opens),
                closes=datetime.time.fromisoformat(closes),
            )


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    reason = "Feiertag"


def application_of(person, service) -> Application:
    """A submitted application of ``person`` for ``service``."""
    form = FormDefinition.objects.filter(service=service).first() or FormDefinition.objects.create(
        service=service, number=1, definition={}
    )
    return Application.objects.create(
        service=service, form=form, applicant=person, state="submitted", reference="A-2026-1"
    )


def book(service, starts_at, **details):
    """Book through the service function, as a person without an account by default."""
    from ..services import book_appointment

    details.setdefault("name", "Erika Mustermann")
    details.setdefault("email", "erika@example.org")
    return book_appointment(service=service, starts_at=starts_at, **details)
