"""Reading key figures (Kennzahlen): a figure's value for a year and per month, its target
of a year, and whether a value meets it.

A computed figure asks the platform's registry (``rathaus.core.registries.kpi_registry``)
for the value of a period: ``compute(town, (first_day, last_day))``. Its monthly history is
what the monthly job stored (``KeyFigureValue``); the month running now is computed live
and is provisional. A manual figure's values are the ones the officer entered with
evidence; its value for a year is the latest month entered.

Values are ``Decimal`` with two places; ``format_value`` shows them in the active language,
the same way in the chart, its description and the table.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from rathaus.core.registries import kpi_registry

from .models import KeyFigure, KeyFigureTarget, KeyFigureValue

CENT = Decimal("0.01")
MAXIMUM = Decimal("999999999999.99")  # what a value column (14 digits, 2 places) holds


# --- Periods --------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def months_of(year: int) -> list[datetime.date]:
    return [datetime.date(year, number, 1) for number in range(1, 13)]


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month that ended last."""
    return month_start(month_start(today) - datetime.timedelta(days=1))


def ended_months(year: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The months of ``year`` that are over (all twelve for a past year)."""
    today = today or timezone.localdate()
    return [month for month in months_of(year) if month_end(month) < today]


def year_period(
    year: int, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """1 January to 31 December, or to today while the year runs; None for a future year."""
    today = today or timezone.localdate()
    if year > today.year:
        return None
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


# --- Numbers --------------------------------------------------------------------------------


def as_decimal(value) -> Decimal | None:
    """A registry's number (int, float, Decimal) as a Decimal with two places; None for no
    value (None, NaN, infinite) and for numbers too large to store."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None
    return number if abs(number) <= MAXIMUM else None


def format_number(value: Decimal) -> str:
    """``12,5`` / ``1.234`` in German, ``12.5`` / ``1,234`` in English: up to two places,
    none that are zero at the end."""
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    places = 2
    while places and value == value.quantize(Decimal(1).scaleb(-(places - 1))):
        places -= 1
    return number_format(value, places, use_l10n=True, force_grouping=True)


def format_value(value: Decimal | None, unit: str = "") -> str:
    """A value with its unit (``12,5 %``), or "no value"."""
    if value is None:
        return _("no value")
    number = format_number(value)
    return f"{number} {unit}" if unit else number


# --- The registry ---------------------------------------------------------------------------


def registry_entry(key: str):
    """The registered key figure, or None when no installed app offers ``key`` (any more)."""
    return kpi_registry.get(key) if key and key in kpi_registry else None


def _app_name(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def registry_app_name(key: str) -> str:
    """The name of the app that offers ``key``, or "" when none does."""
    entry = registry_entry(key)
    return _app_name(entry.app_label) if entry is not None and entry.app_label else ""


def registry_label(key: str) -> str:
    """``Label (app)``, or the bare key when it is not registered."""
    entry = registry_entry(key)
    if entry is None:
        return key
    return f"{entry.label} ({_app_name(entry.app_label)})" if entry.app_label else entry.label


def registry_choices() -> list[tuple[str, str]]:
    """Every registered key figure as (key, "label (app)"), sorted by app, then label."""
    entries = sorted(
        kpi_registry.all(), key=lambda e: (_app_name(e.app_label).casefold(), e.label.casefold())
    )
    return [(entry.key, registry_label(entry.key)) for entry in entries]


def compute(figure: KeyFigure, period) -> Decimal | None:
    """The registry's value of a computed figure for ``period``; None if its key is gone."""
    entry = registry_entry(figure.registry_key)
    if entry is None:
        return None
    return as_decimal(entry.compute(figure.town, period))


# --- Values and targets ---------------------------------------------------------------------


def value_for_year(
    figure: KeyFigure, year: int, *, today: datetime.date | None = None
) -> Decimal | None:
    """Computed: the registry's value from 1 January to 31 December (or today, while the
    year runs). Manual: the value of the latest month of ``year`` entered."""
    if figure.is_computed:
        period = year_period(year, today)
        return compute(figure, period) if period else None
    return (
        KeyFigureValue.objects.filter(
            figure=figure,
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, 12, 1),
            value__isnull=False,
        )
        .order_by("-month")
        .values_list("value", flat=True)
        .first()
    )


def provisional_month(
    figure: KeyFigure, year: int, *, today: datetime.date | None = None
) -> datetime.date | None:
    """The month of ``year`` whose value of a computed figure is computed live (the month
    running now), or None."""
    today = today or timezone.localdate()
    return month_start(today) if figure.is_computed and year == today.year else None


def monthly_values(
    figure: KeyFigure, year: int, *, today: datetime.date | None = None, live: bool = True
) -> list[tuple[datetime.date, Decimal | None]]:
    """The twelve months of ``year`` (their first days) with the value of each: the stored
    history; for a computed figure the running month is computed live (provisional, see
    ``provisional_month``) unless ``live`` is False. Months without a value give None."""
    today = today or timezone.localdate()
    stored = dict(
        KeyFigureValue.objects.filter(
            figure=figure,
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, 12, 1),
        ).values_list("month", "value")
    )
    running = provisional_month(figure, year, today=today) if live else None
    result = []
    for month in months_of(year):
        if month == running:
            result.append((month, compute(figure, (month, today))))
        else:
            result.append((month, stored.get(month)))
    return result


