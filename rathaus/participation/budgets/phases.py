"""When a budget may be voted on and when its results are public.

Voting is open while the process's current phase switches on budget voting. The results
become public the day after the last phase with budget voting has ended, and never
while voting is still possible.
"""

import datetime

from django.utils import timezone

from rathaus.participation.models import Feature


def voting_open(budget, today: datetime.date | None = None) -> bool:
    return bool(budget.is_published and budget.process.feature_active(Feature.BUDGET_VOTING, today))


def voting_end(budget) -> datetime.date | None:
    """The last day of voting: the end of the last phase with budget voting."""
    ends = [
        phase.ends_on
        for phase in budget.process.phases.all()
        if Feature.BUDGET_VOTING in (phase.features or [])
    ]
    return max(ends) if ends else None


def voting_ended(budget, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    end = voting_end(budget)
    return end is not None and end < today and not voting_open(budget, today)


def results_public(budget, today: datetime.date | None = None) -> bool:
    return bool(budget.is_published and budget.process.is_published and voting_ended(budget, today))
