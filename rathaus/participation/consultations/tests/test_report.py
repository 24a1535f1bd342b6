"""The consultation report for the council: comments per section, names only where
shown, hidden comments left out and counted; as HTML, PDF and CSV."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.participation.engagement import services as engagement
from rathaus.participation.engagement.models import Comment


@pytest.fixture
def commented(sections, citizen):
    first, second, third = sections
    shy = UserFactory(given_name="Sabine", family_name="Verborgen", email="sabine@example.org")
    engagement.add_comment(
        author=citizen, target=second, text="Bitte Lastenräder erlauben.", show_name=True
    )
    engagement.add_comment(author=shy, target=second, text="Roller auch.", show_name=False)
    rude = engagement.add_comment(author=shy, target=third, text="Beleidigung XYZ")
    Comment.objects.filter(pk=rude.pk).update(is_hidden=True)
    return sections


def report_url(name, draft):
    return reverse(f"consultations_staff:{name}", args=[draft.process.slug, draft.pk])


def test_the_report_page_lists_comments_per_section(manager_client, commented):
    draft = commented[0].draft
    page = manager_client.get(report_url("report", draft)).content.decode()
    assert "2 comments in total." in page
    assert "1 comment was hidden by the moderators and is not included." in page
    assert page.index("§ 1 Geltungsbereich") < page.index("Bitte Lastenräder")
    assert page.index("§ 2 Gemeingebrauch") < page.index("Bitte Lastenräder")
    assert "Erika Mustermann" in page
    assert "Roller auch." in page and "Verborgen" not in page and "Sabine" not in page
    assert "Beleidigung XYZ" not in page
    assert "sabine@example.org" not in page


def test_the_pdf_report_has_the_section_headings(manager_client, commented):
    response = manager_client.get(report_url("report_pdf", commented[0].draft))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for heading in ("Geltungsbereich", "Gemeingebrauch", "Ruhezeiten"):
        assert heading in text
    assert "Bitte Lastenräder erlauben." in text
    assert "Verborgen" not in text and "Beleidigung" not in text


def test_the_csv_report_has_no_hidden_comments_or_unshown_names(manager_client, commented):
    response = manager_client.get(report_url("report_csv", commented[0].draft))
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Section;Date;Name (if shown);Comment"
    assert len(lines) == 3
    assert "Erika Mustermann;Bitte Lastenräder erlauben." in text
    assert ";;Roller auch." in text
    assert "Beleidigung" not in text and "Verborgen" not in text and "@" not in text


def test_a_citizen_cannot_open_the_report(client, citizen, commented):
    client.force_login(citizen)
    response = client.get(report_url("report", commented[0].draft))
    assert response.status_code in (302, 404)
    assert "Bitte Lastenräder" not in response.content.decode()
