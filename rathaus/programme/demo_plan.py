"""The demo town's cost plan, staff plan and budget account.

Cost items for last year, this year and next year for the concept's measures (found by
their number, see ``demo_concept``; a missing number is skipped), a staff plan of the units
involved, and the programme's budget account "Digitalisierung / E-Government" with a budget
for last year and this year and postings through both years. This year the measure
"3.1 E-Akte im Bauamt einführen" costs more than planned (the migration of the old paper
files needed a supplementary order), so the cost plan and the account warn about it.

The account number, the product, the amounts, vouchers and suppliers are INVENTED for the
demo; they follow the pattern of a Hessian municipal budget (Produkt 1.1.10
"Informationstechnik", an expense account for IT services) without copying a real one.
Idempotent: what exists (found by account number, voucher number, measure/year/kind/type
and unit/measure/year) is left as it is.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from .models import BudgetAccount, BudgetAllocation, CostItem, Measure, Posting, StaffPlanEntry

try:  # the concept's demo names the measures' numbers
    from .demo_concept import MEASURE_CODES
except ImportError:  # pragma: no cover - the concept's demo is part of the app
    MEASURE_CODES = ()

EGOV = "sabine.krueger@weiterstadt.example"

# Invented, see the module's docstring.
ACCOUNT_NUMBER = "54310000"
ACCOUNT_TITLE = "Digitalisierung / E-Government"
ACCOUNT_PRODUCT = "1.1.10 Informationstechnik"
# Budget per year, by offset from the demo year (this year).
BUDGETS = {-1: Decimal("85000.00"), 0: Decimal("240000.00")}

ONE_OFF = CostItem.Kind.ONE_OFF
RUNNING = CostItem.Kind.RUNNING


@dataclass(frozen=True)
class Cost:
    code: str
    year: int  # offset from this year
    kind: str
    category: str
    description: str
    planned: str
    committed: str = "0"


COSTS = (
    # Last year
    Cost("1.1", -1, ONE_OFF, "services", "Formular, Gebührenberechnung, Anbindung", "14500"),
    Cost("1.1", -1, RUNNING, "licences", "Bezahldienst (Transaktionsentgelte)", "2400"),
    Cost("1.3", -1, ONE_OFF, "services", "Einrichtung der Terminbuchung", "6000"),
    Cost("1.3", -1, RUNNING, "licences", "Terminbuchung, Jahreslizenz", "3000"),
    Cost("3.1", -1, RUNNING, "licences", "E-Akte, Lizenzen Bauamt (ab Oktober)", "5250"),
    Cost("3.1", -1, ONE_OFF, "services", "Konzeption und Aktenplan Bauamt", "12000"),
    Cost("4.1", -1, ONE_OFF, "services", "Einrichtung des Open-Data-Portals", "14000"),
    Cost("2.1", -1, ONE_OFF, "services", "Kurskonzept digitale Verfahren", "4000"),
    Cost("5.1", -1, ONE_OFF, "services", "Auswahl und Einrichtung Mängelmelder", "5000"),
    # This year
    Cost(
        "1.2", 0, ONE_OFF, "services", "Formular nach Bundesstandard, Integration", "18000", "18000"
    ),
    Cost("1.2", 0, RUNNING, "licences", "Unternehmenskonto-Anbindung, Betrieb", "4800", "4800"),
    Cost(
        "2.1", 0, ONE_OFF, "services", "Präsenzschulungen mit externer Trainerin", "12000", "9000"
    ),
    Cost("2.1", 0, RUNNING, "licences", "E-Learning-Inhalte, Jahreslizenz", "3600", "3600"),
    Cost("3.1", 0, RUNNING, "licences", "E-Akte, Lizenzen Bauamt", "21000", "21000"),
    Cost("3.1", 0, ONE_OFF, "services", "Einführung, Migration der Altakten", "28000", "28000"),
    Cost("3.1", 0, ONE_OFF, "hardware", "Dokumentenscanner und zweite Bildschirme", "7500", "7180"),
    Cost("4.1", 0, ONE_OFF, "services", "Weitere Datensätze und Schnittstellen", "8000", "8000"),
    Cost("4.2", 0, ONE_OFF, "services", "Relaunch der Website (Agentur)", "45000", "45000"),
    Cost("4.2", 0, RUNNING, "licences", "Redaktionssystem, Hosting", "6000", "6000"),
    Cost("5.1", 0, ONE_OFF, "services", "Kartenanbindung und Schulung Bauhof", "4500", "4500"),
    Cost("5.1", 0, RUNNING, "licences", "Mängelmelder, Jahreslizenz", "2400", "2400"),
    Cost("6.1", 0, ONE_OFF, "hardware", "Multifunktionsgeräte mit Follow-Me-Druck", "9000", "9000"),
    Cost("6.1", 0, RUNNING, "services", "Druckkostenauswertung", "2400", "1200"),
    Cost(
        "7.1", 0, ONE_OFF, "hardware", "Sicherheitsschlüssel für alle Beschäftigten", "4200", "4200"
    ),
    Cost("7.1", 0, RUNNING, "licences", "Authentifizierungsdienst", "1800", "1800"),
    Cost("7.2", 0, ONE_OFF, "services", "Beratung IT-Grundschutz-Check", "24000", "24000"),
    Cost("7.2", 0, RUNNING, "licences", "ISMS-Werkzeug", "3200", "3200"),
    Cost("8.1", 0, ONE_OFF, "services", "BITV-Tests der Online-Dienste", "16500", "11000"),
    # Next year
    Cost("1.2", 1, RUNNING, "licences", "Unternehmenskonto-Anbindung, Betrieb", "4800"),
    Cost("3.1", 1, RUNNING, "licences", "E-Akte, Lizenzen Bauamt", "21000"),
    Cost("3.2", 1, RUNNING, "licences", "E-Akte, Lizenzen aller Ämter", "48000"),
    Cost("3.2", 1, ONE_OFF, "services", "Einführung in allen Ämtern", "60000"),
    Cost("3.2", 1, ONE_OFF, "hardware", "Scanner für alle Ämter", "15000"),
    Cost("2.2", 1, ONE_OFF, "services", "Qualifizierung der Digitallotsen", "6000"),
    Cost("4.2", 1, RUNNING, "licences", "Redaktionssystem, Hosting", "6000"),
    Cost("5.2", 1, ONE_OFF, "services", "Beteiligungsplattform Bürgerhaushalt", "12000"),
    Cost("6.2", 1, ONE_OFF, "hardware", "Energieeffiziente Arbeitsplatzrechner", "85000"),
    Cost("7.2", 1, RUNNING, "licences", "ISMS-Werkzeug", "3200"),
    Cost("8.2", 1, ONE_OFF, "services", "Übersetzung in Leichte Sprache", "9000"),
)


@dataclass(frozen=True)
class Booking:
    year: int  # offset from this year
    month: int
    day: int
    code: str | None
    category: str
    amount: str
    text: str
    imported: bool = True


BOOKINGS = (
    # Last year
    Booking(-1, 3, 14, "1.1", "services", "7250.00", "Abschlag Formularentwicklung Parkausweis"),
    Booking(-1, 6, 30, "1.1", "services", "7250.00", "Schlussrechnung Formular Parkausweis"),
    Booking(-1, 12, 15, "1.1", "licences", "1980.40", "Transaktionsentgelte Bezahldienst"),
    Booking(-1, 2, 20, "1.3", "services", "6000.00", "Einrichtung Terminbuchung Bürgerbüro"),
    Booking(-1, 1, 31, "1.3", "licences", "3000.00", "Jahreslizenz Terminbuchung"),
    Booking(-1, 10, 1, "3.1", "licences", "5250.00", "E-Akte Lizenzen Bauamt 4. Quartal"),
    Booking(-1, 11, 18, "3.1", "services", "11400.00", "Konzeption Aktenplan Bauamt"),
    Booking(-1, 9, 12, "4.1", "services", "13650.00", "Einrichtung Open-Data-Portal"),
    Booking(-1, 5, 6, "2.1", "services", "4000.00", "Kurskonzept digitale Verfahren"),
    Booking(-1, 12, 1, "5.1", "services", "4800.00", "Einrichtung Mängelmelder"),
    Booking(-1, 12, 10, None, "", "890.00", "Fachliteratur und Tagung E-Government", False),
    # This year
    Booking(0, 1, 8, "3.1", "licences", "5250.00", "E-Akte Lizenzen Bauamt 1. Quartal"),
    Booking(0, 1, 20, "2.1", "licences", "3600.00", "E-Learning-Inhalte Jahreslizenz"),
    Booking(0, 1, 31, "5.1", "licences", "2400.00", "Mängelmelder Jahreslizenz"),
    Booking(0, 2, 12, "3.1", "services", "12000.00", "Einführung E-Akte Bauamt, 1. Abschlag"),
    Booking(0, 2, 27, "7.1", "hardware", "4116.00", "Sicherheitsschlüssel (120 Stück)"),
    Booking(0, 3, 10, "3.1", "hardware", "7180.00", "Dokumentenscanner und Bildschirme Bauamt"),
    Booking(0, 3, 24, "1.2", "services", "9000.00", "Formular Gewerbeanmeldung, Abschlag"),
    Booking(0, 4, 7, "3.1", "licences", "5250.00", "E-Akte Lizenzen Bauamt 2. Quartal"),
    Booking(0, 4, 15, "5.1", "services", "4500.00", "Kartenanbindung Mängelmelder"),
    Booking(0, 4, 30, "7.1", "licences", "1800.00", "Authentifizierungsdienst Jahresentgelt"),
    Booking(0, 5, 19, "3.1", "services", "14500.00", "Einführung E-Akte Bauamt, 2. Abschlag"),
    Booking(0, 5, 28, "4.1", "services", "7600.00", "Schnittstellen Open-Data-Portal"),
    Booking(0, 6, 16, "6.1", "hardware", "8870.00", "Multifunktionsgeräte Follow-Me-Druck"),
    Booking(0, 6, 30, "2.1", "services", "4500.00", "Präsenzschulung E-Akte (Trainerin)"),
    Booking(0, 7, 6, "3.1", "licences", "5250.00", "E-Akte Lizenzen Bauamt 3. Quartal"),
    Booking(0, 7, 21, "7.2", "services", "12000.00", "IT-Grundschutz-Check, 1. Abschlag"),
    Booking(0, 8, 4, "4.2", "services", "15000.00", "Relaunch Website, 1. Abschlag"),
    Booking(0, 8, 25, "7.2", "licences", "3200.00", "ISMS-Werkzeug Jahreslizenz"),
    Booking(0, 9, 8, "3.1", "services", "10350.00", "Nachtrag Migration Altakten Bauamt"),
    Booking(0, 9, 22, "1.2", "licences", "2400.00", "Unternehmenskonto-Anbindung 1. Halbjahr"),
    Booking(0, 10, 6, "3.1", "licences", "5250.00", "E-Akte Lizenzen Bauamt 4. Quartal"),
    Booking(0, 10, 13, "8.1", "services", "5500.00", "BITV-Test Online-Dienste, Teil 1"),
    Booking(0, 10, 27, "4.2", "licences", "3000.00", "Redaktionssystem, Hosting 2. Halbjahr"),
    Booking(0, 11, 3, "4.2", "services", "15000.00", "Relaunch Website, 2. Abschlag"),
    Booking(0, 11, 10, "7.1", "hardware", "-252.00", "Gutschrift Sicherheitsschlüssel (Retoure)"),
    Booking(0, 11, 17, "2.1", "services", "4500.00", "Präsenzschulung Online-Anträge (Trainerin)"),
    Booking(0, 11, 20, None, "", "1250.00", "Fachtagung Kommunale Digitalisierung", False),
)


@dataclass(frozen=True)
class Staffing:
    unit: str
    code: str | None
    year: int  # offset from this year
    fte: str
    note: str = ""


STAFF = (
    Staffing("10", None, -1, "1.00", "E-Government-Beauftragte"),
    Staffing("10", None, 0, "1.00", "E-Government-Beauftragte"),
    Staffing("10", None, 1, "1.00", "E-Government-Beauftragte"),
    Staffing("10", "2.1", 0, "0.30", "Schulungsteam"),
    Staffing("10", "3.2", 1, "0.50", "Projektleitung E-Akte"),
    Staffing("10", "7.2", 0, "0.25", "Informationssicherheitsbeauftragter"),
    Staffing("20", None, -1, "0.10", "Haushaltsbewirtschaftung des Kontos"),
    Staffing("20", None, 0, "0.10", "Haushaltsbewirtschaftung des Kontos"),
    Staffing("20", "5.2", 1, "0.30", "Bürgerhaushalt"),
    Staffing("32", "1.1", -1, "0.30", ""),
    Staffing("32", "1.2", 0, "0.40", ""),
    Staffing("33", "1.3", -1, "0.20", ""),
    Staffing("33", "8.2", 1, "0.20", ""),
    Staffing("60", "3.1", -1, "0.50", ""),
    Staffing("60", "3.1", 0, "0.80", "Einführung und Scannen der Altakten"),
    Staffing("60.2", "5.1", 0, "0.20", ""),
)


def _measures() -> dict[str, Measure]:
    codes = set(MEASURE_CODES) or {c.code for c in COSTS}
    return {measure.code: measure for measure in Measure.objects.filter(code__in=codes)}


def _account() -> tuple[BudgetAccount, bool]:
    return BudgetAccount.objects.get_or_create(
        number=ACCOUNT_NUMBER, defaults={"title": ACCOUNT_TITLE, "product": ACCOUNT_PRODUCT}
    )


def _costs(measures: dict, year: int) -> int:
    created = 0
    for cost in COSTS:
        measure = measures.get(cost.code)
        if measure is None:
            continue
        _item, made = CostItem.objects.get_or_create(
            measure=measure,
            year=year + cost.year,
            kind=cost.kind,
            category=cost.category,
            description=cost.description,
            defaults={"planned": Decimal(cost.planned), "committed": Decimal(cost.committed)},
        )
        created += made
    return created


def _postings(account, measures: dict, today: datetime.date, officer) -> int:
    created = 0
    numbers: dict[int, int] = {}
    for booking in BOOKINGS:
        year = today.year + booking.year
        numbers[year] = numbers.get(year, 0) + 1
        measure = measures.get(booking.code) if booking.code else None
        if booking.code and measure is None:
            continue
        booked_on = min(datetime.date(year, booking.month, booking.day), today)
        _posting, made = Posting.objects.get_or_create(
            account=account,
            reference=f"RE-{year}-{numbers[year]:04d}",
            defaults={
                "booked_on": booked_on,
                "amount": Decimal(booking.amount),
                "text": booking.text,
                "measure": measure,
                "category": booking.category,
                "source": Posting.Source.IMPORT if booking.imported else Posting.Source.MANUAL,
                "recorded_by": officer,
            },
        )
        created += made
    return created


def _staff(units: dict, measures: dict, year: int) -> int:
    created = 0
    for item in STAFF:
        unit = units.get(item.unit)
        measure = measures.get(item.code) if item.code else None
        if unit is None or (item.code and measure is None):
            continue
        _entry, made = StaffPlanEntry.objects.get_or_create(
            unit=unit,
            measure=measure,
            year=year + item.year,
            defaults={"fte": Decimal(item.fte), "note": item.note},
        )
        created += made
    return created


def load(*, units, people) -> int:
    """Load the demo's cost plan, staff plan and budget account; returns the rows made."""
    today = timezone.localdate()
    measures = _measures()
    account, created = _account()
    created = int(created)
    for offset, amount in BUDGETS.items():
        _allocation, made = BudgetAllocation.objects.get_or_create(
            account=account, year=today.year + offset, defaults={"amount": amount}
        )
        created += made
    created += _costs(measures, today.year)
    created += _postings(account, measures, today, people.get(EGOV))
    created += _staff(units, measures, today.year)
    return created
