"""Factories of petitions: addressees and petitions (sent through the service where the
e-file matters, built directly where only the stored state does)."""

import uuid

import factory
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory, UserFactory

from ..models import Addressee, Petition


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    name = factory.Sequence(lambda n: f"Ausschuss {n}")
    kind = Addressee.Kind.COMMITTEE
    unit = factory.SubFactory(UnitFactory)


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    reference = factory.Sequence(lambda n: f"E-2026-{9000 + n:04d}")
    kind = Petition.Kind.SUGGESTION
    addressee = factory.SubFactory(AddresseeFactory)
    unit = factory.LazyAttribute(lambda o: o.addressee.unit)
    subject = "Mehr Bänke im Stadtpark"
    text = "Im Stadtpark fehlen Sitzbänke für ältere Menschen."
    submitter = factory.SubFactory(UserFactory)
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    created_at = factory.LazyFunction(timezone.now)
