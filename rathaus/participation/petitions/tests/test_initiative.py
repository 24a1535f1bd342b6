"""The citizens' initiative page (§ 8b HGO) and its paper signature list."""

import io

from pypdf import PdfReader


def test_the_page_explains_the_requirements_and_that_signing_is_on_paper(client):
    page = client.get("/eingaben/buergerbegehren/").content.decode()
    assert "§ 8b" in page
    assert "no online signing" in page
    assert "“yes” or “no”" in page
    assert "Kostendeckungsvorschlag" in page
    assert "Vertrauenspersonen" in page
    assert "eight weeks" in page
    assert "the budget (Haushaltssatzung)" in page
    assert "/eingaben/buergerbegehren/unterschriftenliste.pdf" in page


def test_the_signature_list_is_an_a4_landscape_pdf_with_the_columns(client):
    response = client.get("/eingaben/buergerbegehren/unterschriftenliste.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height
    assert abs(width - 841.89) < 2 and abs(height - 595.28) < 2
    text = " ".join(page.extract_text().split())
    for column in (
        "Nr.",
        "Familienname",
        "Vorname",
        "Geburtsdatum",
        "Anschrift (Straße, Hausnummer, PLZ, Ort)",
        "Datum",
        "Unterschrift",
    ):
        assert column in text, column
    assert "Stadt Weiterstadt" in text
    assert "Fragestellung" in text
    assert "Kostendeckungsvorschlag" in text
    assert "Vertrauenspersonen" in text
    assert "Datenschutz" in text
