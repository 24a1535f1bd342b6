"""Open data of the e-Government programme: the figures of every published annual report,
one row per report and figure (key figures with their targets, the figures of
participation, open data and training, budget, staff and funding totals). Only what the
published reports show is published, as they were frozen; drafts never. Every figure is an
aggregate of the town's work; nothing about a person is included."""

from decimal import Decimal, InvalidOperation

from rathaus.core.registries import register_dataset
from rathaus.core.tenancy import for_town

from .models import AnnualReport

BUDGET_FIGURES = (
    ("budget.budget", "Budget des Programms", "budget", "budget", "EUR"),
    ("budget.planned", "Geplante Kosten", "budget", "planned", "EUR"),
    ("budget.committed", "Gebundene Mittel", "budget", "committed", "EUR"),
    ("budget.actual", "Ist-Ausgaben", "budget", "actual", "EUR"),
    ("budget.remaining", "Verfügbare Mittel", "budget", "remaining", "EUR"),
    ("staff.fte", "Personaleinsatz", "staff", "total", "VZÄ"),
    ("funding.granted", "Bewilligte Fördermittel", "funding", "total_granted", "EUR"),
)


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _row(year, section, key, title, unit, value, target=None, meets=None) -> dict:
    return {
        "year": year,
        "section": section,
        "key": key,
        "key_figure": title,
        "unit": unit,
        "value": _number(value),
        "target": _number(target),
        "meets_target": meets,
    }


def figure_rows(report: AnnualReport) -> list[dict]:
    """The figures of one report's stored data, as flat rows."""
    data = report.data or {}
    year = report.year
    rows = [
        _row(
            year,
            "key_figures",
            figure["slug"],
            figure["title"],
            figure["unit"],
            figure["value"],
            figure["target"],
            figure["meets_target"],
        )
        for figure in data.get("figures", [])
    ]
    for section, figures in (data.get("platform") or {}).items():
        rows.extend(
            _row(year, section, figure["key"], figure["label"], figure["unit"], figure["value"])
            for figure in figures
        )
    for key, title, part, field, unit in BUDGET_FIGURES:
        if part in data:
            rows.append(_row(year, part, key, title, unit, data[part].get(field)))
    return rows


@register_dataset(
    key="programme.annual_report_figures",
    title="E-Government-Jahresbericht: Kennzahlen",
    description=(
        "Die Kennzahlen der veröffentlichten E-Government-Jahresberichte der Stadt: je Jahr "
        "die Kennzahlen des Programms mit Zielwert, die Zahlen zu Bürgerbeteiligung, offenen "
        "Daten und Schulung sowie Budget, Kosten, Personaleinsatz und Fördermittel. Die "
        "Zahlen sind die des Berichts, wie er veröffentlicht wurde."
    ),
    keywords=("E-Government", "Jahresbericht", "Kennzahlen", "Digitalisierung"),
)
def annual_report_figures(town) -> list[dict]:
    with for_town(town):
        reports = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).order_by("year")
        return [row for report in reports for row in figure_rows(report)]
