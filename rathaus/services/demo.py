"""The demo town's online services: resident parking permit, business registration and
bulky-waste collection, each with its form, fees, e-file and life situations, plus one
application waiting in the Ordnungsamt's queue."""

import copy
import uuid

from django.utils import timezone

from rathaus.core.registries import register_demo_data

from . import demo_forms
from .models import FormDefinition, LifeSituation, Service

CLERK_32 = "murat.yildiz@weiterstadt.example"
CITIZEN = "erika.mustermann@example.org"

SITUATIONS = [
    ("auto-und-verkehr", "Auto und Verkehr", "citizens"),
    ("umzug-und-wohnen", "Umzug und Wohnen", "citizens"),
    ("abfall-und-umwelt", "Abfall und Umwelt", "citizens"),
    ("unternehmen-gruenden", "Ein Unternehmen gründen", "businesses"),
]

SERVICES = [
    {
        "slug": "bewohnerparkausweis",
        "name": "Bewohnerparkausweis",
        "summary": "Mit dem Bewohnerparkausweis parken Sie in Ihrer Bewohnerparkzone ohne "
        "Parkschein.",
        "description": "Wer in einer Bewohnerparkzone mit Hauptwohnsitz gemeldet ist, kann "
        "für ein Fahrzeug einen Bewohnerparkausweis beantragen. Der Ausweis gilt nur in "
        "der angegebenen Zone und für das angegebene Kennzeichen.\n\nSie erhalten den "
        "Bescheid elektronisch; den Ausweis legen Sie gut sichtbar hinter die "
        "Windschutzscheibe.",
        "easy_language": "Sie wohnen in einer Park-Zone.\nDann können Sie einen Park-Ausweis "
        "bekommen.\nMit dem Ausweis dürfen Sie in Ihrer Zone parken.\nDer Ausweis kostet "
        "Geld.",
        "required_documents": "Zulassungsbescheinigung Teil I (Fahrzeugschein)\n"
        "Bei Firmen- oder fremden Fahrzeugen: Bestätigung des Halters",
        "fees": "30,70 € je Jahr",
        "legal_basis": "§ 45 Abs. 1b Nr. 2a StVO; Gebührenordnung für Maßnahmen im "
        "Straßenverkehr (GebOSt)",
        "processing_days": 5,
        "audience": "citizens",
        "maturity": 4,
        "offers_appointment": True,
        "offers_callback": True,
        "form": demo_forms.PARKING_PERMIT,
        "fee_rule": demo_forms.PARKING_PERMIT_FEES,
        "situations": ["auto-und-verkehr", "umzug-und-wohnen"],
        "plan": "32",
        "file": "Bewohnerparkausweise",
    },
    {
        "slug": "gewerbeanmeldung",
        "name": "Gewerbeanmeldung",
        "summary": "Melden Sie Ihr Gewerbe an, bevor Sie die Tätigkeit beginnen.",
        "description": "Wer ein stehendes Gewerbe beginnt, muss es bei der Gemeinde "
        "anzeigen. Die Anmeldung geht nach der Prüfung an das Finanzamt, die Industrie- und "
        "Handelskammer oder Handwerkskammer und weitere Stellen.",
        "required_documents": "Bei juristischen Personen: Auszug aus dem Handelsregister\n"
        "Bei erlaubnispflichtigen Tätigkeiten: die Erlaubnis",
        "fees": "26,00 €",
        "legal_basis": "§ 14 Gewerbeordnung (GewO)",
        "processing_days": 3,
        "audience": "businesses",
        "maturity": 3,
        "offers_appointment": True,
        "offers_callback": True,
        "form": demo_forms.BUSINESS_REGISTRATION,
        "fee_rule": demo_forms.BUSINESS_REGISTRATION_FEES,
        "situations": ["unternehmen-gruenden"],
        "plan": "32.1",
        "file": "Gewerbeanmeldungen",
    },
    {
        "slug": "sperrmuellabholung",
        "name": "Sperrmüllabholung",
        "summary": "Lassen Sie Möbel und andere große Gegenstände abholen; bis 3 m³ "
        "einmal im Jahr ohne Gebühr.",
        "description": "Sperrmüll sind Gegenstände aus dem Haushalt, die wegen ihrer Größe "
        "nicht in die Restmülltonne passen. Sie wählen einen Abholtermin; am Abholtag "
        "stellen Sie den Sperrmüll bis 6 Uhr an den Straßenrand.",
        "required_documents": "",
        "fees": "bis 3 m³ frei, jeder weitere m³ 10,00 €",
        "legal_basis": "Abfallsatzung der Stadt Weiterstadt",
        "processing_days": 2,
        "audience": "citizens",
        "maturity": 4,
        "without_account": True,
        "needs_appointment": True,
        "offers_callback": False,
        "form": demo_forms.BULKY_WASTE,
        "fee_rule": demo_forms.BULKY_WASTE_FEES,
        "situations": ["abfall-und-umwelt", "umzug-und-wohnen"],
        "plan": "32.2",
        "file": "Sperrmüllabholung",
    },
]


