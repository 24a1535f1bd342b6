"""Factories for services, form versions and applications."""

import copy

import factory
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory, UserFactory
from rathaus.services import demo_forms
from rathaus.services.models import Application, FormDefinition, Service


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"leistung-{n}")
    name = factory.Sequence(lambda n: f"Leistung {n}")
    summary = "Eine Leistung der Stadt."
    unit = factory.SubFactory(UnitFactory)
    audience = "citizens"
    maturity = 3
    is_published = True


class FormDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormDefinition

    service = factory.SubFactory(ServiceFactory)
    number = factory.Sequence(lambda n: n + 1)
    definition = factory.LazyFunction(lambda: copy.deepcopy(demo_forms.BULKY_WASTE))
    published_at = factory.LazyFunction(timezone.now)


def parking_permit_service(**fields) -> Service:
    """The resident parking permit with its form and fee rule, filed in ``record_file``."""
    defaults = {
        "slug": "bewohnerparkausweis",
        "name": "Bewohnerparkausweis",
        "fee_rule": copy.deepcopy(demo_forms.PARKING_PERMIT_FEES),
        "processing_days": 5,
    }
    service = ServiceFactory(**{**defaults, **fields})
    FormDefinitionFactory(
        service=service, number=1, definition=copy.deepcopy(demo_forms.PARKING_PERMIT)
    )
    return service


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    service = factory.SubFactory(ServiceFactory)
    form = factory.LazyAttribute(
        lambda o: (
            o.service.form_versions.order_by("-number").first()
            or FormDefinitionFactory(service=o.service)
        )
    )
    applicant = factory.SubFactory(UserFactory)
