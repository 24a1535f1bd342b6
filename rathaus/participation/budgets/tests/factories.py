"""Factories of participatory budgets, and of processes with a voting phase."""

import datetime

import factory
from django.utils import timezone

from rathaus.participation.models import Feature, Phase, Process

from ..models import Ballot, BallotItem, Budget, Project


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    slug = factory.Sequence(lambda n: f"verfahren-{n}")
    title = factory.Sequence(lambda n: f"Verfahren {n}")
    summary = "Worum es geht"
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = Phase.Kind.VOTING
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
    features = factory.LazyFunction(lambda: [Feature.BUDGET_VOTING])


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Bürgerhaushalt {n}")
    total_cents = 25_000_000
    is_published = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: f"Projekt {n}")
    description = "Beschreibung"
    cost_cents = 5_000_000


def cast_ballot(budget, user, projects) -> Ballot:
    """A checked-out ballot made directly (the vote services are tested on their own)."""
    ballot = Ballot.objects.create(budget=budget, user=user, checked_out_at=timezone.now())
    for project in projects:
        BallotItem.objects.create(ballot=ballot, project=project)
    return ballot
