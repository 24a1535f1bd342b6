"""Factories of the open-data tests: a published dataset of a unit, a linked resource."""

import factory
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory

from ..models import Dataset, Resource
from ..services.datasets import index_dataset


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"datensatz-{n}")
    title = factory.Sequence(lambda n: f"Datensatz {n}")
    notes = "Zahlen der Stadtverwaltung, jährlich aktualisiert."
    organization = factory.SubFactory(UnitFactory)
    themes = factory.LazyFunction(lambda: ["GOVE"])
    license_id = "dl-by-de/2.0"
    contact_name = "Open-Data-Team"
    contact_email = "opendata@weiterstadt.example"
    frequency = "ANNUAL"
    state = Dataset.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            from ..models import Tag

            for name in extracted:
                self.tags.add(Tag.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        """The search index follows the dataset, as the services keep it."""
        if create:
            index_dataset(self)


class ResourceFactory(factory.django.DjangoModelFactory):
    """A linked file; datasets gain their formats in the facets on ``index_dataset``."""

    class Meta:
        model = Resource

    dataset = factory.SubFactory(DatasetFactory)
    name = factory.Sequence(lambda n: f"Datei {n}")
    format = "PDF"
    url = factory.Sequence(lambda n: f"https://weiterstadt.example/dateien/{n}.pdf")
