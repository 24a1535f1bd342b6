"""The public catalogue: browse, search with typos, a service's page and its alternatives."""

from django.urls import reverse

from rathaus.core.notifications.models import Message
from rathaus.services.models import CallbackRequest, LifeSituation

from .factories import FormDefinitionFactory, ServiceFactory


def test_search_finds_a_service_despite_a_typo(client, parking):
    ServiceFactory(name="Hundesteuer", slug="hundesteuer")
    response = client.get(reverse("catalogue:index"), {"q": "bewohnerparkauswies"})
    body = response.content.decode()
    assert "Bewohnerparkausweis" in body
    assert "Hundesteuer" not in body


def test_unpublished_services_are_not_shown(client, parking):
    hidden = ServiceFactory(name="Geheimer Entwurf", is_published=False)
    assert "Geheimer Entwurf" not in client.get(reverse("catalogue:index")).content.decode()
    assert client.get(reverse("catalogue:service", args=[hidden.slug])).status_code == 404


def test_browse_by_life_situation(client, parking):
    situation = LifeSituation.objects.create(slug="auto", title="Auto und Verkehr")
    parking.life_situations.add(situation)
    page = client.get(reverse("catalogue:situation", args=["auto"]))
    assert "Bewohnerparkausweis" in page.content.decode()


def test_service_page_shows_what_a_person_needs_and_the_ways_to_apply(client, parking):
    parking.required_documents = "Fahrzeugschein\nMietvertrag"
    parking.easy_language = "Sie wohnen in einer Park-Zone."
    parking.offers_callback = True
    parking.save()
    body = client.get(reverse("catalogue:service", args=[parking.slug])).content.decode()
    assert "Mietvertrag" in body
    assert "Sie wohnen in einer Park-Zone." in body
    assert reverse("applications:start", args=[parking.slug]) in body
    assert reverse("catalogue:paper_form", args=[parking.slug]) in body
    assert reverse("catalogue:callback", args=[parking.slug]) in body


def test_the_paper_form_is_a_pdf_made_from_the_form(client, parking):
    response = client.get(reverse("catalogue:paper_form", args=[parking.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Amtliches Kennzeichen" in text


def test_a_call_back_request_reaches_the_units_clerks(client, parking, clerk):
    parking.offers_callback = True
    parking.save()
    response = client.post(
        reverse("catalogue:callback", args=[parking.slug]),
        {"cb-name": "Petra Parker", "cb-phone": "06151 123456", "cb-preferred_time": "abends"},
    )
    assert response.status_code == 302
    assert CallbackRequest.objects.get().phone == "06151 123456"
    assert Message.objects.filter(recipient=clerk).exists()


def test_a_wrong_phone_number_keeps_the_input(client, parking):
    parking.offers_callback = True
    parking.save()
    response = client.post(
        reverse("catalogue:callback", args=[parking.slug]),
        {"cb-name": "Petra Parker", "cb-phone": "abc"},
    )
    assert response.status_code == 400
    assert 'value="Petra Parker"' in response.content.decode()


def test_a_service_without_published_form_offers_no_online_application(client):
    service = ServiceFactory()
    FormDefinitionFactory(service=service, published_at=None)
    body = client.get(reverse("catalogue:service", args=[service.slug])).content.decode()
    assert reverse("applications:start", args=[service.slug]) not in body


def test_the_paper_form_writes_conditions_as_instructions(english):
    from rathaus.services.demo_forms import PARKING_PERMIT
    from rathaus.services.formdefs.paper import paper_pages

    definition = {**PARKING_PERMIT, "pages": [dict(page) for page in PARKING_PERMIT["pages"]]}
    definition["pages"][2]["show_if"] = {"field": "zone", "in": ["A", "B"]}
    pages = paper_pages(definition)
    fields = {f["id"]: f for g in pages[1]["groups"] for f in g["fields"]}
    assert fields["nutzungserlaubnis"]["condition"] == (
        "Only if “Wer ist Halter des Fahrzeugs?” is one of: "
        "“Mein Arbeitgeber (Firmenwagen)”, “Eine andere Person”"
    )
    assert pages[2]["condition"] == (
        "Only if “Bewohnerparkzone” is one of: “Zone A – Altstadt”, “Zone B – Bahnhofsviertel”"
    )