def target_for(figure: KeyFigure, year: int) -> Decimal | None:
    """The figure's target for ``year``, or None (uses prefetched targets when there)."""
    prefetched = getattr(figure, "_prefetched_objects_cache", {}).get("targets")
    if prefetched is not None:
        return next((target.value for target in prefetched if target.year == year), None)
    return figure.targets.filter(year=year).values_list("value", flat=True).first()


def meets_target(figure: KeyFigure, value: Decimal | None, target: Decimal | None) -> bool | None:
    """Whether ``value`` reaches ``target`` in the figure's direction (at least the target
    when higher is better, at most when lower is better); None without value or target."""
    if value is None or target is None:
        return None
    if figure.direction == KeyFigure.Direction.DOWN:
        return value <= target
    return value >= target


def target_status(meets: bool | None) -> str:
    """Whether a value meets its target, in words (never colour alone); without a value or
    a target it cannot be judged."""
    if meets is None:
        return _("Cannot be judged")
    return _("Target met") if meets else _("Target not met")


# --- Rows for the pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class FigureStatus:
    """A figure's value and target of a year, for the list and the dashboard."""

    figure: KeyFigure
    year: int
    value: Decimal | None
    target: Decimal | None
    meets: bool | None

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.figure.unit)

    @property
    def target_text(self) -> str:
        return format_value(self.target, self.figure.unit) if self.target is not None else ""

    @property
    def status_text(self) -> str:
        return target_status(self.meets)

    @property
    def source_text(self) -> str:
        if self.figure.is_computed:
            return registry_label(self.figure.registry_key)
        return str(KeyFigure.Source.MANUAL.label)


def statuses(figures, year: int, *, today: datetime.date | None = None) -> list[FigureStatus]:
    """Value, target and verdict of every figure for ``year``. Targets come in one query
    and the manual figures' values in another; each computed figure asks the registry."""
    figures = list(figures)
    targets = {}
    values = {}
    if figures:
        ids = [figure.pk for figure in figures]
        targets = dict(
            KeyFigureTarget.objects.filter(figure_id__in=ids, year=year).values_list(
                "figure_id", "value"
            )
        )
        manual = [figure.pk for figure in figures if not figure.is_computed]
        for figure_id, value in (
            KeyFigureValue.objects.filter(
                figure_id__in=manual,
                month__gte=datetime.date(year, 1, 1),
                month__lte=datetime.date(year, 12, 1),
                value__isnull=False,
            )
            .order_by("month")
            .values_list("figure_id", "value")
        ):
            values[figure_id] = value  # the latest month wins
    rows = []
    for figure in figures:
        value = (
            value_for_year(figure, year, today=today)
            if figure.is_computed
            else values.get(figure.pk)
        )
        target = targets.get(figure.pk)
        rows.append(FigureStatus(figure, year, value, target, meets_target(figure, value, target)))
    return rows
