"""Factories of participation: processes, phases and proposals (other apps' tests use them
to build a process with the feature they need)."""

import datetime

import factory
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.participation.models import Feature, Milestone, Phase, Process, Proposal


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    slug = factory.Sequence(lambda n: f"verfahren-{n}")
    title = factory.Sequence(lambda n: f"Beteiligungsverfahren {n}")
    summary = "Ihre Ideen für unsere Stadt."
    description = "Wir möchten wissen, was Sie denken."
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    """A phase running today (from yesterday for a week) unless dates are given."""

    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = Phase.Kind.PROPOSALS
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    ends_on = factory.LazyAttribute(lambda phase: phase.starts_on + datetime.timedelta(days=7))
    features = factory.LazyFunction(lambda: [Feature.PROPOSALS, Feature.COMMENTS, Feature.SUPPORT])


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Vorschlag {n}")
    text = "Mehr Bänke und Bäume auf dem Platz."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    proposal = factory.SubFactory(ProposalFactory, state=Proposal.State.ACCEPTED)
    due_on = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"Schritt {n}")


def running_process(*features, **fields) -> Process:
    """A published process whose current phase switches ``features`` on (default:
    proposals, comments and support)."""
    process = ProcessFactory(**fields)
    PhaseFactory(
        process=process,
        features=list(features) or [Feature.PROPOSALS, Feature.COMMENTS, Feature.SUPPORT],
    )
    return Process.objects.prefetch_related("phases").get(pk=process.pk)
