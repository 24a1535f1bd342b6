"""Key figures of the open-data programme: published datasets, and how many are current."""

import datetime

import time_machine
from django.utils import timezone

from rathaus.core.registries import kpi_registry

from ..kpis import (
    automatic_datasets,
    datasets_updated_12_months,
    published_datasets,
    share_updated_12_months,
)
from ..models import AutomaticDataset, Dataset
from .factories import DatasetFactory

NOW = datetime.datetime(2026, 11, 29, 9, tzinfo=datetime.UTC)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, 12, tzinfo=datetime.UTC)


@time_machine.travel(NOW)
def test_published_and_recently_updated_datasets(town):
    DatasetFactory(published_at=at(2024, 1, 10), modified_at=at(2024, 2, 1))  # stale
    DatasetFactory(published_at=at(2025, 3, 1), modified_at=at(2026, 6, 1))
    DatasetFactory(published_at=at(2026, 10, 1), modified_at=at(2026, 10, 1))
    DatasetFactory(state=Dataset.State.DRAFT, published_at=None, modified_at=timezone.now())

    assert published_datasets(town, None) == 3
    assert datasets_updated_12_months(town, None) == 2
    assert share_updated_12_months(town, None) == 66.7
    year_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert published_datasets(town, year_2025) == 2
    assert datasets_updated_12_months(town, year_2025) == 0


def test_figures_are_registered_for_the_programme(town):
    keys = {figure.key for figure in kpi_registry.all() if figure.app_label == "opendata"}
    assert {"opendata.published_datasets", "opendata.datasets_updated_12_months"} <= keys
    assert share_updated_12_months(town, None) is None


def test_automatic_datasets_count_switched_on_and_published_ones(town):
    published = DatasetFactory(publisher_key="a")
    withdrawn = DatasetFactory(publisher_key="b", state=Dataset.State.DRAFT)
    AutomaticDataset.objects.create(publisher_key="a", is_enabled=True, dataset=published)
    AutomaticDataset.objects.create(publisher_key="b", is_enabled=False, dataset=withdrawn)
    AutomaticDataset.objects.create(publisher_key="c", is_enabled=True)
    assert automatic_datasets(town, None) == 1
