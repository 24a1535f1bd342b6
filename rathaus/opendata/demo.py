"""The demo town's open-data catalogue: a dozen datasets of Weiterstadt's units (budget,
parking, waste collection, kindergartens, population, toilets, playgrounds, election,
street trees, charging points, council meetings, library loans), their tables loaded into
the datastore, one draft, and every automatic dataset switched on and refreshed once.
All figures are invented and say so in their description."""

import datetime
from dataclasses import dataclass, field

from rathaus.core.registries import open_data_registry, register_demo_data
from rathaus.core.tenancy import current_town

from .demo_data import tables
from .models import AutomaticDataset, Dataset
from .services import automatic
from .services.datasets import create_dataset, publish_dataset, touch_dataset

STEWARD = "jana.vogel@weiterstadt.example"
DEMO_NOTE = "Demo-Daten: Die Zahlen sind für die Demonstration erfunden."


@dataclass(frozen=True)
class Link:
    name: str
    url: str
    format: str
    description: str = ""


@dataclass(frozen=True)
class DemoDataset:
    name: str
    title: str
    notes: str
    unit: str  # unit code
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    contact_email: str
    table: object  # () -> (columns, rows)
    table_name: str
    frequency: str = "ANNUAL"
    license_id: str = "dl-by-de/2.0"
    temporal: tuple[datetime.date | None, datetime.date | None] = (None, None)
    links: tuple[Link, ...] = field(default_factory=tuple)
    published: bool = True


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


