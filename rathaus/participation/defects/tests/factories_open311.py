"""Factories for the Open311 tests: approved clients with a known key, categories with
questions, public reports. Reports and categories come from the defect reporter's own
factories where they exist."""

import factory

from ..models import CategoryAttribute, Open311Client
from ..open311.clients import hash_key
from .factories import INSIDE, CategoryFactory, ReportFactory, SettingsFactory, StreetFactory

__all__ = [
    "INSIDE",
    "AttributeFactory",
    "CategoryFactory",
    "ClientFactory",
    "ReportFactory",
    "SettingsFactory",
    "StreetFactory",
]


class ClientFactory(factory.django.DjangoModelFactory):
    """A client whose key is ``client.key`` (in tests only; real keys are never stored)."""

    class Meta:
        model = Open311Client

    name = factory.Sequence(lambda n: f"Stadt-App {n}")
    contact_email = "app@example.org"
    key = factory.Sequence(lambda n: f"test-key-{n:04d}-" + "x" * 30)
    key_hash = factory.LazyAttribute(lambda client: hash_key(client.key))
    key_prefix = factory.LazyAttribute(lambda client: client.key[:8])

    @classmethod
    def _create(cls, model_class, *args, key=None, **kwargs):
        client = super()._create(model_class, *args, **kwargs)
        client.key = key
        return client


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryAttribute

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"Q{n}")
    datatype = CategoryAttribute.Datatype.STRING
    question = factory.Sequence(lambda n: f"Question {n}?")
