"""Key figures of the e-Government programme in a real browser (German, as staff see it).

The e-Government officer defines a manual key figure, "documents filed without paper", sets
this year's target, and enters the current month's value with its evidence and a scanned
count as a file. The figure's page shows the value as a line chart with the target and as a
table with the same numbers and who recorded it; the list of figures shows it against its
target. A colleague opens the evidence. Every page passes axe-core (see conftest.py).
"""

import re

import pytest
from django.utils import timezone
from helpers import sign_in, staff_member

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.programme.models import KeyFigure, KeyFigureValue

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
FIGURES = "/staff/programm/kennzahlen/"


def test_the_officer_defines_a_manual_figure_and_records_a_value_with_evidence(page, visit):
    officer = staff_member(
        "sabine.krueger@weiterstadt.example", "Sabine", "Krüger", (Role.EGOV_OFFICER, None)
    )
    colleague = staff_member(
        "lena.hoffmann@weiterstadt.example", "Lena", "Hoffmann", (Role.CLERK, UnitFactory())
    )
    today = timezone.localdate()
    main = page.locator("main")

    sign_in(page, visit, officer, FIGURES)
    main.locator(f"a[href='{FIGURES}neu/']").click()
    page.wait_for_url(re.compile(r"/kennzahlen/neu/$"))
    page.fill("input[name=title]", "Papierlos abgelegte Dokumente")
    page.fill(
        "textarea[name=description]",
        "Eingänge, die nur elektronisch in der E-Akte abgelegt werden, als Anteil aller.",
    )
    page.check("input[name=source][value=manual]")
    page.fill("input[name=unit]", "%")
    page.check("input[name=direction][value=up]")
    main.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/kennzahlen/papierlos-abgelegte-dokumente/$"))
    figure = KeyFigure.objects.get()
    assert figure.source == KeyFigure.Source.MANUAL

    # This year's target.
    target_form = main.locator("form[action$='/ziel/']")
    assert target_form.locator("input[name='target-year']").input_value() == str(today.year)
    target_form.locator("input[name='target-value']").fill("60")
    target_form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"\?jahr={today.year}$"))

    # A value of this month that is not a number is refused, and what was typed stays.
    value_form = main.locator("form[action$='/wert/']")
    value_form.locator("input[name='entry-month_0']").fill(str(today.month))
    value_form.locator("input[name='entry-month_1']").fill(str(today.year))
    value_form.locator("input[name='entry-value']").fill("viel")
    value_form.locator("textarea[name='entry-evidence']").fill(
        "Posteingangsstatistik der Poststelle, Auszug vom Monatsende."
    )
    value_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fehler:")
    assert main.locator(".kern-error, [id$='_error']").count() > 0
    assert value_form.locator("input[name='entry-value']").input_value() == "viel"
    assert not KeyFigureValue.objects.exists()

    # Then with a number in German notation, and the scanned count as evidence.
    value_form.locator("input[name='entry-value']").fill("37,5")
    value_form.locator("input[name='entry-evidence_file']").set_input_files(
        files=[{"name": "Posteingang.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    value_form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"\?jahr={today.year}$"))
    entry = KeyFigureValue.objects.get()
    assert str(entry.value) == "37.50" and entry.evidence_file is not None

    # The chart and the table show the same value; the table says who recorded it.
    chart = main.locator("svg[role=img]")
    assert "Papierlos abgelegte Dokumente" in chart.locator("title").text_content()
    description = chart.locator("desc").text_content()
    assert "37,5 %" in description and "60 %" in description
    month_name = re.compile(re.escape(f"{today.year}"))
    row = main.locator("table tr", has=page.locator("th", has_text=month_name)).filter(
        has_text="37,5 %"
    )
    assert row.count() == 1
    row_text = row.inner_text()
    assert "Posteingangsstatistik der Poststelle" in row_text
    assert "Sabine Krüger" in row_text and "Posteingang.pdf" in row_text

    # The list shows the figure against its target.
    visit(FIGURES)
    listed = main.locator("tr", has_text="Papierlos abgelegte Dokumente").inner_text()
    assert "37,5 %" in listed and "60 %" in listed

    # A colleague reads the figure and opens the evidence.
    sign_in(page, visit, colleague, f"{FIGURES}papierlos-abgelegte-dokumente/")
    assert main.locator("form[action$='/wert/']").count() == 0
    with page.expect_download() as download:
        main.get_by_role("link", name=re.compile("Posteingang.pdf")).click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PDF

    # The officer deletes the figure: the confirmation says what goes with it.
    sign_in(page, visit, officer, f"{FIGURES}papierlos-abgelegte-dokumente/")
    main.locator(f"a[href='{FIGURES}papierlos-abgelegte-dokumente/loeschen/']").click()
    page.wait_for_url(re.compile(r"/loeschen/$"))
    assert "1 erfasster Monatswert" in main.inner_text()
    main.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{FIGURES}$"))
    assert not KeyFigure.objects.exists() and not KeyFigureValue.objects.exists()