DATASETS = [
    DemoDataset(
        name="haushalt-2025-produktbereiche",
        title="Haushaltsplan 2025: Erträge und Aufwendungen je Produktbereich",
        notes="Geplante Erträge und Aufwendungen des Ergebnishaushalts 2025 der Stadt "
        "Weiterstadt, gegliedert nach den 16 Produktbereichen des kommunalen Haushalts in "
        "Hessen, in Euro. Der Saldo ist Erträge minus Aufwendungen.",
        unit="20",
        themes=("ECON", "GOVE"),
        keywords=("Haushalt", "Finanzen", "Produktbereiche"),
        contact_email="finanzen@weiterstadt.example",
        table=tables.budget,
        table_name="Ergebnishaushalt 2025 je Produktbereich",
        temporal=_year(2025),
        links=(
            Link(
                "Haushaltsplan 2025 (PDF)",
                "https://www.weiterstadt.example/rathaus/haushalt/haushaltsplan-2025.pdf",
                "PDF",
                "Der vollständige Haushaltsplan mit Vorbericht und Teilhaushalten.",
            ),
        ),
    ),
    DemoDataset(
        name="parkplaetze",
        title="Öffentliche Parkplätze",
        notes="Öffentliche Parkplätze, Park-and-Ride-Anlagen und die Tiefgarage mit Zahl der "
        "Stellplätze, davon für Menschen mit Behinderung und mit Ladepunkt, Gebührenpflicht, "
        "Höchstparkdauer und Lage (WGS 84).",
        unit="32",
        themes=("TRAN",),
        keywords=("Parken", "Verkehr", "Stellplätze"),
        contact_email="ordnungsamt@weiterstadt.example",
        table=tables.parking,
        table_name="Parkplätze",
        frequency="IRREG",
    ),
    DemoDataset(
        name="abfuhrtermine-2026",
        title="Abfuhrtermine 2026 je Ortsteil",
        notes="Die Abfuhrtermine für Restmüll, Bioabfall, Papier und Gelbe Säcke im Jahr "
        "2026 für jeden Ortsteil. Termine, die auf einen Feiertag fallen, sind bereits auf "
        "den nächsten Werktag verschoben.",
        unit="67",
        themes=("ENVI",),
        keywords=("Abfall", "Müllabfuhr", "Abfuhrkalender"),
        contact_email="abfallberatung@weiterstadt.example",
        table=tables.waste_dates,
        table_name="Abfuhrtermine 2026",
        temporal=_year(2026),
    ),
    DemoDataset(
        name="kindertagesstaetten",
        title="Kindertagesstätten mit Plätzen",
        notes="Die Kindertagesstätten in Weiterstadt mit Träger, Anschrift, "
        "Öffnungszeiten und der Zahl der genehmigten Plätze für Kinder unter drei Jahren, "
        "ab drei Jahren und für Schulkinder.",
        unit="10",
        themes=("EDUC", "SOCI"),
        keywords=("Kinderbetreuung", "Kita", "Familie"),
        contact_email="kita@weiterstadt.example",
        table=tables.kindergartens,
        table_name="Kindertagesstätten",
    ),
    DemoDataset(
        name="einwohner-ortsteile-altersgruppen",
        title="Einwohnerinnen und Einwohner je Ortsteil und Altersgruppe",
        notes="Einwohnerinnen und Einwohner mit Hauptwohnsitz am 31.12.2025 nach Ortsteil, "
        "Altersgruppe und Geschlecht (weiblich, männlich), aus dem Melderegister.",
        unit="33",
        themes=("SOCI", "REGI"),
        keywords=("Bevölkerung", "Einwohner", "Statistik"),
        contact_email="buergerbuero@weiterstadt.example",
        table=tables.population,
        table_name="Einwohner am 31.12.2025",
        temporal=(datetime.date(2025, 12, 31), datetime.date(2025, 12, 31)),
    ),
    DemoDataset(
        name="oeffentliche-toiletten",
        title="Öffentliche Toiletten",
        notes="Öffentliche Toiletten mit Öffnungszeiten, Gebühr, Barrierefreiheit, "
        "Wickeltisch und Lage (WGS 84).",
        unit="60",
        themes=("HEAL", "REGI"),
        keywords=("Toiletten", "Barrierefreiheit"),
        contact_email="bauamt@weiterstadt.example",
        table=tables.toilets,
        table_name="Öffentliche Toiletten",
        frequency="IRREG",
    ),
    DemoDataset(
        name="spielplaetze",
        title="Spielplätze",
        notes="Die öffentlichen Spielplätze und Bolzplätze mit Altersgruppe, Fläche, Zahl "
        "der Spielgeräte, Schatten und Lage (WGS 84).",
        unit="67",
        themes=("EDUC", "REGI"),
        keywords=("Spielplatz", "Kinder", "Freizeit"),
        contact_email="gruenflaechen@weiterstadt.example",
        table=tables.playgrounds,
        table_name="Spielplätze",
        frequency="IRREG",
    ),
    DemoDataset(
        name="kommunalwahl-2026-wahlbeteiligung",
        title="Kommunalwahl 2026: Wahlbeteiligung je Wahlbezirk",
        notes="Wahlberechtigte, Wählende, Wahlbeteiligung und gültige und ungültige "
        "Stimmzettel der Wahl der Stadtverordnetenversammlung am 15.03.2026 je Wahlbezirk "
        "und Briefwahlbezirk. Briefwählende zählen bei den Wahlberechtigten ihres "
        "Wahlbezirks.",
        unit="10",
        themes=("GOVE",),
        keywords=("Wahlen", "Kommunalwahl", "Wahlbeteiligung"),
        contact_email="wahlamt@weiterstadt.example",
        table=tables.election,
        table_name="Wahlbeteiligung je Wahlbezirk",
        frequency="NEVER",
        license_id="dl-zero-de/2.0",
        temporal=(datetime.date(2026, 3, 15), datetime.date(2026, 3, 15)),
    ),
    DemoDataset(
        name="strassenbaeume",
        title="Straßenbaumkataster",
        notes="Die Bäume an städtischen Straßen mit Art, Pflanzjahr, Stammumfang, "
        "Kronendurchmesser, Höhe und Lage (WGS 84). In Vorbereitung: die Daten werden noch "
        "geprüft.",
        unit="67",
        themes=("ENVI",),
        keywords=("Bäume", "Stadtgrün", "Baumkataster"),
        contact_email="gruenflaechen@weiterstadt.example",
        table=tables.street_trees,
        table_name="Straßenbäume",
        frequency="ANNUAL",
        published=False,
    ),
    DemoDataset(
        name="e-ladepunkte",
        title="Öffentliche Ladepunkte für Elektrofahrzeuge",
        notes="Öffentlich zugängliche Ladesäulen mit Zahl der Ladepunkte, höchster "
        "Ladeleistung, Steckertypen, Inbetriebnahme und Lage (WGS 84).",
        unit="60.2",
        themes=("TRAN", "ENER"),
        keywords=("Elektromobilität", "Ladesäulen", "Verkehr"),
        contact_email="tiefbau@weiterstadt.example",
        table=tables.charging_points,
        table_name="Ladepunkte",
        frequency="QUARTERLY",
    ),
    DemoDataset(
        name="sitzungstermine-gremien-2026",
        title="Sitzungstermine der Stadtverordnetenversammlung und der Gremien 2026",
        notes="Die Termine der öffentlichen Sitzungen der Stadtverordnetenversammlung, ihrer "
        "Ausschüsse und der Ortsbeiräte im Jahr 2026 mit Beginn und Sitzungsort. "
        "Tagesordnungen und Niederschriften stehen im Ratsinformationssystem.",
        unit="10",
        themes=("GOVE",),
        keywords=("Stadtverordnetenversammlung", "Sitzungen", "Politik"),
        contact_email="gremienbuero@weiterstadt.example",
        table=tables.council_meetings,
        table_name="Sitzungstermine 2026",
        license_id="dl-zero-de/2.0",
        temporal=_year(2026),
        links=(
            Link(
                "Ratsinformationssystem",
                "https://www.weiterstadt.example/ratsinfo/",
                "HTML",
                "Tagesordnungen, Vorlagen und Niederschriften der Sitzungen.",
            ),
        ),
    ),
    DemoDataset(
        name="stadtbuecherei-ausleihen",
        title="Stadtbücherei: Ausleihen je Monat und Medienart",
        notes="Ausleihen und Verlängerungen der Stadtbücherei im Jahr 2025 je Monat und "
        "Medienart, einschließlich der Onleihe.",
        unit="10",
        themes=("EDUC",),
        keywords=("Bücherei", "Kultur", "Bildung"),
        contact_email="buecherei@weiterstadt.example",
        table=tables.library_loans,
        table_name="Ausleihen 2025",
        temporal=_year(2025),
    ),
]

