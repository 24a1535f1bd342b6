"""The demo town's petitions: Weiterstadt's addressees (council, Magistrat, mayor,
committees, offices), e-files for the Ordnungsamt and the Bauamt, and three petitions of
the demo citizen in different states, one of them answered."""

import uuid

from django.db import transaction
from django.utils import timezone

from rathaus.core.registries import register_demo_data

from .models import Addressee, Petition

CITIZEN = "erika.mustermann@example.org"
CLERK_32 = "murat.yildiz@weiterstadt.example"
CLERK_60 = "lena.hoffmann@weiterstadt.example"

# (name, kind, unit code, description, e-file: (plan entry code, clerk) or None)
ADDRESSEES = [
    (
        "Stadtverordnetenversammlung",
        Addressee.Kind.COUNCIL,
        "10",
        "Das gewählte Stadtparlament: Satzungen, Haushalt, grundsätzliche Entscheidungen.",
        None,
    ),
    (
        "Magistrat",
        Addressee.Kind.EXECUTIVE,
        "10",
        "Die Verwaltungsbehörde der Stadt; wenn Sie unsicher sind, wählen Sie den Magistrat.",
        None,
    ),
    ("Bürgermeister/in", Addressee.Kind.MAYOR, "10", "Leitung der Stadtverwaltung.", None),
    (
        "Haupt- und Finanzausschuss",
        Addressee.Kind.COMMITTEE,
        "20",
        "Ausschuss der Stadtverordnetenversammlung für Finanzen und Verwaltung.",
        None,
    ),
    (
        "Bau-, Umwelt- und Verkehrsausschuss",
        Addressee.Kind.COMMITTEE,
        "60",
        "Ausschuss der Stadtverordnetenversammlung für Planen, Bauen, Umwelt und Verkehr.",
        None,
    ),
    (
        "Ordnungsamt",
        Addressee.Kind.ADMINISTRATION,
        "32",
        "Parken, Lärm, Sondernutzungen, Gewerbe, Veranstaltungen.",
        ("32", CLERK_32),
    ),
    (
        "Bauamt",
        Addressee.Kind.ADMINISTRATION,
        "60",
        "Bauaufsicht, Bauleitplanung, Straßen, Wege und Verkehrsanlagen.",
        ("66.1", CLERK_60),
    ),
    (
        "Umwelt und Grünflächen",
        Addressee.Kind.ADMINISTRATION,
        "67",
        "Parks, Spielplätze, Bäume und Grünanlagen.",
        None,
    ),
]

# (fixed key, addressee, kind, subject, text, what happens next)
PETITIONS = [
    (
        uuid.UUID("6f1f4f0e-2d1a-4c59-9f59-6f3a1c0e0001"),
        "Bauamt",
        Petition.Kind.SUGGESTION,
        "Sichere Querung an der Grundschule Schlossgasse",
        "Morgens queren viele Kinder die Schlossgasse an der Grundschule ohne Zebrastreifen. "
        "Ich rege an, dort einen Fußgängerüberweg oder eine Querungshilfe einzurichten.",
        "answer",
    ),
    (
        uuid.UUID("6f1f4f0e-2d1a-4c59-9f59-6f3a1c0e0002"),
        "Ordnungsamt",
        Petition.Kind.COMPLAINT,
        "Zugeparkter Gehweg in der Darmstädter Straße",
        "Der Gehweg vor den Häusern 20 bis 30 ist abends regelmäßig zugeparkt, so dass man "
        "mit Kinderwagen oder Rollstuhl auf die Fahrbahn ausweichen muss.",
        "examine",
    ),
    (
        uuid.UUID("6f1f4f0e-2d1a-4c59-9f59-6f3a1c0e0003"),
        "Stadtverordnetenversammlung",
        Petition.Kind.PETITION,
        "Öffnungszeiten der Stadtbücherei am Samstag",
        "Ich bitte die Stadtverordnetenversammlung, die Stadtbücherei auch samstags vormittags "
        "zu öffnen, damit Berufstätige sie nutzen können.",
        "",
    ),
]


def _record_file(plan_code, clerk, unit):
    from rathaus.records.models import FilePlanEntry, RecordFile
    from rathaus.records.services.files import create_file

    title = f"Anregungen und Beschwerden {timezone.localdate().year}"
    existing = RecordFile.objects.filter(title=title, unit=unit).first()
    if existing is not None:
        return existing
    entry = FilePlanEntry.objects.filter(code=plan_code).first()
    if entry is None or clerk is None:
        return None
    return create_file(actor=clerk, data={"unit": unit, "plan_entry": entry, "title": title})


def _addressees(units, people) -> tuple[dict[str, Addressee], int]:
    found, created = {}, 0
    for position, (name, kind, code, description, efile) in enumerate(ADDRESSEES):
        addressee = Addressee.objects.filter(name=name).first()
        if addressee is None and code in units:
            record_file = None
            if efile is not None:
                plan_code, clerk_email = efile
                record_file = _record_file(plan_code, people.get(clerk_email), units[code])
            addressee = Addressee.objects.create(
                name=name,
                kind=kind,
                unit=units[code],
                description=description,
                record_file=record_file,
                position=position * 10,
            )
            created += 1
        if addressee is not None:
            found[name] = addressee
    return found, created


@register_demo_data(key="petitions", order=60)
def load(*, units, people) -> int:
    from .services.handling import answer_petition, start_examination
    from .services.submission import submit_petition

    with transaction.atomic():
        addressees, created = _addressees(units, people)
        citizen = people.get(CITIZEN)
        if citizen is None:
            return created
        for key, to, kind, subject, text, then in PETITIONS:
            if Petition.objects.filter(idempotency_key=key).exists() or to not in addressees:
                continue
            petition = submit_petition(
                submitter=citizen,
                addressee=addressees[to],
                kind=kind,
                subject=subject,
                text=text,
                consent=True,
                idempotency_key=key,
            )
            created += 1
            clerk = people.get(CLERK_60 if to == "Bauamt" else CLERK_32)
            if then == "examine" and clerk is not None:
                start_examination(actor=clerk, petition=petition)
            elif then == "answer" and clerk is not None:
                start_examination(actor=clerk, petition=petition)
                answer_petition(
                    actor=clerk,
                    petition=petition,
                    answer=(
                        "vielen Dank für Ihre Anregung. Wir haben die Situation an der "
                        "Grundschule mit der Polizei und der Schulleitung vor Ort geprüft.\n\n"
                        "Ein Fußgängerüberweg ist dort nach den Richtlinien für die Anlage "
                        "und Ausstattung von Fußgängerüberwegen wegen der geringen Zahl "
                        "querender Fahrzeuge nicht zulässig. Wir werden stattdessen im "
                        "kommenden Frühjahr eine Mittelinsel als Querungshilfe bauen und "
                        "bis dahin zu Schulbeginn Schülerlotsen einsetzen."
                    ),
                )
    return created
