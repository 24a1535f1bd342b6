"""Factories of drafts and sections (processes come from the budget factories' module
until the participation app ships its own)."""

import factory

from rathaus.participation.budgets.tests.factories import PhaseFactory, ProcessFactory

from ..models import Draft, Section

__all__ = ["DraftFactory", "PhaseFactory", "ProcessFactory", "SectionFactory"]


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    process = factory.SubFactory(ProcessFactory)
    title = "Satzung über die Benutzung des Marktplatzes"
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    draft = factory.SubFactory(DraftFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: f"§ {n + 1}")
    heading = factory.Sequence(lambda n: f"Überschrift {n + 1}")
    text = "Text des Abschnitts."
