"""The open-data dataset of petitions: counts per month and kind, never a petition."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from rathaus.core.registries import register_dataset
from rathaus.core.tenancy import for_town

from .models import Petition


@register_dataset(
    key="petitions.per_month",
    title="Eingaben (Anregungen und Beschwerden) je Monat und Art",
    description=(
        "Number of suggestions, complaints and petitions received online per month and kind, "
        "and how many of them have been answered. Aggregates only, no content."
    ),
    keywords=("Eingaben", "Petitionen", "Beschwerden", "Bürgerbeteiligung"),
)
def petitions_per_month(town) -> list[dict]:
    with for_town(town):
        rows = (
            Petition.objects.annotate(month=TruncMonth("created_at"))
            .values("month", "kind")
            .annotate(
                received=Count("pk"),
                answered=Count("pk", filter=Q(answered_at__isnull=False)),
            )
            .order_by("month", "kind")
        )
        return [
            {
                "month": row["month"].strftime("%Y-%m"),
                "kind": row["kind"],
                "received": row["received"],
                "answered": row["answered"],
            }
            for row in rows
        ]