def _life_situations() -> tuple[dict, int]:
    found, created = {}, 0
    for position, (slug, title, audience) in enumerate(SITUATIONS):
        situation, made = LifeSituation.objects.get_or_create(
            slug=slug, defaults={"title": title, "audience": audience, "position": position}
        )
        found[slug] = situation
        created += made
    return found, created


def _record_file(spec, unit, clerk):
    from rathaus.records.models import FilePlanEntry, RecordFile
    from rathaus.records.services.files import create_file

    title = f"{spec['file']} {timezone.localdate().year}"
    existing = RecordFile.objects.filter(title=title, unit=unit).first()
    if existing is not None:
        return existing
    entry = FilePlanEntry.objects.filter(code=spec["plan"]).first()
    if entry is None:
        return None
    return create_file(actor=clerk, data={"unit": unit, "plan_entry": entry, "title": title})


def _service(spec, unit, clerk, situations) -> tuple[Service, int]:
    service = Service.objects.filter(slug=spec["slug"]).first()
    if service is not None:
        return service, 0
    fields = {
        key: value
        for key, value in spec.items()
        if key not in ("form", "situations", "plan", "file", "fee_rule")
    }
    service = Service.objects.create(
        **fields,
        unit=unit,
        record_file=_record_file(spec, unit, clerk),
        fee_rule=copy.deepcopy(spec["fee_rule"]),
        is_published=True,
        search_text=" ".join([spec["description"], spec.get("easy_language", "")]),
    )
    service.life_situations.set([situations[slug] for slug in spec["situations"]])
    FormDefinition.objects.create(
        service=service,
        number=1,
        definition=copy.deepcopy(spec["form"]),
        source="Demo (im Formular-Designer erstellt)",
        published_at=timezone.now(),
        created_by=clerk,
    )
    return service, 3


def _waiting_application(services, people) -> int:
    """Erika Mustermann's paid parking permit, waiting in the Ordnungsamt's queue."""
    from .models import Application
    from .services.applications import payment_received, start_application, submit_application

    citizen = people.get(CITIZEN)
    parking = services["bewohnerparkausweis"]
    if citizen is None or Application.objects.filter(applicant=citizen).exists():
        return 0
    application = start_application(service=parking, applicant=citizen)
    application.answers = {
        **application.answers,
        "vorname": "Erika",
        "familienname": "Mustermann",
        "anschrift": {"street": "Schlossgasse 7", "postcode": "64331", "city": "Weiterstadt"},
        "zone": "A",
        "kennzeichen": "DA-EM 1964",
        "halter": "selbst",
        "zulassung": _demo_scan(citizen),
        "laufzeit": "1",
        "wahrheit": True,
    }
    application.save()
    application = submit_application(
        application=application, actor=citizen, idempotency_key=uuid.uuid4()
    )
    payment_received(application=application)
    return 1


def _demo_scan(citizen) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rathaus.core.uploads.services import store_upload

    text = "Zulassungsbescheinigung Teil I\nKennzeichen: DA-EM 1964\nHalterin: Erika Mustermann\n"
    from rathaus.records.letters import render_html_pdf

    pdf = render_html_pdf(f"<html lang='de'><body><pre>{text}</pre></body></html>")
    upload = SimpleUploadedFile("fahrzeugschein.pdf", pdf, content_type="application/pdf")
    return str(store_upload(uploaded_file=upload, kinds={"pdf"}, uploaded_by=citizen).pk)


@register_demo_data(key="services", order=20)
def load(*, units, people) -> int:
    clerk = people[CLERK_32]
    situations, created = _life_situations()
    services = {}
    for spec in SERVICES:
        service, made = _service(spec, units["32"], clerk, situations)
        services[spec["slug"]] = service
        created += made
    created += _waiting_application(services, people)
    return created
