"""Open data of participation: proposals per process and answer, and the number of
participants per process. Counts only, nothing about who took part."""

from rathaus.core.registries import register_dataset
from rathaus.core.tenancy import for_town

from .models import Proposal
from .stats import participants_by_process, proposals_by_state, public_processes

STATE_LABELS = {
    Proposal.State.PUBLISHED: "nicht beantwortet",
    Proposal.State.EVALUATING: "in Prüfung",
    Proposal.State.ACCEPTED: "angenommen",
    Proposal.State.REJECTED: "abgelehnt",
}


@register_dataset(
    key="participation.proposals_per_state",
    title="Bürgerbeteiligung: Vorschläge je Verfahren und Antwort",
    description="Public proposals per participatory process and official answer.",
    keywords=("Bürgerbeteiligung", "Vorschläge", "Beteiligung"),
)
def proposals_per_state(town) -> list[dict]:
    with for_town(town):
        return [
            {
                "process": row["process__title"],
                "process_slug": row["process__slug"],
                "state": row["state"],
                "state_label": STATE_LABELS.get(row["state"], row["state"]),
                "proposals": row["proposals"],
                "with_location": row["located"],
            }
            for row in proposals_by_state()
        ]


@register_dataset(
    key="participation.participants_per_process",
    title="Bürgerbeteiligung: Beteiligte je Verfahren",
    description="Distinct people who submitted, supported or commented on proposals, "
    "per participatory process.",
    keywords=("Bürgerbeteiligung", "Beteiligung"),
)
def participants_per_process(town) -> list[dict]:
    with for_town(town):
        people = participants_by_process()
        return [
            {
                "process": process.title,
                "process_slug": process.slug,
                "participants": len(people.get(process.pk, ())),
            }
            for process in public_processes()
        ]
