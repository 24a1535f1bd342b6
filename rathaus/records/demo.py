"""The demo town's e-file: a file plan, files with procedures, notes and documents, a
co-signing route waiting for the Bauamt's lead, and a closed file due for disposal."""

import datetime

from django.utils import timezone

from rathaus.core.registries import register_demo_data

from .models import FilePlanEntry

# (code, title, retention in years or None for unlimited, disposal decision)
FILE_PLAN = [
    ("0", "Allgemeine Verwaltung", None, "B"),
    ("00", "Gemeindeverfassung und Ortsrecht", None, "A"),
    ("00.1", "Satzungen und Verordnungen", None, "A"),
    ("02", "Organisation", 10, "B"),
    ("02.1", "Verwaltungsgliederung und Geschäftsverteilung", 10, "B"),
    ("02.2", "Informationstechnik und E-Government", 10, "B"),
    ("03", "Sitzungsdienst", None, "A"),
    ("03.1", "Niederschriften der Stadtverordnetenversammlung", None, "A"),
    ("3", "Öffentliche Sicherheit und Ordnung", 10, "B"),
    ("32", "Ordnungsangelegenheiten", 10, "B"),
    ("32.1", "Gewerbeangelegenheiten", 10, "B"),
    ("32.2", "Veranstaltungen und Sondernutzungen", 5, "V"),
    ("6", "Bauwesen", 30, "B"),
    ("63", "Bauordnung", 30, "B"),
    ("63.1", "Baugenehmigungen", 30, "B"),
    ("63.2", "Bauvoranfragen", 10, "V"),
    ("66", "Straßen und Wege", 30, "B"),
    ("66.1", "Straßenbau und Unterhaltung", 30, "A"),
]


def load_file_plan() -> tuple[dict[str, FilePlanEntry], int]:
    entries: dict[str, FilePlanEntry] = {}
    created = 0
    for code, title, retention, disposal in FILE_PLAN:
        parent_code = code.rsplit(".", 1)[0] if "." in code else code[:-1]
        entry, made = FilePlanEntry.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "retention_years": retention,
                "disposal": disposal,
                "parent": entries.get(parent_code),
            },
        )
        entries[code] = entry
        created += made
    return entries, created


LINDENWEG = "Bauantrag Neubau Einfamilienhaus, Lindenweg 12"
MARKET = "Weihnachtsmarkt 2026 auf dem Marktplatz"
OLD_REQUEST = "Bauvoranfrage Gartenstraße 3"
CLERK_60 = "lena.hoffmann@weiterstadt.example"
CLERK_32 = "murat.yildiz@weiterstadt.example"
LEAD_60 = "thomas.becker@weiterstadt.example"

APPLICATION_TEXT = """Antrag auf Baugenehmigung

Bauherrin: Familie Sommer, Lindenweg 10, 64331 Weiterstadt
Vorhaben: Neubau eines Einfamilienhauses mit Garage, Lindenweg 12, Flur 3, Flurstück 112/4

Beigefügt sind Lageplan, Bauzeichnungen, Baubeschreibung und Standsicherheitsnachweis.
"""


def _text_upload(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def load_building_application(plan, units, people) -> int:
    from .models import RecordFile
    from .services.documents import create_letter, upload_document
    from .services.files import create_file
    from .services.procedures import add_note, create_procedure
    from .services.routes import StepData, start_route

    if RecordFile.objects.filter(title=LINDENWEG).exists():
        return 0
    clerk = people[CLERK_60]
    file = create_file(
        actor=clerk,
        data={
            "unit": units["60"],
            "plan_entry": plan["63.1"],
            "title": LINDENWEG,
            "description": "Einfamilienhaus mit Garage, Flur 3, Flurstück 112/4",
            "has_personal_data": True,
        },
    )
    review = create_procedure(actor=clerk, file=file, data={"title": "Prüfung der Bauvorlagen"})
    upload_document(
        actor=clerk,
        procedure=review,
        title="Bauantrag der Familie Sommer",
        kind="incoming",
        uploaded_file=_text_upload("bauantrag-sommer.txt", APPLICATION_TEXT),
        received_on=file.opened_on,
        has_personal_data=True,
    )
    add_note(
        actor=clerk,
        procedure=review,
        text="Bauvorlagen vollständig. Stellungnahme des Tiefbaus zur Zufahrt angefordert.",
    )
    letter = create_letter(
        actor=clerk,
        procedure=review,
        template="letter",
        title="Eingangsbestätigung an Familie Sommer",
        recipient="Familie Sommer\nLindenweg 10\n64331 Weiterstadt",
        subject="Ihr Bauantrag für das Grundstück Lindenweg 12",
        body=(
            "Sehr geehrte Familie Sommer,\n\nIhr Bauantrag ist vollständig bei uns "
            "eingegangen. Wir prüfen ihn und melden uns, sobald die Stellungnahmen vorliegen."
            "\n\nMit freundlichen Grüßen"
        ),
        has_personal_data=True,
    )
    start_route(
        actor=clerk,
        procedure=review,
        document=letter,
        subject="Mitzeichnung der Eingangsbestätigung",
        instructions="Bitte vor dem Versand mitzeichnen.",
        steps=[
            StepData(
                position=1,
                kind="cosign",
                user=people[LEAD_60],
                due_on=timezone.localdate() + datetime.timedelta(days=3),
            )
        ],
    )
    return 6


def load_market(plan, units, people) -> int:
    from .models import RecordFile
    from .services.files import create_file
    from .services.procedures import add_note, create_procedure

    if RecordFile.objects.filter(title=MARKET).exists():
        return 0
    clerk = people[CLERK_32]
    file = create_file(
        actor=clerk,
        data={"unit": units["32"], "plan_entry": plan["32.2"], "title": MARKET},
    )
    permit = create_procedure(
        actor=clerk, file=file, data={"title": "Sondernutzungserlaubnis Marktplatz"}
    )
    add_note(actor=clerk, procedure=permit, text="Standplan mit dem Gewerbeverein abgestimmt.")
    return 3


def load_file_due_for_disposal(plan, units, people) -> int:
    """A request closed in 2014: its ten years ran out at the end of 2024."""
    from .models import Procedure, RecordFile
    from .services.references import next_reference

    if RecordFile.objects.filter(title=OLD_REQUEST).exists():
        return 0
    entry = plan["63.2"]
    number, reference = next_reference(unit=units["60"], plan_entry=entry, year=2014)
    file = RecordFile.objects.create(
        plan_entry=entry,
        unit=units["60"],
        reference=reference,
        year=2014,
        number=number,
        title=OLD_REQUEST,
        state=RecordFile.State.CLOSED,
        opened_on=datetime.date(2014, 3, 3),
        closed_on=datetime.date(2014, 6, 30),
        retention_ends_on=datetime.date(2024, 12, 31),
        created_by=people[CLERK_60],
    )
    Procedure.objects.create(
        file=file,
        number=1,
        title="Anfrage zur Bebaubarkeit",
        state=Procedure.State.DONE,
        assigned_unit=units["60"],
        created_by=people[CLERK_60],
    )
    return 2


@register_demo_data(key="records", order=10)
def load(*, units, people) -> int:
    plan, created = load_file_plan()
    for part in (load_building_application, load_market, load_file_due_for_disposal):
        created += part(plan, units, people)
    return created
