"""Open data of the online services: applications per service and month (online, and the
in-person and paper ones staff counted) and processing times per service and year.
Counts below three are published as "<3" and their median is left empty; nothing about
an applicant or a single application is published."""

import statistics
from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from rathaus.core.registries import SMALL_COUNT, register_dataset, suppress_small
from rathaus.core.tenancy import for_town

from .models import Application, ChannelCount, Service


def _month(value) -> str:
    return value.strftime("%Y-%m")


@register_dataset(
    key="services.applications_per_service_month",
    title="Online-Dienste: Anträge je Leistung und Monat",
    description=(
        "Anträge je Leistung und Monat: online über die Online-Dienste eingegangen, sowie vor "
        "Ort und auf Papier, wie die Verwaltung sie zählt. Zahlen unter 3 als '<3'."
    ),
    keywords=("Online-Dienste", "Anträge", "OZG", "Verwaltungsleistungen"),
)
def applications_per_service_month(town) -> list[dict]:
    with for_town(town):
        online = (
            Application.objects.received()
            .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
            .values("month", "service_id")
            .annotate(n=Count("pk"))
        )
        counts = defaultdict(lambda: {"online": 0, "in_person": 0, "paper": 0})
        for row in online:
            counts[(_month(row["month"]), row["service_id"])]["online"] = row["n"]
        counted = ChannelCount.objects.values("month", "service_id", "channel").annotate(
            n=Sum("count")
        )
        for row in counted:
            counts[(_month(row["month"]), row["service_id"])][row["channel"]] = row["n"]
        services = Service.objects.in_bulk({service_id for _month_, service_id in counts})
        rows = []
        for (month, service_id), values in counts.items():
            service = services[service_id]
            rows.append(
                {
                    "month": month,
                    "service": service.name,
                    "service_key": service.leika_key,
                    "maturity": service.maturity,
                    "online": suppress_small(values["online"]),
                    "in_person": suppress_small(values["in_person"]),
                    "paper": suppress_small(values["paper"]),
                }
            )
        return sorted(rows, key=lambda row: (row["month"], row["service"]))


@register_dataset(
    key="services.processing_times",
    title="Online-Dienste: Bearbeitungsdauer je Leistung",
    description=(
        "Median der Tage vom Eingang bis zur Entscheidung über Online-Anträge, je Leistung und "
        "Jahr der Entscheidung, mit der üblichen Bearbeitungszeit (Arbeitstage), die die Stadt "
        "angibt. Zahlen unter 3 als '<3', ihr Median bleibt leer."
    ),
    keywords=("Online-Dienste", "Bearbeitungsdauer", "Anträge"),
)
def processing_times(town) -> list[dict]:
    with for_town(town):
        decided = Application.objects.filter(
            submitted_at__isnull=False, decided_at__isnull=False
        ).values_list("service_id", "submitted_at", "decided_at")
        days = defaultdict(list)
        current = timezone.get_current_timezone()
        for service_id, submitted_at, decided_at in decided.iterator():
            year = timezone.localtime(decided_at, current).year
            days[(service_id, year)].append((decided_at - submitted_at).total_seconds() / 86400)
        services = Service.objects.in_bulk({service_id for service_id, _year in days})
        rows = []
        for (service_id, year), values in days.items():
            service = services[service_id]
            enough = len(values) >= SMALL_COUNT
            rows.append(
                {
                    "year": year,
                    "service": service.name,
                    "service_key": service.leika_key,
                    "decided_applications": suppress_small(len(values)),
                    "median_days": round(statistics.median(values), 1) if enough else None,
                    "typical_working_days": service.processing_days,
                }
            )
        return sorted(rows, key=lambda row: (row["year"], row["service"]))
