"""The outcome of a vote: projects ranked by votes, and which of them fit in the total.

Projects are taken in rank order; each one that still fits in what is left of the total
is selected, one that does not is passed over and the next is tried (the greedy rule most
participatory budgets use). Projects nobody chose are never selected.
"""

from dataclasses import dataclass, field

from .models import Ballot, Budget, Project


@dataclass
class ResultRow:
    rank: int
    project: Project
    votes: int
    share: int  # per cent of the ballots cast that chose it
    fits: bool


@dataclass
class Results:
    budget: Budget
    ballots_cast: int
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def selected(self) -> list[ResultRow]:
        return [row for row in self.rows if row.fits]

    @property
    def selected_cents(self) -> int:
        return sum(row.project.cost_cents for row in self.selected)

    @property
    def remaining_cents(self) -> int:
        return self.budget.total_cents - self.selected_cents


def results_of(budget: Budget) -> Results:
    """Counted from checked-out ballots only (two queries)."""
    ballots_cast = Ballot.objects.filter(budget=budget).cast().count()
    remaining = budget.total_cents
    rows = []
    for rank, project in enumerate(Project.objects.filter(budget=budget).ranked(), start=1):
        fits = project.votes > 0 and project.cost_cents <= remaining
        if fits:
            remaining -= project.cost_cents
        share = round(100 * project.votes / ballots_cast) if ballots_cast else 0
        rows.append(ResultRow(rank, project, project.votes, share, fits))
    return Results(budget=budget, ballots_cast=ballots_cast, rows=rows)