# Which unit publishes an app's automatic datasets in the demo (by app label).
AUTOMATIC_UNITS = {"services": "10", "defects": "60", "budgets": "20"}
DEFAULT_AUTOMATIC_UNIT = "10"


def _load_dataset(spec: DemoDataset, unit, steward) -> int:
    from .services import resources

    if Dataset.objects.filter(name=spec.name).exists():
        return 0
    dataset = create_dataset(
        actor=steward,
        keywords=spec.keywords,
        name=spec.name,
        title=spec.title,
        notes=f"{spec.notes}\n\n{DEMO_NOTE}",
        organization=unit,
        themes=list(spec.themes),
        license_id=spec.license_id,
        contact_name=unit.name,
        contact_email=spec.contact_email,
        frequency=spec.frequency,
        temporal_start=spec.temporal[0],
        temporal_end=spec.temporal[1],
    )
    columns, rows = spec.table()
    automatic.add_table_version(
        dataset=dataset,
        name=spec.table_name,
        description=f"Tabelle mit {len(rows)} Zeilen (CSV). {DEMO_NOTE}",
        rows=rows,
        columns=columns,
        file_name=f"{spec.name}.csv",
        uploaded_by=steward,
    )
    for link in spec.links:
        resources.add_resource(
            actor=steward,
            dataset=dataset,
            name=link.name,
            format=link.format,
            description=link.description,
            url=link.url,
        )
    touch_dataset(dataset)
    if spec.published:
        publish_dataset(actor=steward, dataset=dataset)
    return 1 + 1 + len(spec.links)


def _enable_automatic(units, steward) -> int:
    created = 0
    switched = set(AutomaticDataset.objects.values_list("publisher_key", flat=True))
    for publisher in open_data_registry.all():
        if publisher.key in switched:
            continue  # switched on or off before: the steward's choice stays
        code = AUTOMATIC_UNITS.get(publisher.app_label, DEFAULT_AUTOMATIC_UNIT)
        automatic.enable(actor=steward, publisher_key=publisher.key, organization=units[code])
        created += 1
    automatic.refresh_all(current_town())
    return created


@register_demo_data(key="opendata", order=900)
def load(*, units, people) -> int:
    """After every other app's demo data, so that the automatic datasets have figures."""
    steward = people[STEWARD]
    created = sum(_load_dataset(spec, units[spec.unit], steward) for spec in DATASETS)
    return created + _enable_automatic(units, steward)
