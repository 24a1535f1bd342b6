"""Key figures of the online services, for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time. The figures are computed inside the town's scope.
"""

import statistics

from django.db.models import Count, Sum

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Application, ChannelCount, Service


def _received(period):
    queryset = Application.objects.received()
    if period:
        first, last = period
        queryset = queryset.filter(received_at__date__gte=first, received_at__date__lte=last)
    return queryset


def _counted(period):
    queryset = ChannelCount.objects.all()
    if period:
        first, last = period
        queryset = queryset.filter(month__gte=first.replace(day=1), month__lte=last)
    return queryset


@register_kpi(
    key="services.applications_online",
    label="Online-Anträge",
    unit="Anträge",
    description="Applications that reached the clerks through the online services.",
)
def applications_online(town, period) -> int:
    with for_town(town):
        return _received(period).count()


@register_kpi(
    key="services.applications_offline",
    label="Anträge vor Ort und auf Papier",
    unit="Anträge",
    description="Applications staff counted in person and on paper.",
)
def applications_offline(town, period) -> int:
    with for_town(town):
        return _counted(period).aggregate(total=Sum("count"))["total"] or 0


@register_kpi(
    key="services.online_share",
    label="Anteil Online-Anträge",
    unit="%",
    description="Online applications as a share of all applications (online, in person, paper).",
)
def online_share(town, period) -> float | None:
    online = applications_online(town, period)
    total = online + applications_offline(town, period)
    return round(100 * online / total, 1) if total else None


@register_kpi(
    key="services.median_processing_days",
    label="Mittlere Bearbeitungszeit",
    unit="Tage",
    description="Median time from receipt to decision of the applications decided.",
)
def median_processing_days(town, period) -> float | None:
    with for_town(town):
        rows = (
            _received(period)
            .filter(decided_at__isnull=False)
            .values_list("received_at", "decided_at")
        )
        days = [(decided - received).total_seconds() / 86400 for received, decided in rows]
    return round(statistics.median(days), 1) if days else None


@register_kpi(
    key="services.payments_received",
    label="Online eingenommene Gebühren",
    unit="EUR",
    description="Fees of applications that reached the clerks after online payment.",
)
def payments_received(town, period) -> float:
    with for_town(town):
        cents = _received(period).aggregate(total=Sum("fee_cents"))["total"] or 0
    return cents / 100


@register_kpi(
    key="services.online_services",
    label="Online-Leistungen (OZG-Reifegrad 3 oder 4)",
    unit="Leistungen",
    description="Published services that can be applied for fully online.",
)
def online_services(town, period) -> int:
    with for_town(town):
        return Service.objects.published().filter(maturity__gte=3).count()


def applications_by_service(town, period) -> list[dict]:
    """Per service: online applications, counted in-person and paper ones, maturity."""
    with for_town(town):
        received = _received(period)
        online = dict(
            received.values_list("service_id")
            .annotate(n=Count("pk"))
            .values_list("service_id", "n")
        )
        offline = {
            (row["service_id"], row["channel"]): row["n"]
            for row in _counted(period).values("service_id", "channel").annotate(n=Sum("count"))
        }
        return [
            {
                "service": service.name,
                "maturity": service.maturity,
                "online": online.get(service.pk, 0),
                "in_person": offline.get((service.pk, "in_person"), 0),
                "paper": offline.get((service.pk, "paper"), 0),
            }
            for service in Service.objects.order_by("name")
        ]
