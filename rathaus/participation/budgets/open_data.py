"""The votes per project of every participatory budget whose voting has ended, as open
data: counts only, nothing about who voted."""

from rathaus.core.registries import register_dataset
from rathaus.core.tenancy import for_town

from .models import Budget
from .phases import results_public
from .results import results_of


@register_dataset(
    key="budgets.votes_per_project",
    title="Bürgerhaushalt: Stimmen je Projekt",
    description="Stimmen je Projekt der Bürgerhaushalte, deren Abstimmung beendet ist.",
    keywords=("Bürgerhaushalt", "Beteiligung", "Abstimmung"),
)
def votes_per_project(town) -> list[dict]:
    rows = []
    with for_town(town):
        for budget in Budget.objects.published().select_related("process"):
            if not results_public(budget):
                continue
            outcome = results_of(budget)
            for row in outcome.rows:
                rows.append(
                    {
                        "process": budget.process.title,
                        "budget": budget.title,
                        "total_eur": budget.total_cents / 100,
                        "ballots_cast": outcome.ballots_cast,
                        "rank": row.rank,
                        "project": row.project.title,
                        "cost_eur": row.project.cost_cents / 100,
                        "votes": row.votes,
                        "fits_in_total": row.fits,
                        "selected_for_implementation": row.project.is_selected,
                    }
                )
    return rows
