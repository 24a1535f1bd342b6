"""Open data of the defect reporter: counts per category and month and the median
time to fix per category. Counts below three are published as "<3"; no place, text
or person of a single report is published."""

from rathaus.core.registries import SMALL_COUNT, register_dataset, suppress_small
from rathaus.core.tenancy import for_town

from . import statistics


@register_dataset(
    key="defects.reports_per_category_month",
    title="Mängelmelder: Meldungen je Kategorie und Monat",
    description="Veröffentlichte Mängelmeldungen je Kategorie und Monat; Zahlen unter 3 als '<3'.",
    keywords=("Mängelmelder", "Beteiligung", "Infrastruktur"),
)
def reports_per_category_month(town) -> list[dict]:
    with for_town(town):
        return [
            {**row, "reports": suppress_small(row["reports"])}
            for row in statistics.reports_per_category_and_month()
        ]


@register_dataset(
    key="defects.time_to_fix",
    title="Mängelmelder: Bearbeitungsdauer je Kategorie",
    description=(
        "Median der Tage von der Meldung bis zur Behebung je Kategorie; Zahlen unter 3 als '<3'."
    ),
    keywords=("Mängelmelder", "Bearbeitungsdauer"),
)
def time_to_fix(town) -> list[dict]:
    with for_town(town):
        return [
            {
                "category": row["category"],
                "code": row["code"],
                "fixed_reports": suppress_small(row["fixed_reports"]),
                "median_days": row["median_days"] if row["fixed_reports"] >= SMALL_COUNT else "",
            }
            for row in statistics.median_days_per_category()
        ]
