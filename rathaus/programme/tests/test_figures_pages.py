"""The key-figure pages: every member of staff reads the figures, their targets and monthly
values (chart and table); the e-Government officer defines figures, sets targets and
enters the values of manual figures with evidence."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.staff.tests.conftest import sign_in_verified

from ..models import KeyFigure, KeyFigureTarget, KeyFigureValue
from .factories import (
    FAKE_KEY,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    KeyFigureValueFactory,
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


pytestmark = pytest.mark.usefixtures("in_may_2026")


def _page(figure, year=None):
    url = reverse("programme:figure", args=[figure.slug])
    return f"{url}?jahr={year}" if year else url


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _value_post(**fields):
    data = {
        "entry-month_0": "4",
        "entry-month_1": "2026",
        "entry-value": "37.5",
        "entry-evidence": "Zählung der Poststelle, Stichtag 30.04.2026.",
    }
    data.update({f"entry-{name}": value for name, value in fields.items()})
    return data


# --- Reading --------------------------------------------------------------------------------


def test_staff_see_each_figure_with_value_target_direction_and_verdict(colleague_client, fake_kpi):
    paper = KeyFigureFactory(title="Papierlos abgelegte Dokumente", unit="%")
    KeyFigureValueFactory(figure=paper, month=datetime.date(2026, 3, 1), value=Decimal("64"))
    KeyFigureTargetFactory(figure=paper, year=2026, value=Decimal("60"))
    days = KeyFigureFactory(
        computed=True, title="Bearbeitungszeit", unit="days", direction=KeyFigure.Direction.DOWN
    )
    KeyFigureTargetFactory(figure=days, year=2026, value=Decimal("14"))
    fake_kpi.default = 18

    response = colleague_client.get(reverse("programme:figures"))

    assert response.status_code == 200
    page = _text(response)
    assert re.search(
        r"Papierlos abgelegte Dokumente</a></th> <td[^>]*>Entered with evidence</td> "
        r"<td[^>]*>64 %</td> <td[^>]*>60 %</td> <td[^>]*>Higher is better</td> "
        r"<td[^>]*><span[^>]*><span[^>]*>Target met</span>",
        page,
    )
    assert re.search(
        r"Bearbeitungszeit</a></th> <td[^>]*>Testkennzahl \(e-Government programme\)</td> "
        r"<td[^>]*>18 days</td> <td[^>]*>14 days</td> <td[^>]*>Lower is better</td> "
        r"<td[^>]*><span[^>]*><span[^>]*>Target not met</span>",
        page,
    )
    assert "Define a key figure" not in page


def test_the_list_of_a_past_year_shows_that_years_values(colleague_client):
    figure = KeyFigureFactory(title="Papierlos")
    KeyFigureValueFactory(figure=figure, month=datetime.date(2025, 11, 1), value=Decimal("41"))
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 2, 1), value=Decimal("52"))

    page = _text(colleague_client.get(reverse("programme:figures") + "?jahr=2025"))

    assert ">41 %<" in page and ">52 %<" not in page
    assert "Key figures 2025" in page


def test_the_list_needs_the_same_queries_for_more_figures(
    colleague_client, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            figure = KeyFigureFactory()
            KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 1, 1))
            KeyFigureTargetFactory(figure=figure, year=2026)

    add(2)
    url = reverse("programme:figures")
    colleague_client.get(url)
    with CaptureQueriesContext(connection) as few:
        colleague_client.get(url)
    add(4)
    with django_assert_num_queries(len(few)):
        colleague_client.get(url)


def test_a_year_that_is_not_offered_shows_this_year(colleague_client):
    page = _text(colleague_client.get(reverse("programme:figures") + "?jahr=1800"))

    assert "Key figures 2026" in page
    assert '<option value="2026" selected>2026</option>' in page


def test_a_figures_page_shows_chart_and_a_table_of_the_same_numbers(colleague_client):
    figure = KeyFigureFactory(title="Papierlos", unit="%")
    for month, value in ((1, "51"), (2, "53.5"), (4, "58")):
        KeyFigureValueFactory(
            figure=figure, month=datetime.date(2026, month, 1), value=Decimal(value)
        )
    KeyFigureTargetFactory(figure=figure, year=2026, value=Decimal("60"))

    page = _text(colleague_client.get(_page(figure)))

    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", page).group(0)
    assert re.search(r"<title id=\"[^\"]+\">Papierlos: monthly values 2026</title>", svg)
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
    assert desc.startswith("Jan: 51 %; Feb: 53.5 %; Mar: no value; Apr: 58 %; May: no value")
    assert desc.endswith("Target: 60 %.")
    table = page[page.index("<table") :]
    cells = re.findall(r"<th scope=\"row\"[^>]*>([^<]+)</th> <td[^>]*>([^<]+)</td>", table)
    values = {month: value for month, value in cells if value not in ("no value", "not yet")}
    assert values == {"January 2026": "51 %", "February 2026": "53.5 %", "April 2026": "58 %"}
    assert "Target not met" in table
    assert ">not yet<" in table  # months still ahead


def test_a_computed_figures_running_month_is_live_and_marked_provisional(
    colleague_client, fake_kpi
):
    figure = KeyFigureFactory(computed=True, unit="%")
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 4, 1), value=Decimal("40"))
    fake_kpi.values[(datetime.date(2026, 5, 1), datetime.date(2026, 5, 17))] = 47.25

    page = _text(colleague_client.get(_page(figure)))

    assert (
        'May 2026</th> <td class="kern-table__cell kern-table__cell--numeric">47.25 % (provisional)'
        in page
    )
    assert "is provisional" in page
    assert "Record a month" not in page


def test_people_outside_the_staff_do_not_see_figures(client):
    figure = KeyFigureFactory()
    citizen = UserFactory()
    client.force_login(citizen)

    assert client.get(reverse("programme:figures")).status_code == 404
    assert client.get(_page(figure)).status_code == 404


# --- Defining figures -----------------------------------------------------------------------


def test_the_officer_defines_a_manual_figure(officer_client, officer):
    response = officer_client.post(
        reverse("programme:figure_new"),
        {
            "title": "Papierlos abgelegte Dokumente",
            "description": "Anteil der Eingänge, die nur elektronisch abgelegt werden.",
            "source": "manual",
            "registry_key": "",
            "unit": "%",
            "direction": "up",
            "position": "3",
        },
    )

    figure = KeyFigure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(figure)
    assert (figure.slug, figure.source, figure.registry_key, figure.position) == (
        "papierlos-abgelegte-dokumente",
        "manual",
        "",
        3,
    )
    assert AuditEntry.objects.filter(
        summary="key figure defined", actor_id=str(officer.pk)
    ).exists()


def test_a_computed_figure_is_chosen_from_the_registry_by_label_and_app(officer_client, fake_kpi):
    form = _text(officer_client.get(reverse("programme:figure_new")))
    assert f'<option value="{FAKE_KEY}">Testkennzahl (e-Government programme)</option>' in form
    assert "Anteil verausgabter Programmmittel (e-Government programme)" in form
    assert '<optgroup label="e-Government programme">' in form  # grouped by app

    officer_client.post(
        reverse("programme:figure_new"),
        {
            "title": "Test",
            "source": "computed",
            "registry_key": FAKE_KEY,
            "unit": "",
            "direction": "up",
            "position": "0",
        },
    )

    figure = KeyFigure.objects.get()
    assert (figure.registry_key, figure.unit) == (FAKE_KEY, "%")  # the registry's unit


def test_a_computed_figure_without_a_registered_key_is_refused(officer_client):
    response = officer_client.post(
        reverse("programme:figure_new"),
        {
            "title": "Test",
            "source": "computed",
            "registry_key": "",
            "unit": "%",
            "direction": "up",
            "position": "0",
        },
    )

    assert response.status_code == 400
    page = _text(response)
    assert "Choose the key figure of the platform it is computed from." in page
    assert 'value="Test"' in page
    assert not KeyFigure.objects.exists()


def test_the_officer_changes_a_figure_and_its_address_stays(officer_client):
    figure = KeyFigureFactory(slug="papier", title="Papier")

    response = officer_client.post(
        reverse("programme:figure_edit", args=[figure.slug]),
        {
            "title": "Papierlos",
            "source": "manual",
            "unit": "Dokumente",
            "direction": "down",
            "position": "1",
            "description": "",
        },
    )

    figure.refresh_from_db()
    assert response.status_code == 302
    assert (figure.slug, figure.title, figure.unit, figure.direction) == (
        "papier",
        "Papierlos",
        "Dokumente",
        "down",
    )
    assert AuditEntry.objects.filter(summary="key figure changed").exists()


def test_a_clerk_may_not_define_or_change_figures(colleague_client):
    figure = KeyFigureFactory()

    assert colleague_client.get(reverse("programme:figure_new")).status_code == 404
    assert (
        colleague_client.get(reverse("programme:figure_edit", args=[figure.slug])).status_code
        == 404
    )
    target = colleague_client.post(
        reverse("programme:figure_target", args=[figure.slug]),
        {"target-year": "2026", "target-value": "10"},
    )
    value = colleague_client.post(
        reverse("programme:figure_value", args=[figure.slug]), _value_post()
    )
    assert (target.status_code, value.status_code) == (404, 404)
    assert not KeyFigureTarget.objects.exists() and not KeyFigureValue.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()


# --- Targets --------------------------------------------------------------------------------


def test_the_officer_sets_changes_and_removes_a_target(officer_client):
    figure = KeyFigureFactory(unit="%")
    url = reverse("programme:figure_target", args=[figure.slug])

    officer_client.post(url, {"target-year": "2026", "target-value": "55"})
    officer_client.post(url, {"target-year": "2026", "target-value": "57.5"})
    officer_client.post(url, {"target-year": "2027", "target-value": "65"})
    assert dict(KeyFigureTarget.objects.values_list("year", "value")) == {
        2026: Decimal("57.5"),
        2027: Decimal("65"),
    }
    page = _text(officer_client.get(_page(figure)))
    assert '2027</th><td class="kern-table__cell kern-table__cell--numeric">65 %' in page

    officer_client.post(url, {"target-year": "2027", "target-value": ""})
    assert list(KeyFigureTarget.objects.values_list("year", flat=True)) == [2026]


def test_a_target_that_is_not_a_number_is_refused_and_kept(officer_client):
    figure = KeyFigureFactory()

    response = officer_client.post(
        reverse("programme:figure_target", args=[figure.slug]),
        {"target-year": "2026", "target-value": "viel"},
    )

    assert response.status_code == 400
    page = _text(response)
    assert "Enter a number, e.g. 12.5." in page and 'value="viel"' in page
    assert not KeyFigureTarget.objects.exists()


# --- Manual values --------------------------------------------------------------------------


def test_the_officer_records_a_value_with_evidence_and_file(officer_client, colleague):
    figure = KeyFigureFactory(unit="%")
    upload = SimpleUploadedFile("Zaehlung-April.pdf", PDF, content_type="application/pdf")

    response = officer_client.post(
        reverse("programme:figure_value", args=[figure.slug]),
        _value_post(evidence_file=upload),
    )

    assert response.status_code == 302
    entry = KeyFigureValue.objects.get()
    assert (entry.month, entry.value) == (datetime.date(2026, 4, 1), Decimal("37.5"))
    page = _text(officer_client.get(response["Location"]))
    assert "The value of April 2026 is recorded." in page
    row = re.search(r"April 2026</th>(.*?)</tr>", page).group(1)
    assert "37.5 %" in row
    assert "Zählung der Poststelle, Stichtag 30.04.2026." in row
    assert "Evidence file: Zaehlung-April.pdf" in row
    assert "Sabine Krüger" in row
    assert AuditEntry.objects.filter(summary="key figure value recorded").exists()

    # Every member of staff may open the evidence.
    officer_client.logout()
    sign_in_verified(officer_client, colleague)
    download = officer_client.get(
        reverse("programme:figure_evidence", args=[entry.evidence_file_id])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_entering_a_month_again_replaces_its_value_and_keeps_the_file(officer_client):
    figure = KeyFigureFactory()
    url = reverse("programme:figure_value", args=[figure.slug])
    upload = SimpleUploadedFile("beleg.pdf", PDF, content_type="application/pdf")
    officer_client.post(url, _value_post(evidence_file=upload))

    officer_client.post(url, _value_post(value="38,5".replace(",", "."), evidence="Korrigiert."))

    entry = KeyFigureValue.objects.get()
    assert (entry.value, entry.evidence) == (Decimal("38.5"), "Korrigiert.")
    assert entry.evidence_file is not None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"month_0": "6"}, "Values can be recorded for the current month or earlier months only."),
        ({"value": "zwölf"}, "Enter a number, e.g. 12.5."),
        ({"value": ""}, "Enter the value."),
        ({"evidence": "   "}, "Say where the value comes from."),
        ({"month_0": "13"}, "Enter a real month, for example 3 2026."),
        ({"month_1": ""}, "Enter the month and the year."),
    ],
)
def test_bad_values_are_refused_with_a_message_and_the_input_kept(officer_client, fields, message):
    figure = KeyFigureFactory()

    response = officer_client.post(
        reverse("programme:figure_value", args=[figure.slug]), _value_post(**fields)
    )

    assert response.status_code == 400
    page = _text(response)
    assert message in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page
    assert "Zählung der Poststelle" in page or "evidence" in fields
    assert not KeyFigureValue.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused(officer_client):
    figure = KeyFigureFactory()
    upload = SimpleUploadedFile("beleg.html", b"<html><script>x</script></html>")

    response = officer_client.post(
        reverse("programme:figure_value", args=[figure.slug]), _value_post(evidence_file=upload)
    )

    assert response.status_code == 400
    assert "This type of file is not accepted here." in _text(response)
    assert not KeyFigureValue.objects.exists()


def test_values_of_a_computed_figure_cannot_be_entered(officer_client, fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )

    response = officer_client.post(
        reverse("programme:figure_value", args=[figure.slug]), _value_post()
    )

    assert response.status_code == 404
    assert not KeyFigureValue.objects.exists()


def test_a_file_that_is_no_evidence_is_not_served(colleague_client, officer):
    from rathaus.core.uploads.services import store_upload

    stored = store_upload(
        uploaded_file=SimpleUploadedFile("x.pdf", PDF), kinds={"pdf"}, uploaded_by=officer
    )

    assert (
        colleague_client.get(reverse("programme:figure_evidence", args=[stored.pk])).status_code
        == 404
    )
