"""The demo budget: 250,000 € for the Marktplatz with six projects and a few ballots."""

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.registries import demo_data_registry

from ..models import Ballot, Budget, Project
from ..results import results_of


def test_the_demo_budget_is_loaded_once(process):
    people = {
        email: UserFactory(email=email)
        for email in (
            "erika.mustermann@example.org",
            "hans.beispiel@example.org",
            "fatma.demir@example.org",
        )
    }
    load = demo_data_registry.get("budgets").load
    assert load(units={}, people=people) == 10
    assert load(units={}, people=people) == 0
    budget = Budget.objects.get()
    assert budget.total_cents == 25_000_000
    assert Project.objects.count() == 6
    assert Ballot.objects.cast().count() == 3
    assert results_of(budget).rows[0].votes >= 2


def test_without_the_process_the_demo_adds_nothing():
    assert demo_data_registry.get("budgets").load(units={}, people={}) == 0
    assert not Budget.objects.exists()
