"""The open-data dataset of petitions: counts per month and kind, never a petition."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from rathaus.core.registries import register_dataset, suppress_small
from rathaus.core.tenancy import for_town

from .models import Petition


@register_dataset(
    key="petitions.per_month",
    title="Eingaben (Anregungen und Beschwerden) je Monat und Art",
    description=(
        "Online eingegangene Anregungen, Beschwerden und Petitionen je Monat und Art, und "
        "wie viele davon beantwortet sind; nur Zahlen, keine Inhalte, Zahlen unter 3 als '<3'."
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
                "received": suppress_small(row["received"]),
                "answered": suppress_small(row["answered"]),
            }
            for row in rows
        ]
