"""The demo town's key figures (Kennzahlen) with targets for this year and next.

Wherever one of the platform's apps offers the figure in the registry it is computed from
there (online share, processing time, online services, documents filed in the e-file,
defects fixed within 14 days, open datasets, participants, trained staff, and the
programme's own budget and measure figures); the others are entered by the e-Government
officer Sabine Krüger with evidence: the share of incoming paper mail filed only
electronically (from the post room's statistics, which the platform does not hold), the
start page's data on a first view and the CO2 of a page view (from the page-weight
measurement of ``make bench``), and the pages printed. Their monthly values are INVENTED
but plausible, and their evidence says where such a value would come from.

The history of the computed figures is filled in by the code the monthly job runs, for the
months of this year that are over (and of last year too early in the year, so the charts
are not empty). The budget figure becomes the budget account's measurable key figure
(``BudgetAccount.key_figure``) when the plan's demo made the account. The figures are
linked to the concept's measures by their numbers (see ``demo_concept``).

Idempotent: a figure found by its title is left as it is; targets and values that exist
are kept; the computed history is recomputed (the monthly job updates a month it has).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from .figures import ended_months
from .models import BudgetAccount, KeyFigure, KeyFigureTarget, KeyFigureValue, Measure
from .services import figures as services

EGOV = "sabine.krueger@weiterstadt.example"
UP = KeyFigure.Direction.UP
DOWN = KeyFigure.Direction.DOWN


@dataclass(frozen=True)
class FigureData:
    title: str
    unit: str
    direction: str
    description: str
    # (this year's target, next year's)
    targets: tuple[str, str]
    registry_key: str = ""
    measures: tuple[str, ...] = ()
    # Manual figures: the value of the first month shown, the change per month, how the
    # months wobble around that trend (cycled), a factor on all of it, and the evidence.
    start: str = ""
    step: str = ""
    wobble: tuple[str, ...] = ("0",)
    evidence: str = ""
    scale: str = "1"

    @property
    def is_computed(self) -> bool:
        return bool(self.registry_key)


BUDGET_TITLE = "Anteil verausgabter Programmmittel"

FIGURES = (
    FigureData(
        "Anteil online gestellter Anträge",
        "%",
        UP,
        "Anträge, die über die Online-Dienste eingehen, als Anteil aller Anträge "
        "(online, vor Ort und auf Papier).",
        ("35", "45"),
        registry_key="services.online_share",
        measures=("1.1", "1.2"),
    ),
    FigureData(
        "Mittlere Bearbeitungszeit",
        "Tage",
        DOWN,
        "Median der Tage vom Eingang bis zur Entscheidung der im Zeitraum entschiedenen Anträge.",
        ("10", "7"),
        registry_key="services.median_processing_days",
        measures=("1.2",),
    ),
    FigureData(
        "Online-Leistungen mit OZG-Reifegrad 3 oder 4",
        "Leistungen",
        UP,
        "Veröffentlichte Verwaltungsleistungen, die vollständig online beantragt werden können.",
        ("25", "40"),
        registry_key="services.online_services",
        measures=("1.1", "1.2", "1.3"),
    ),
    FigureData(
        "Mängelmeldungen innerhalb von 14 Tagen behoben",
        "%",
        UP,
        "Anteil der im Zeitraum eingegangenen Mängelmeldungen, die binnen 14 Tagen behoben wurden.",
        ("70", "80"),
        registry_key="defects.fixed_within_14_days",
        measures=("5.1",),
    ),
    FigureData(
        "Veröffentlichte offene Datensätze",
        "Datensätze",
        UP,
        "Datensätze im Open-Data-Portal der Stadt am Ende des Zeitraums.",
        ("25", "40"),
        registry_key="opendata.published_datasets",
        measures=("4.1",),
    ),
    FigureData(
        "Beteiligte an Bürgerbeteiligungsverfahren",
        "Personen",
        UP,
        "Verschiedene Konten, die einen Vorschlag eingereicht, unterstützt oder kommentiert haben.",
        ("300", "450"),
        registry_key="participation.participants",
        measures=("5.1", "5.2"),
    ),
    FigureData(
        "Anteil geschulter Beschäftigter",
        "%",
        UP,
        "Beschäftigte, die alle ihnen zugewiesenen Schulungen mit gültigem Nachweis "
        "abgeschlossen haben, als Anteil aller Beschäftigten mit einer Schulung.",
        ("80", "90"),
        registry_key="training.trained_share",
        measures=("2.1", "2.2"),
    ),
    FigureData(
        "In der E-Akte abgelegte Dokumente",
        "Dokumente",
        UP,
        "Dokumente, die im Zeitraum in der E-Akte abgelegt wurden (Eingänge, Scans, "
        "Schreiben, interne Dokumente) – elektronisch statt auf Papier.",
        ("50", "500"),
        registry_key="records.documents_filed",
        measures=("3.1", "3.2"),
    ),
    FigureData(
        "Papierlos abgelegte Dokumente",
        "%",
        UP,
        "Eingänge des Monats, die nur elektronisch in der E-Akte abgelegt wurden, als Anteil "
        "aller Eingänge (Posteingangsstatistik der Zentralen Dienste).",
        ("55", "75"),
        measures=("3.1", "3.2"),
        start="38",
        step="2.4",
        wobble=("0", "0.8", "-0.6", "0.3"),
        evidence="Posteingangsstatistik der Poststelle (Zentrale Dienste) für {month}: "
        "elektronisch abgelegte Eingänge geteilt durch alle Eingänge; Auszug liegt bei den "
        "Unterlagen des E-Government-Beauftragten.",
    ),
    FigureData(
        "Datenmenge der Startseite beim ersten Aufruf",
        "kB",
        DOWN,
        "Bytes, die ein Browser beim ersten Aufruf der Startseite lädt (HTML, Stylesheets, "
        "Skripte, Schriften, Bilder; komprimiert, mit Kopfzeilen).",
        ("250", "200"),
        measures=("4.2",),
        start="412",
        step="-14",
        wobble=("0", "3", "-2", "1"),
        evidence="Seitengewichtsmessung mit „make bench“ (bench/pageweight.py) am ersten "
        "Arbeitstag nach {month}, Startseite, erster Aufruf, Brotli; Protokoll "
        "var/bench/core.json.",
    ),
    FigureData(
        "CO₂ je Seitenaufruf",
        "mg CO₂e",
        DOWN,
        "Geschätzte Emissionen eines ersten Aufrufs der Startseite nach dem "
        "Sustainable-Web-Design-Modell (Datenmenge × 0,81 kWh je GB × 442 g CO₂e je kWh).",
        ("80", "65"),
        measures=("4.2", "6.2"),
        # The page weight's series × 0.3414 mg per kB (0.81 kWh/GB × 442 g/kWh).
        start="412",
        step="-14",
        wobble=("0", "3", "-2", "1"),
        scale="0.3414",
        evidence="Berechnet aus der gemessenen Datenmenge der Startseite für {month} nach "
        "dem Sustainable-Web-Design-Modell (0,81 kWh je GB, 442 g CO₂e je kWh).",
    ),
    FigureData(
        "Gedruckte Seiten",
        "Seiten",
        DOWN,
        "Gedruckte und kopierte Seiten aller Multifunktionsgeräte der Verwaltung im Monat.",
        ("60000", "45000"),
        measures=("6.1",),
        start="81500",
        step="-1450",
        wobble=("0", "2300", "-1800", "900"),
        evidence="Zählerstände der Multifunktionsgeräte aus der Druckerverwaltung, Summe "
        "aller Standorte, abgelesen am Monatsende {month}.",
    ),
    FigureData(
        BUDGET_TITLE,
        "%",
        UP,
        "Auf den Haushaltskonten des Programms gebuchte Ausgaben seit 1. Januar als Anteil "
        "des Budgets des Jahres: die messbare Kennzahl des Haushaltskontos.",
        ("90", "95"),
        registry_key="programme.budget_used_share",
    ),
    FigureData(
        "Anteil abgeschlossener Maßnahmen",
        "%",
        UP,
        "Abgeschlossene Maßnahmen des E-Government-Konzepts als Anteil aller nicht "
        "eingestellten Maßnahmen.",
        ("40", "60"),
        registry_key="programme.measures_done_share",
    ),
)


def history_months(today: datetime.date) -> list[datetime.date]:
    """The months the demo's history covers: this year's that are over, and last year's
    too while this year has fewer than three."""
    months = ended_months(today.year, today)
    if len(months) < 3:
        months = ended_months(today.year - 1, today) + months
    return months


def _figure(data: FigureData, position: int, officer) -> tuple[KeyFigure, bool]:
    existing = KeyFigure.objects.filter(title=data.title).first()
    if existing is not None:
        return existing, False
    figure = services.create_figure(
        actor=officer,
        title=data.title,
        unit=data.unit,
        direction=data.direction,
        source=KeyFigure.Source.COMPUTED if data.is_computed else KeyFigure.Source.MANUAL,
        registry_key=data.registry_key,
        description=data.description,
        position=position,
    )
    return figure, True


def _targets(figure: KeyFigure, data: FigureData, year: int, officer) -> int:
    created = 0
    for offset, value in enumerate(data.targets):
        if not KeyFigureTarget.objects.filter(figure=figure, year=year + offset).exists():
            services.set_target(
                actor=officer, figure=figure, year=year + offset, value=Decimal(value)
            )
            created += 1
    return created


def _manual_values(figure, data: FigureData, months, officer, today) -> int:
    have = set(KeyFigureValue.objects.filter(figure=figure).values_list("month", flat=True))
    created = 0
    for index, month in enumerate(months):
        if month in have:
            continue
        value = (
            Decimal(data.start)
            + Decimal(data.step) * index
            + Decimal(data.wobble[index % len(data.wobble)])
        ) * Decimal(data.scale)
        services.record_value(
            actor=officer,
            figure=figure,
            month=month,
            value=max(value, Decimal("0")).quantize(Decimal("0.01")),
            evidence=data.evidence.format(month=f"{month:%m/%Y}"),
            today=today,
        )
        created += 1
    return created


def _link_measures(figure: KeyFigure, codes: tuple[str, ...]) -> None:
    for measure in Measure.objects.filter(code__in=codes):
        measure.key_figures.add(figure)


def _budget_account() -> BudgetAccount | None:
    try:  # the plan's demo names its account's number
        from .demo_plan import ACCOUNT_NUMBER
    except ImportError:  # pragma: no cover - the plan's demo is part of the app
        ACCOUNT_NUMBER = ""
    accounts = BudgetAccount.objects.order_by("number")
    return accounts.filter(number=ACCOUNT_NUMBER).first() or accounts.first()


def load(*, units, people) -> int:
    """Load the demo's key figures, targets and history; returns the rows made."""
    officer = people[EGOV]
    today = timezone.localdate()
    months = history_months(today)
    created = 0
    for position, data in enumerate(FIGURES, start=1):
        figure, made = _figure(data, position * 10, officer)
        created += made
        created += _targets(figure, data, today.year, officer)
        if not figure.is_computed and data.start:
            created += _manual_values(figure, data, months, officer, today)
        _link_measures(figure, data.measures)
        if data.title == BUDGET_TITLE:
            account = _budget_account()
            if account is not None and account.key_figure_id is None:
                account.key_figure = figure
                account.save(update_fields=["key_figure"])
    # The computed history, by the code the monthly job runs.
    counts = services.record_computed_months(months, today=today)
    return created + counts.recorded
