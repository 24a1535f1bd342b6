"""The figures of the e-Government annual report (Jahresbericht) of one year, gathered from
live data: the state of the concept's measures and milestones, the key figures against their
targets with a monthly history and a chart, budget and costs, staff, funding received, the
figures the platform's modules publish about participation, open data and training, the
Green-IT figures, and the measures planned for the next year.

``report_data`` only reads. It returns plain JSON values (numbers as text, dates in ISO
form), so the generation job can store them in ``AnnualReport.data`` and a published report
keeps exactly what it was published with. Labels are written in the active language; the
job runs in the report's language (``report_language``).
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

from rathaus.core.registries import kpi_registry
from rathaus.core.tenancy import current_town

from .models import (
    BudgetAccount,
    FieldOfAction,
    FundingApplication,
    KeyFigure,
    Measure,
    Milestone,
)
from .querysets import statuses_on

DATA_VERSION = 1

# Sections of figures other modules publish, by the registry keys' first part or the
# Python package of the app that registered them (so a new participation module's
# figures appear under participation without a change here).
PLATFORM_SECTIONS = (
    ("participation", ("participation",), "rathaus.participation"),
    ("opendata", ("opendata",), "rathaus.opendata"),
    ("training", ("training",), "rathaus.training"),
)
# Key figures about Green IT say so in their short name or title (or their field of action's).
GREEN_IT = re.compile(r"green|gr[üu]ne?[- ]?it|co2|co₂|energie|energy|strom|klima", re.I)

Progress = Callable[[int, int, str], None]


def report_language(town=None) -> str:
    """The language the report is written in: the town's first language."""
    town = town or current_town()
    return town.language_codes[0] if town is not None else "de"


