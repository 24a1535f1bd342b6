"""Key figures of participatory budgets, for the programme's reports."""

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Ballot


@register_kpi(
    key="budgets.ballots_cast",
    label="Abgegebene Stimmzettel im Bürgerhaushalt",
    unit="Stimmzettel",
    description="Ballots cast (checked out) in participatory budgets.",
)
def ballots_cast(town, period) -> int:
    with for_town(town):
        ballots = Ballot.objects.cast()
        if period:
            first, last = period
            ballots = ballots.filter(
                checked_out_at__date__gte=first, checked_out_at__date__lte=last
            )
        return ballots.count()
