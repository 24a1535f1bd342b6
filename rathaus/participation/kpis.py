"""Key figures of participation, for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time; computed inside the town's scope.
"""

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Proposal
from .stats import participant_count, participants_by_process


def _proposals(period):
    queryset = Proposal.objects.all()
    if period:
        first, last = period
        queryset = queryset.filter(created_at__date__gte=first, created_at__date__lte=last)
    return queryset


@register_kpi(
    key="participation.participants",
    label="Beteiligte an Bürgerbeteiligungsverfahren",
    unit="Personen",
    description="Distinct accounts that submitted, supported or commented on a proposal.",
)
def participants(town, period) -> int:
    with for_town(town):
        return participant_count(period)


@register_kpi(
    key="participation.participants_per_process",
    label="Beteiligte je Verfahren (Durchschnitt)",
    unit="Personen",
    description="Average number of distinct participants of the processes people took part in.",
)
def participants_per_process(town, period) -> float:
    with for_town(town):
        counts = [len(people) for people in participants_by_process(period).values()]
    return round(sum(counts) / len(counts), 1) if counts else 0


@register_kpi(
    key="participation.proposals",
    label="Vorschläge von Bürgerinnen und Bürgern",
    unit="Vorschläge",
    description="Proposals submitted in participatory processes.",
)
def proposals(town, period) -> int:
    with for_town(town):
        return _proposals(period).count()


@register_kpi(
    key="participation.accepted_share",
    label="Anteil angenommener Vorschläge",
    unit="%",
    description="Accepted proposals as a share of the proposals with a final answer "
    "(accepted or rejected).",
)
def accepted_share(town, period) -> float:
    with for_town(town):
        answered = _proposals(period).filter(
            state__in=[Proposal.State.ACCEPTED, Proposal.State.REJECTED]
        )
        total = answered.count()
        accepted = answered.filter(state=Proposal.State.ACCEPTED).count()
    return round(100 * accepted / total, 1) if total else 0
