"""The demo town's defect reporter: Weiterstadt's categories routed to their units, the
town boundary, about thirty streets, and reports in several categories and states.
``seed_reports`` bulk-creates many reports for the benchmark."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rathaus.core.registries import register_demo_data
from rathaus.participation.engagement.services import follow

from . import geo
from .models import DefectCategory, DefectReport, DefectSettings, ReportUpdate, Status, Street
from .services.reporting import next_number

CITIZEN = "erika.mustermann@example.org"
CLERK_60 = "lena.hoffmann@weiterstadt.example"
CLERK_32 = "murat.yildiz@weiterstadt.example"

# code, name, group, unit, description, keywords
CATEGORIES = [
    (
        "strassenbeleuchtung",
        "Straßenbeleuchtung",
        "Straße und Verkehr",
        "60.2",
        "Defekte, flackernde oder tagsüber brennende Straßenlaternen.",
        "Laterne, Licht",
    ),
    (
        "schlagloecher",
        "Schlaglöcher und Straßenschäden",
        "Straße und Verkehr",
        "60.2",
        "Schlaglöcher, lose Gehwegplatten, abgesackte Kanaldeckel.",
        "Loch, Gehweg, Straße",
    ),
    (
        "verkehrszeichen",
        "Verkehrszeichen",
        "Straße und Verkehr",
        "60.2",
        "Umgefahrene, verdrehte oder zugewachsene Verkehrszeichen.",
        "Schild, Ampel",
    ),
    (
        "muell",
        "Illegale Müllablagerung",
        "Sauberkeit",
        "32",
        "Wilder Müll, abgestellter Sperrmüll, überfüllte Papierkörbe.",
        "Müll, Sperrmüll",
    ),
    (
        "graffiti",
        "Graffiti",
        "Sauberkeit",
        "32",
        "Schmierereien an öffentlichen Gebäuden und Anlagen.",
        "Schmiererei",
    ),
    (
        "spielplaetze",
        "Spielplätze",
        "Grün und Spiel",
        "67",
        "Beschädigte Spielgeräte, Glasscherben, verschmutzter Sand.",
        "Spielgerät, Sandkasten",
    ),
    (
        "gruenflaechen",
        "Grünflächen und Bäume",
        "Grün und Spiel",
        "67",
        "Abgebrochene Äste, umgestürzte Bäume, zugewachsene Wege.",
        "Baum, Hecke, Ast",
    ),
]

BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [
            [8.5350, 49.9050],
            [8.5480, 49.8920],
            [8.5650, 49.8820],
            [8.5900, 49.8800],
            [8.6120, 49.8840],
            [8.6280, 49.8950],
            [8.6300, 49.9120],
            [8.6250, 49.9300],
            [8.6050, 49.9340],
            [8.5850, 49.9320],
            [8.5600, 49.9250],
            [8.5400, 49.9180],
            [8.5350, 49.9050],
        ]
    ],
}

# name, district, latitude, longitude (approximate points on the streets)
STREETS = [
    ("Darmstädter Straße", "Weiterstadt", "49.900800", "8.593600"),
    ("Bahnhofstraße", "Weiterstadt", "49.904300", "8.580400"),
    ("Rheinstraße", "Weiterstadt", "49.906100", "8.585300"),
    ("Schlossgasse", "Weiterstadt", "49.905400", "8.589200"),
    ("Carl-Ulrich-Straße", "Weiterstadt", "49.903300", "8.590100"),
    ("Frankfurter Straße", "Weiterstadt", "49.909200", "8.594900"),
    ("Kirchgasse", "Weiterstadt", "49.905900", "8.588100"),
    ("Brunnenweg", "Weiterstadt", "49.904900", "8.592300"),
    ("Ludwigstraße", "Weiterstadt", "49.903800", "8.586900"),
    ("Schulstraße", "Weiterstadt", "49.907200", "8.590300"),
    ("Jahnstraße", "Weiterstadt", "49.901900", "8.584600"),
    ("Feldstraße", "Weiterstadt", "49.908400", "8.583100"),
    ("Odenwaldstraße", "Weiterstadt", "49.899700", "8.588800"),
    ("Nordring", "Weiterstadt", "49.911300", "8.589700"),
    ("Südring", "Weiterstadt", "49.898600", "8.592400"),
    ("Max-Planck-Straße", "Weiterstadt", "49.913600", "8.601900"),
    ("Otto-Hahn-Straße", "Weiterstadt", "49.915100", "8.598600"),
    ("Robert-Bosch-Straße", "Weiterstadt", "49.916400", "8.603800"),
    ("Riedbahnstraße", "Riedbahn", "49.912300", "8.561700"),
    ("Am Aulenberg", "Riedbahn", "49.914000", "8.566900"),
    ("Mainstraße", "Riedbahn", "49.910800", "8.558900"),
    ("Braunshardter Straße", "Braunshardt", "49.896700", "8.574300"),
    ("Schlossstraße", "Braunshardt", "49.894300", "8.568200"),
    ("Tannenweg", "Braunshardt", "49.892600", "8.570900"),
    ("Gräfenhäuser Straße", "Schneppenhausen", "49.925400", "8.596100"),
    ("Pfarrgasse", "Schneppenhausen", "49.927100", "8.592400"),
    ("Weiterstädter Straße", "Schneppenhausen", "49.923300", "8.593700"),
    ("Schneppenhäuser Straße", "Gräfenhausen", "49.925900", "8.612800"),
    ("Langstraße", "Gräfenhausen", "49.927400", "8.617300"),
    ("Wixhäuser Straße", "Gräfenhausen", "49.928600", "8.622100"),
]

# category code, street, house number, description, status, days ago, days to fix, by citizen
REPORTS = [
    (
        "strassenbeleuchtung",
        "Darmstädter Straße",
        "12",
        "Die Laterne vor dem Haus ist seit einer Woche dunkel.",
        Status.FIXED,
        60,
        6,
        True,
    ),
    (
        "strassenbeleuchtung",
        "Bahnhofstraße",
        "3",
        "Laterne flackert die ganze Nacht.",
        Status.IN_PROGRESS,
        9,
        None,
        False,
    ),
    (
        "strassenbeleuchtung",
        "Riedbahnstraße",
        "40",
        "Zwei Laternen hintereinander ausgefallen, der Fußweg ist stockdunkel.",
        Status.CONFIRMED,
        2,
        None,
        False,
    ),
    (
        "strassenbeleuchtung",
        "Tannenweg",
        "7",
        "Laterne brennt auch tagsüber.",
        Status.FIXED,
        120,
        21,
        False,
    ),
    (
        "schlagloecher",
        "Rheinstraße",
        "25",
        "Tiefes Schlagloch auf der Fahrbahn, Radfahrer müssen ausweichen.",
        Status.SCHEDULED,
        14,
        None,
        True,
    ),
    (
        "schlagloecher",
        "Frankfurter Straße",
        "88",
        "Gehwegplatten lose, Stolpergefahr vor der Bushaltestelle.",
        Status.FIXED,
        45,
        10,
        False,
    ),
    (
        "schlagloecher",
        "Max-Planck-Straße",
        "5",
        "Kanaldeckel abgesackt, es scheppert bei jedem Lkw.",
        Status.CONFIRMED,
        4,
        None,
        False,
    ),
    (
        "schlagloecher",
        "Langstraße",
        "14",
        "Mehrere Schlaglöcher nach dem Frost.",
        Status.FIXED,
        200,
        30,
        False,
    ),
    (
        "schlagloecher",
        "Schlossgasse",
        "2",
        "Pflaster im Kreuzungsbereich aufgebrochen.",
        Status.IN_PROGRESS,
        20,
        None,
        False,
    ),
    (
        "verkehrszeichen",
        "Nordring",
        "",
        "Stoppschild an der Einmündung ist verdreht.",
        Status.FIXED,
        30,
        2,
        False,
    ),
    (
        "verkehrszeichen",
        "Gräfenhäuser Straße",
        "",
        "Tempo-30-Schild von Hecke verdeckt.",
        Status.NOT_RESPONSIBLE,
        50,
        None,
        False,
    ),
    (
        "verkehrszeichen",
        "Otto-Hahn-Straße",
        "",
        "Verkehrsschild umgefahren und liegt am Straßenrand.",
        Status.CONFIRMED,
        1,
        None,
        False,
    ),
    (
        "muell",
        "Am Aulenberg",
        "",
        "Alte Reifen und Bauschutt am Feldweg abgeladen.",
        Status.FIXED,
        75,
        4,
        False,
    ),
    (
        "muell",
        "Bahnhofstraße",
        "",
        "Sperrmüll (Sofa, Matratze) seit Tagen neben den Glascontainern.",
        Status.IN_PROGRESS,
        5,
        None,
        True,
    ),
    ("muell", "Mainstraße", "", "Müllsäcke am Waldrand.", Status.DUPLICATE, 6, None, False),
    (
        "muell",
        "Wixhäuser Straße",
        "",
        "Papierkorb an der Bushaltestelle quillt über.",
        Status.CLOSED,
        90,
        None,
        False,
    ),
    (
        "graffiti",
        "Carl-Ulrich-Straße",
        "",
        "Graffiti an der Wand der Turnhalle.",
        Status.SCHEDULED,
        25,
        None,
        False,
    ),
    ("graffiti", "Kirchgasse", "", "Schmierereien am Trafohäuschen.", Status.FIXED, 150, 40, False),
    (
        "graffiti",
        "Brunnenweg",
        "",
        "Hakenkreuz an der Unterführung – bitte schnell entfernen.",
        Status.FIXED,
        10,
        1,
        False,
    ),
    ("spielplaetze", "Schulstraße", "", "Kette der Schaukel gerissen.", Status.FIXED, 35, 3, False),
    (
        "spielplaetze",
        "Pfarrgasse",
        "",
        "Glasscherben im Sandkasten.",
        Status.CONFIRMED,
        3,
        None,
        True,
    ),
    (
        "spielplaetze",
        "Schlossstraße",
        "",
        "Rutsche hat einen scharfen Riss.",
        Status.IN_PROGRESS,
        12,
        None,
        False,
    ),
    (
        "gruenflaechen",
        "Odenwaldstraße",
        "",
        "Großer Ast hängt abgebrochen über dem Gehweg.",
        Status.FIXED,
        18,
        1,
        False,
    ),
    (
        "gruenflaechen",
        "Südring",
        "",
        "Hecke wächst weit in den Radweg.",
        Status.CONFIRMED,
        8,
        None,
        False,
    ),
    (
        "gruenflaechen",
        "Langstraße",
        "",
        "Baum nach dem Sturm umgestürzt, Weg gesperrt.",
        Status.FIXED,
        100,
        2,
        False,
    ),
    (
        "gruenflaechen",
        "Feldstraße",
        "",
        "Wiese am Spielplatz seit Wochen nicht gemäht.",
        Status.UNCONFIRMED,
        0,
        None,
        False,
    ),
]

NOTES = {
    Status.IN_PROGRESS: "Der Bauhof ist informiert und kümmert sich.",
    Status.SCHEDULED: "Die Reparatur ist beauftragt.",
    Status.FIXED: "Erledigt – vielen Dank für Ihre Meldung!",
    Status.NOT_RESPONSIBLE: (
        "Die Hecke steht auf Privatgrund; wir haben die Eigentümer angeschrieben."
    ),
    Status.DUPLICATE: "Diese Stelle ist bereits gemeldet.",
    Status.CLOSED: "Der Papierkorb wird jetzt zweimal wöchentlich geleert.",
}


def _categories(units) -> tuple[dict, int]:
    found, created = {}, 0
    for position, (code, name, group, unit_code, description, keywords) in enumerate(CATEGORIES):
        category, made = DefectCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "unit": units.get(unit_code),
                "description": description,
                "keywords": keywords,
                "position": position,
            },
        )
        found[code], created = category, created + made
    return found, created


def _settings() -> int:
    if DefectSettings.objects.exists():
        return 0
    DefectSettings.objects.create(
        boundary=BOUNDARY,
        center_latitude=Decimal("49.906000"),
        center_longitude=Decimal("8.588000"),
        zoom=14,
        duplicate_radius_m=150,
        questionnaire_after_days=14,
    )
    return 1


def _streets() -> tuple[dict, int]:
    found, created = {}, 0
    for name, district, latitude, longitude in STREETS:
        street, made = Street.objects.get_or_create(
            name=name,
            postcode="64331",
            defaults={
                "district": district,
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
            },
        )
        found[name], created = street, created + made
    return found, created


def _reports(categories, streets, people) -> int:
    created = 0
    now = timezone.now()
    citizen = people.get(CITIZEN)
    staff = {"60.2": people.get(CLERK_60), "32": people.get(CLERK_32)}
    first_of_kind = {}
    for index, spec in enumerate(REPORTS):
        code, street_name, number, text, status, days_ago, days_to_fix, by_citizen = spec
        key = f"demo-{index + 1}"
        category = categories[code]
        existing = DefectReport.objects.filter(submission_key=key).first()
        if existing is not None:
            first_of_kind.setdefault(code, existing)
            continue
        street = streets[street_name]
        # A few metres apart, so reports on one street are not on one spot.
        jitter = Decimal(index % 5) / Decimal(10000)
        reported = now - datetime.timedelta(days=days_ago, hours=index % 9)
        reporter = citizen if by_citizen and citizen is not None else None
        with transaction.atomic():
            report = DefectReport.objects.create(
                number=next_number(),
                category=category,
                unit_id=category.unit_id,
                description=text,
                latitude=street.latitude + jitter,
                longitude=street.longitude - jitter,
                address=f"{street.name} {number}".strip() + f", 64331 {street.district}",
                status=status,
                reporter=reporter,
                reporter_email="" if reporter else f"melder{index + 1}@example.org",
                submission_key=key,
                created_at=reported,
                confirmed_at=None if status == Status.UNCONFIRMED else reported,
                updated_at=reported,
                duplicate_of=first_of_kind.get(code) if status == Status.DUPLICATE else None,
            )
            ReportUpdate.objects.create(
                report=report,
                status=Status.UNCONFIRMED if status == Status.UNCONFIRMED else Status.CONFIRMED,
                created_at=reported,
            )
            if status != Status.UNCONFIRMED:
                author = staff.get(category.unit.code if category.unit else "")
                step_at = reported + datetime.timedelta(days=days_to_fix or 1, hours=2)
                if status == Status.FIXED:
                    ReportUpdate.objects.create(
                        report=report,
                        status=Status.IN_PROGRESS,
                        note=NOTES[Status.IN_PROGRESS],
                        author=author,
                        created_at=reported + datetime.timedelta(hours=20),
                    )
                    report.fixed_at = step_at
                if status != Status.CONFIRMED:
                    ReportUpdate.objects.create(
                        report=report,
                        status=status,
                        note=NOTES.get(status, ""),
                        author=author,
                        created_at=step_at,
                    )
                    report.public_note = NOTES.get(status, "")
                    report.updated_at = step_at
                if status == Status.SCHEDULED:
                    report.expected_at = now + datetime.timedelta(days=10)
                report.save()
                if reporter is not None:
                    follow(target=report, user=reporter)
            first_of_kind.setdefault(code, report)
        created += 1
    return created


@register_demo_data(key="defects", order=60)
def load(*, units, people) -> int:
    categories, created = _categories(units)
    created += _settings()
    streets, made = _streets()
    created += made
    created += _reports(categories, streets, people)
    return created


STATUS_MIX = (
    [Status.CONFIRMED] * 3
    + [Status.IN_PROGRESS] * 2
    + [Status.SCHEDULED]
    + [Status.FIXED] * 5
    + [Status.CLOSED, Status.NOT_RESPONSIBLE, Status.DUPLICATE]
)


def seed_reports(count: int, *, batch_size: int = 5000, seed: int = 311) -> int:
    """Bulk-create ``count`` public reports spread over three years and the town's
    categories and area (the benchmark's million). Needs at least one category."""
    categories = list(DefectCategory.objects.values_list("pk", "unit_id"))
    if not categories:
        raise ValueError("Create the defect categories first (load_demo).")
    found = DefectSettings.objects.first()
    if found is not None and found.boundary:
        south, west, north, east = geo.boundary_box(found.boundary)
    else:
        south, west, north, east = 49.88, 8.53, 49.93, 8.63
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    now = timezone.now()
    span = 3 * 365 * 86400
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            first = next_number(size)
            rows = []
            for offset in range(size):
                category_id, unit_id = rng.choice(categories)
                status = rng.choice(STATUS_MIX)
                created_at = now - datetime.timedelta(seconds=rng.randrange(span))
                fixed_at = (
                    created_at + datetime.timedelta(hours=rng.randrange(2, 24 * 60))
                    if status == Status.FIXED
                    else None
                )
                rows.append(
                    DefectReport(
                        number=first + offset,
                        category_id=category_id,
                        unit_id=unit_id,
                        description="Testmeldung für die Lastmessung.",
                        latitude=Decimal(f"{rng.uniform(south, north):.6f}"),
                        longitude=Decimal(f"{rng.uniform(west, east):.6f}"),
                        status=status,
                        created_at=created_at,
                        confirmed_at=created_at,
                        updated_at=fixed_at or created_at,
                        fixed_at=fixed_at,
                    )
                )
            DefectReport.objects.bulk_create(rows, batch_size=batch_size)
        made += size
    return made
