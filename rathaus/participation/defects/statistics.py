"""Figures about defect reports for key figures and open data: reports per category
and month, days from report to fix. Only published reports count (confirmed, not
hidden); nothing about the people who reported."""

import statistics
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Status
from .querysets import public_reports


def _in_period(queryset, field: str, period):
    if period:
        first, last = period
        queryset = queryset.filter(**{f"{field}__date__gte": first, f"{field}__date__lte": last})
    return queryset


def reports_per_category_and_month(period=None) -> list[dict]:
    """[{"month": "2026-03", "category": name, "code": code, "reports": n}] by month."""
    rows = (
        _in_period(public_reports(), "created_at", period)
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "category__name", "category__code")
        .annotate(reports=Count("id"))
        .order_by("month", "category__name")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "category": row["category__name"] or "",
            "code": row["category__code"] or "",
            "reports": row["reports"],
        }
        for row in rows
    ]


def days_to_fix(period=None, *, category_id=None) -> list[float]:
    """Days from report to fix of the reports fixed in ``period``."""
    fixed = _in_period(
        public_reports().filter(status=Status.FIXED, fixed_at__isnull=False), "fixed_at", period
    )
    if category_id is not None:
        fixed = fixed.filter(category_id=category_id)
    return [
        (fixed_at - created_at).total_seconds() / 86400
        for created_at, fixed_at in fixed.values_list("created_at", "fixed_at").iterator()
    ]


def median_days_to_fix(period=None) -> float | None:
    values = days_to_fix(period)
    return round(statistics.median(values), 1) if values else None


def share_fixed_within(days: int, period=None) -> float | None:
    """Of the reports received in ``period``, the percentage fixed within ``days``."""
    received = list(
        _in_period(public_reports(), "created_at", period).values_list(
            "status", "created_at", "fixed_at"
        )
    )
    if not received:
        return None
    quick = sum(
        1
        for status, created_at, fixed_at in received
        if status == Status.FIXED
        and fixed_at is not None
        and (fixed_at - created_at).total_seconds() <= days * 86400
    )
    return round(100 * quick / len(received), 1)


def median_days_per_category() -> list[dict]:
    """[{"category", "code", "fixed_reports", "median_days"}] per category."""
    by_category = defaultdict(list)
    names = {}
    fixed = public_reports().filter(status=Status.FIXED, fixed_at__isnull=False)
    for category_id, name, code, created_at, fixed_at in fixed.values_list(
        "category_id", "category__name", "category__code", "created_at", "fixed_at"
    ).iterator():
        by_category[category_id].append((fixed_at - created_at).total_seconds() / 86400)
        names[category_id] = (name or "", code or "")
    rows = []
    for category_id, values in by_category.items():
        name, code = names[category_id]
        rows.append(
            {
                "category": name,
                "code": code,
                "fixed_reports": len(values),
                "median_days": round(statistics.median(values), 1),
            }
        )
    return sorted(rows, key=lambda row: row["category"])
