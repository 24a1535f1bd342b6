"""Factories for accounts, units, roles and organisations."""

import itertools

import factory
from django.utils import timezone

from rathaus.core.accounts.models import Membership, Organisation, RoleAssignment, Unit, User

DEFAULT_PASSWORD = "Sonnenblume-Weiterstadt-42"
_email_numbers = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    given_name = factory.Faker("first_name", locale="de_DE")
    family_name = factory.Faker("last_name", locale="de_DE")
    kind = User.Kind.CITIZEN
    email_confirmed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        email = kwargs.pop("email", None) or f"person-{next(_email_numbers)}@example.org"
        password = kwargs.pop("password", DEFAULT_PASSWORD)
        return model_class.objects.create_user(email=email, password=password, **kwargs)


class StaffFactory(UserFactory):
    kind = User.Kind.STAFF


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Amt {n}")
    code = factory.Sequence(lambda n: f"{10 + n}")
    kind = Unit.Kind.OFFICE


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(StaffFactory)
    role = "clerk"
    unit = factory.SubFactory(UnitFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company", locale="de_DE")
    legal_form = "GmbH"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