def period_of(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The report's period: the calendar year, or up to today while it runs."""
    today = today or timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _text(value) -> str | None:
    """A number as plain text (``"12.50"``), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        value = Decimal(repr(value))
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return str(value)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _in_year(day: datetime.date | None, year: int) -> bool:
    return day is not None and day.year == year


# --- measures ---------------------------------------------------------------------------


def _is_in_report(measure: Measure, status_before: str, first: datetime.date) -> bool:
    """A measure belongs to the year's report unless it starts after the year, or ended
    before it and was closed already when the year began (``status_before``)."""
    if measure.starts_on and measure.starts_on > datetime.date(first.year, 12, 31):
        return False
    return not (status_before in Measure.CLOSED and measure.ends_on and measure.ends_on < first)


def _milestone(milestone: Milestone, as_of: datetime.date) -> dict:
    reached = milestone.reached_on is not None and milestone.reached_on <= as_of
    if reached:
        state = "reached"
    elif milestone.due_on < as_of:
        state = "overdue"
    else:
        state = "open"
    return {
        "title": milestone.title,
        "due_on": _iso(milestone.due_on),
        "reached_on": _iso(milestone.reached_on) if reached else None,
        "state": state,
        "late": bool(reached and milestone.reached_on > milestone.due_on),
    }


def _measure(
    measure: Measure, year: int, as_of: datetime.date, status: str, status_before: str
) -> dict:
    """The measure as it stood on ``as_of``; ``status`` is its status then and
    ``status_before`` the one when the year began, both from its history."""
    milestones = [
        _milestone(milestone, as_of)
        for milestone in measure.milestones.all()
        if _in_year(milestone.due_on, year)
        or (_in_year(milestone.reached_on, year) and milestone.reached_on <= as_of)
    ]
    return {
        "code": measure.code,
        "title": measure.title,
        "goal": measure.goal,
        "status": status,
        "status_label": str(Measure.Status(status).label),
        "starts_on": _iso(measure.starts_on),
        "ends_on": _iso(measure.ends_on),
        "unit": measure.responsible_unit.name if measure.responsible_unit else "",
        "overdue": bool(
            measure.ends_on and measure.ends_on < as_of and status not in Measure.CLOSED
        ),
        "done_in_year": status == Measure.Status.DONE
        and (_in_year(measure.ends_on, year) or status_before != Measure.Status.DONE),
        "milestones": milestones,
        "milestones_reached": sum(1 for m in milestones if m["state"] == "reached"),
        "milestones_overdue": sum(1 for m in milestones if m["state"] == "overdue"),
    }


def _fields(year: int, first: datetime.date, as_of: datetime.date) -> list[dict]:
    measures = (
        Measure.objects.select_related("field", "responsible_unit")
        .prefetch_related("milestones")
        .order_by("field__position", "field__title", "code")
    )
    statuses = statuses_on(as_of)
    statuses_before = statuses_on(first - datetime.timedelta(days=1))
    by_field: dict = {}
    for measure in measures:
        before = statuses_before[measure.pk]
        if _is_in_report(measure, before, first):
            row = _measure(measure, year, as_of, statuses[measure.pk], before)
            by_field.setdefault(measure.field_id, []).append(row)
    fields = []
    for field in FieldOfAction.objects.order_by("position", "title"):
        rows = by_field.get(field.pk, [])
        fields.append(
            {
                "id": str(field.pk),
                "slug": field.slug,
                "title": field.title,
                "description": field.description,
                "measures": rows,
                "by_status": _status_counts(rows),
            }
        )
    return fields


def _status_counts(rows: list[dict]) -> dict:
    counts = dict.fromkeys(Measure.Status.values, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts


# --- key figures ------------------------------------------------------------------------


def _month_label(month: datetime.date) -> str:
    return formats.date_format(month, "M")


def _figure(figure: KeyFigure, year: int, today: datetime.date, budget_figure_ids: set) -> dict:
    from . import charts, figures

    value = figures.value_for_year(figure, year, today=today)
    target = figures.target_for(figure, year)
    meets = figures.meets_target(figure, value, target)
    months = figures.monthly_values(figure, year, today=today)
    points = [(_month_label(month), month_value) for month, month_value in months]
    return {
        "id": str(figure.pk),
        "slug": figure.slug,
        "title": figure.title,
        "unit": figure.unit,
        "description": figure.description,
        "direction": figure.direction,
        "direction_label": str(figure.get_direction_display()),
        "source": figure.source,
        "registry_key": figure.registry_key,
        "is_budget_figure": figure.pk in budget_figure_ids,
        "measures": [measure.code for measure in figure.measures.all()],
        "value": _text(value),
        "target": _text(target),
        "meets_target": meets,
        "months": [
            {"month": month.strftime("%Y-%m"), "label": label, "value": _text(month_value)}
            for (month, month_value), (label, _value) in zip(months, points, strict=True)
        ],
        "chart_svg": charts.line_chart_svg(
            title=gettext("%(figure)s in %(year)s") % {"figure": figure.title, "year": year},
            unit=figure.unit,
            points=points,
            target=target,
        ),
    }


def _green_it(figure_rows: list[dict], figure_fields: dict) -> list[dict]:
    """The key figures about Green IT: by their own name, or their measures' field."""
    return [
        row
        for row in figure_rows
        if GREEN_IT.search(f"{row['slug']} {row['title']}")
        or any(GREEN_IT.search(text) for text in figure_fields.get(row["id"], ()))
    ]


# --- budget, staff, funding -------------------------------------------------------------


def _budget(year: int) -> dict:
    from . import plan

    totals = plan.year_totals(year)
    measures = [
        {
            "code": cost.measure.code,
            "title": cost.measure.title,
            "planned": _text(cost.planned),
            "committed": _text(cost.committed),
            "actual": _text(cost.actual),
            "over_plan": bool(cost.over_plan),
        }
        for cost in plan.measure_costs(year)
    ]
    accounts = [
        {
            "number": row.account.number,
            "product": row.account.product,
            "title": row.account.title,
            "budget": _text(row.budget),
            "actual": _text(row.actual),
            "remaining": _text(row.remaining),
        }
        for row in plan.account_years(BudgetAccount.objects.order_by("number"), year)
    ]
    return {
        "planned": _text(totals.planned),
        "committed": _text(totals.committed),
        "actual": _text(totals.actual),
        "budget": _text(totals.budget),
        "remaining": _text(totals.remaining),
        "fte": _text(totals.fte),
        "measures": measures,
        "measures_over_plan": sum(1 for row in measures if row["over_plan"]),
        "accounts": accounts,
    }


def _staff(year: int) -> dict:
    from . import plan

    units = [{"unit": name, "fte": _text(fte)} for name, fte in plan.staff_by_unit(year)]
    total = sum((Decimal(row["fte"]) for row in units if row["fte"]), Decimal("0"))
    return {"units": units, "total": _text(total)}


def _funding(year: int) -> dict:
    granted = (
        FundingApplication.objects.filter(
            status=FundingApplication.Status.GRANTED, decided_on__year=year
        )
        .select_related("programme", "measure")
        .order_by("decided_on", "programme__name")
    )
    rows = [
        {
            "programme": application.programme.name,
            "funder": application.programme.funder,
            "level": application.programme.level,
            "level_label": str(application.programme.get_level_display()),
            "measure": str(application.measure) if application.measure else "",
            "decided_on": _iso(application.decided_on),
            "requested": _text(application.amount_requested),
            "granted": _text(application.amount_granted or Decimal("0")),
        }
        for application in granted
    ]
    total = sum((Decimal(row["granted"]) for row in rows), Decimal("0"))
    submitted = FundingApplication.objects.filter(submitted_on__year=year).count()
    return {"granted": rows, "total_granted": _text(total), "submitted_in_year": submitted}


# --- figures of the platform's modules ----------------------------------------------------


def _package_of(entry) -> str:
    try:
        return apps.get_app_config(entry.app_label).name
    except LookupError:
        return ""


def platform_section_of(entry) -> str | None:
    """Which section of the report a registered key figure belongs to, if any."""
    prefix = entry.key.split(".", 1)[0]
    package = _package_of(entry) if entry.app_label else ""
    for key, prefixes, package_name in PLATFORM_SECTIONS:
        if prefix in prefixes or package == package_name or package.startswith(package_name + "."):
            return key
    return None


def _platform(town, period) -> dict:
    sections: dict = {key: [] for key, _prefixes, _package in PLATFORM_SECTIONS}
    for entry in kpi_registry.all():
        section = platform_section_of(entry)
        if section is None:
            continue
        sections[section].append(
            {
                "key": entry.key,
                "label": entry.label,
                "unit": entry.unit,
                "value": _text(entry.compute(town, period)),
            }
        )
    return sections


# --- outlook ----------------------------------------------------------------------------


def _outlook(year: int) -> dict:
    from . import plan

    next_year = year + 1
    first, last = datetime.date(next_year, 1, 1), datetime.date(next_year, 12, 31)
    measures = (
        Measure.objects.exclude(status__in=Measure.CLOSED)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("field", "responsible_unit")
        .prefetch_related("milestones")
        .order_by("starts_on", "code")
    )
    rows = [
        {
            "code": measure.code,
            "title": measure.title,
            "field": measure.field.title,
            "status": measure.status,
            "status_label": str(measure.get_status_display()),
            "starts_on": _iso(measure.starts_on),
            "ends_on": _iso(measure.ends_on),
            "unit": measure.responsible_unit.name if measure.responsible_unit else "",
            "starts_next_year": _in_year(measure.starts_on, next_year),
            "milestones": [
                {"title": milestone.title, "due_on": _iso(milestone.due_on)}
                for milestone in measure.milestones.all()
                if _in_year(milestone.due_on, next_year) and milestone.reached_on is None
            ],
        }
        for measure in measures
    ]
    totals = plan.year_totals(next_year)
    return {
        "year": next_year,
        "measures": rows,
        "planned": _text(totals.planned),
        "budget": _text(totals.budget),
    }


# --- the whole report -------------------------------------------------------------------


def _summary(data: dict) -> dict:
    measures = [row for field in data["fields"] for row in field["measures"]]
    with_target = [row for row in data["figures"] if row["meets_target"] is not None]
    return {
        "fields": len(data["fields"]),
        "measures": len(measures),
        "by_status": _status_counts(measures),
        "done_in_year": sum(1 for row in measures if row["done_in_year"]),
        "overdue": sum(1 for row in measures if row["overdue"]),
        "milestones": sum(len(row["milestones"]) for row in measures),
        "milestones_reached": sum(row["milestones_reached"] for row in measures),
        "milestones_overdue": sum(row["milestones_overdue"] for row in measures),
        "figures": len(data["figures"]),
        "figures_with_target": len(with_target),
        "figures_meeting_target": sum(1 for row in with_target if row["meets_target"]),
        "planned": data["budget"]["planned"],
        "actual": data["budget"]["actual"],
        "budget": data["budget"]["budget"],
        "fte": data["staff"]["total"],
        "funding_granted": data["funding"]["total_granted"],
        "outlook_measures": len(data["outlook"]["measures"]),
    }


def report_data(
    year: int, *, today: datetime.date | None = None, progress: Progress | None = None
) -> dict:
    """Everything the annual report of ``year`` shows, as JSON values (see the module).

    ``progress(done, total, message)`` is told after each step (the job reports it).
    """
    town = current_town()
    today = today or timezone.localdate()
    first, as_of = period_of(year, today)
    figure_list = list(
        KeyFigure.objects.prefetch_related("measures__field", "targets").order_by(
            "position", "title"
        )
    )
    steps = 6 + len(figure_list)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, message)

    data: dict = {
        "version": DATA_VERSION,
        "year": year,
        "town": str(town) if town is not None else "",
        "period": {"first": _iso(first), "last": _iso(as_of)},
        "complete_year": as_of == datetime.date(year, 12, 31),
    }
    data["fields"] = _fields(year, first, as_of)
    step(gettext("Measures and milestones gathered."))

    budget_figure_ids = set(
        BudgetAccount.objects.exclude(key_figure=None).values_list("key_figure_id", flat=True)
    )
    figure_fields = {}
    data["figures"] = []
    for figure in figure_list:
        data["figures"].append(_figure(figure, year, today, budget_figure_ids))
        figure_fields[str(figure.pk)] = {
            f"{measure.field.slug} {measure.field.title}" for measure in figure.measures.all()
        }
        step(gettext("Key figure “%(title)s” computed.") % {"title": figure.title})
    data["green_it"] = _green_it(data["figures"], figure_fields)

    data["budget"] = _budget(year)
    step(gettext("Budget and costs gathered."))
    data["staff"] = _staff(year)
    step(gettext("Staff plan gathered."))
    data["funding"] = _funding(year)
    step(gettext("Funding gathered."))
    data["platform"] = _platform(town, (first, as_of))
    step(gettext("Figures of participation, open data and training computed."))
    data["outlook"] = _outlook(year)
    data["summary"] = _summary(data)
    step(gettext("Outlook gathered."))
    return data


def section_title(key: str) -> str:
    """The heading of a platform section."""
    return {
        "participation": gettext("Participation"),
        "opendata": gettext("Open data"),
        "training": pgettext("annual report section", "Staff training"),
    }.get(key, key)
