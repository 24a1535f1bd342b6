"""Open data of participation: proposals per process and answer, and the number of
participants per process. Counts only, nothing about who took part."""

from rathaus.core.registries import register_dataset, suppress_small
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
    description=(
        "Öffentliche Vorschläge je Beteiligungsverfahren und amtlicher Antwort; "
        "Zahlen unter 3 als '<3'."
    ),
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
                "proposals": suppress_small(row["proposals"]),
                "with_location": suppress_small(row["located"]),
            }
            for row in proposals_by_state()
        ]


@register_dataset(
    key="participation.participants_per_process",
    title="Bürgerbeteiligung: Beteiligte je Verfahren",
    description=(
        "Personen, die je Beteiligungsverfahren Vorschläge eingereicht, unterstützt oder "
        "kommentiert haben; Zahlen unter 3 als '<3'."
    ),
    keywords=("Bürgerbeteiligung", "Beteiligung"),
)
def participants_per_process(town) -> list[dict]:
    with for_town(town):
        people = participants_by_process()
        return [
            {
                "process": process.title,
                "process_slug": process.slug,
                "participants": suppress_small(len(people.get(process.pk, ()))),
            }
            for process in public_processes()
        ]
