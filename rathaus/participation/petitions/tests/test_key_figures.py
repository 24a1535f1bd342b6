"""Key figures and the open-data dataset of petitions (aggregates only), and the demo."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from rathaus.core.registries import kpi_registry, open_data_registry
from rathaus.core.tenancy import for_town

from .. import kpis
from ..models import Petition
from .factories import PetitionFactory


def test_received_answered_and_median_days(town, order_addressee):
    now = timezone.now()
    for days in (2, 4, 10):
        PetitionFactory(
            addressee=order_addressee,
            created_at=now - datetime.timedelta(days=days),
            answered_at=now,
            status="answered",
        )
    PetitionFactory(addressee=order_addressee)
    assert kpis.petitions_received(town, None) == 4
    assert kpis.petitions_answered(town, None) == 3
    assert kpis.median_days_to_answer(town, None) == 4.0
    assert "petitions.median_days_to_answer" in kpi_registry


def test_open_data_counts_per_month_and_kind_without_content(town, order_addressee):
    PetitionFactory(addressee=order_addressee, kind="complaint", subject="Geheim")
    PetitionFactory(addressee=order_addressee, kind="complaint", answered_at=timezone.now())
    PetitionFactory(addressee=order_addressee, kind="suggestion")
    rows = open_data_registry.get("petitions.per_month").build(town)
    month = timezone.now().strftime("%Y-%m")
    # Counts of one or two could point to a person: published as "<3".
    assert {"month": month, "kind": "complaint", "received": "<3", "answered": "<3"} in rows
    assert {"month": month, "kind": "suggestion", "received": "<3", "answered": 0} in rows
    assert "Geheim" not in str(rows)


def test_the_demo_has_addressees_and_three_petitions_one_answered():
    from rathaus.records.tests.test_demo import load_demo

    town = load_demo()
    with for_town(town):
        petitions = Petition.objects.all()
        assert petitions.count() == 3
        assert set(petitions.values_list("status", flat=True)) == {
            "answered",
            "examination",
            "received",
        }
        assert petitions.filter(procedure__isnull=False).count() == 2
        first = Petition.objects.count()
    call_command("load_demo", verbosity=0)
    with for_town(town):
        assert Petition.objects.count() == first
