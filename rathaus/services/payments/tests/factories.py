"""Factories for the payment tests: a service with its form, and applications for it."""

import factory

from rathaus.core.accounts.tests.factories import UnitFactory, UserFactory
from rathaus.services.models import Application, FormDefinition, Service


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    unit = factory.SubFactory(UnitFactory)
    slug = factory.Sequence(lambda n: f"bewohnerparken-{n}")
    name = "Bewohnerparkausweis"
    summary = "Parken im eigenen Wohngebiet"
    audience = "citizens"


class FormDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormDefinition

    service = factory.SubFactory(ServiceFactory)
    number = 1
    definition = factory.LazyFunction(lambda: {"title": "x", "pages": []})


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    form = factory.SubFactory(FormDefinitionFactory)
    service = factory.LazyAttribute(lambda o: o.form.service)
    applicant = factory.SubFactory(UserFactory)
