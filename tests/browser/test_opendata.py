"""The open-data portal in a real browser (German, as the town's people see it).

A data steward signs in, creates a dataset of population by district and uploads its table,
in which one district lacks its number. The check refuses the file and the report names the
row and column. She uploads the corrected file, which loads, and publishes. A visitor finds
the dataset through the theme facet, previews the table and its chart, sorts it by a column
and downloads it as CSV. A tour opens every other page of the portal once. Every page passes
axe-core (see conftest.py).
"""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.opendata.models import Dataset, Resource
from rathaus.opendata.tests.factories import DatasetFactory, ResourceFactory

pytestmark = pytest.mark.browser

PASSWORD = "Offene-Daten-Weiterstadt-7"
STEWARD = "dana.daten@weiterstadt.example"
WRONG = "\n".join(
    [
        "stadtteil,einwohner",
        "Kernstadt,12450",
        "Braunshardt,5120",
        "Gräfenhausen,7380",
        "Riedbahn",
        "Schneppenhausen,3050",
        "",
    ]
).encode()
RIGHT = WRONG.replace(b"Riedbahn\n", b"Riedbahn,2000\n")


@pytest.fixture
def steward():
    unit = UnitFactory(code="10.3", name="Statistik und Wahlen")
    user = StaffFactory(email=STEWARD, password=PASSWORD, given_name="Dana", family_name="Daten")
    RoleAssignmentFactory(user=user, role=Role.DATA_STEWARD, unit=None)
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user, unit


def sign_in(page, visit, user, path: str) -> None:
    visit(path)
    page.fill("input[name=username]", STEWARD)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))
    device = user.totpdevice_set.get()
    device.refresh_from_db()
    while int(time.time() - device.t0) // device.step <= device.last_t:
        time.sleep(1)
    page.fill("input[name=code]", str(totp(device.bin_key)).zfill(6))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))


def field(page, label: str):
    return page.locator("main").get_by_label(
        re.compile(rf"^\s*{re.escape(label)}(\s*\(optional\))?\s*$")
    )


def submit(page, text: str) -> None:
    page.locator("main").get_by_role("button", name=text).click()


def test_a_steward_publishes_a_checked_table_and_a_visitor_finds_and_previews_it(
    page, visit, steward, tmp_path
):
    user, unit = steward
    wrong, right = tmp_path / "einwohner.csv", tmp_path / "einwohner-korrigiert.csv"
    wrong.write_bytes(WRONG)
    right.write_bytes(RIGHT)

    # The steward creates the dataset.
    sign_in(page, visit, user, "/staff/daten/")
    page.get_by_role("link", name="Neuer Datensatz").click()
    field(page, "Titel").fill("Einwohner nach Stadtteilen")
    field(page, "Kurzname in Adressen").fill("einwohner-stadtteile")
    field(page, "Beschreibung").fill("Einwohnerinnen und Einwohner mit Hauptwohnsitz am 31.12.")
    field(page, "Veröffentlichende Stelle").select_option(value=str(unit.pk))
    page.locator("input[name=themes][value=SOCI]").check()
    field(page, "Schlagwörter").fill("Einwohner, Stadtteile")
    field(page, "Kontaktstelle").fill("Statistikstelle")
    field(page, "Kontakt-E-Mail-Adresse").fill("statistik@weiterstadt.example")
    submit(page, "Als Entwurf speichern")
    page.wait_for_url(re.compile(r"/staff/daten/datensatz/einwohner-stadtteile/$"))

    # She uploads the table. The check finds the missing number, names its row and column,
    # and loads nothing.
    page.get_by_role("link", name="Ressource hinzufügen").click()
    field(page, "Name").fill("Einwohner 2025 (Tabelle)")
    field(page, "Datei").set_input_files(str(wrong))
    submit(page, "Ressource hinzufügen")
    page.wait_for_url(re.compile(r"/ressource/[0-9a-f-]{36}/$"))
    resource_url = page.url
    assert "nichts geladen" in page.locator("main").inner_text()
    report = page.locator("main table", has_text="Problem")
    row = report.locator("tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "5"
    assert row.locator("td").nth(1).inner_text() == "2"
    assert row.locator("td").nth(2).inner_text() == "einwohner"

    # She uploads the corrected file; it passes and replaces the rows.
    field(page, "Korrigierte oder neuere Datei").set_input_files(str(right))
    submit(page, "Neue Datei hochladen")
    page.wait_for_url(resource_url)
    assert (
        "Die Datei hat keine Fehler: 5 Zeilen sind in der Tabelle."
        in page.locator("main").inner_text()
    )

    # She publishes the dataset.
    page.locator("nav.rh-breadcrumbs").get_by_role(
        "link", name="Einwohner nach Stadtteilen"
    ).click()
    submit(page, "Veröffentlichen")
    assert "Der Datensatz ist veröffentlicht." in page.locator("main").inner_text()
    dataset = Dataset.objects.get(name="einwohner-stadtteile")
    assert dataset.is_published

    # A visitor finds it through the theme facet.
    page.context.clear_cookies()
    DatasetFactory(title="Haushaltsplan 2026", themes=["ECON"])
    visit("/daten/")
    page.locator("main input[name=thema][value=SOCI]").check()
    submit(page, "Filter anwenden")
    page.wait_for_url(re.compile(r"thema=SOCI"))
    results = page.locator("main ol.rh-od-results")
    assert results.locator("li").count() == 1
    results.get_by_role("link", name="Einwohner nach Stadtteilen").click()
    page.wait_for_url(re.compile(r"/daten/einwohner-stadtteile/$"))
    assert "Statistik und Wahlen" in page.locator("main").inner_text()
    page.get_by_role("link", name="Einwohner 2025 (Tabelle)", exact=True).click()

    # The preview: the table's rows, a bar chart with the values written on it.
    table = page.locator("main .rh-od-preview table")
    assert table.locator("tbody tr").count() == 5
    chart = page.locator("main figure.rh-od-chart svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect").count() == 5
    assert "12.450" in chart.text_content()  # the values are written beside the bars

    # Sorting by a column heading, then the other way round.
    table.get_by_role("link", name=re.compile("^einwohner")).click()
    page.wait_for_url(re.compile(r"spalte=einwohner"))
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == "Riedbahn"
    assert table.locator("th[aria-sort=ascending]").count() == 1
    table.get_by_role("link", name=re.compile("^einwohner")).click()
    page.wait_for_url(re.compile(r"richtung=ab"))
    assert table.locator("tbody tr").first.locator("td").first.inner_text() == "Kernstadt"

    # The CSV download.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Die Tabelle als CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = download.path().read_text(encoding="utf-8")
    assert "Riedbahn,2000" in content


def test_every_open_data_page_passes_axe(page, visit, steward):
    user, unit = steward
    dataset = DatasetFactory(
        name="parkplaetze",
        title="Parkplätze in der Innenstadt",
        organization=unit,
        themes=["TRAN"],
        keywords=["Verkehr", "Parken"],
    )
    linked = ResourceFactory(dataset=dataset, name="Karte (PDF)")
    draft = DatasetFactory(name="entwurf", title="Entwurf", state=Dataset.State.DRAFT)
    for number in range(25):
        DatasetFactory(title=f"Statistik {number}", keywords=[f"Wort {number}"])
    public = [
        "/daten/",
        "/daten/?q=Parkpl%C3%A4tze",
        "/daten/?thema=TRAN&schlagwort=Verkehr&sortierung=titel",
        "/daten/?alle=schlagwort",
        "/daten/?page=2",
        "/daten/?q=nichtsdergleichen",
        "/daten/parkplaetze/",
        f"/daten/parkplaetze/{linked.pk}/",
    ]
    for path in public:
        visit(path)
    sign_in(page, visit, user, "/staff/daten/")
    resource = Resource.objects.get(pk=linked.pk)
    staff = [
        "/staff/",
        "/staff/daten/?state=draft",
        "/staff/daten/neu/",
        "/staff/daten/datensatz/parkplaetze/",
        "/staff/daten/datensatz/parkplaetze/bearbeiten/",
        "/staff/daten/datensatz/parkplaetze/ressource/neu/",
        f"/staff/daten/datensatz/parkplaetze/ressource/{resource.pk}/",
        f"/staff/daten/datensatz/parkplaetze/ressource/{resource.pk}/loeschen/",
        f"/staff/daten/datensatz/{draft.name}/",
        f"/daten/{draft.name}/",
        "/staff/daten/automatisch/",
    ]
    for path in staff:
        visit(path)
    # A form with errors: the error summary and the fields keep what was entered.
    visit("/staff/daten/neu/")
    field(page, "Titel").fill("Ohne Kurzname")
    submit(page, "Als Entwurf speichern")
    assert page.locator(".rh-error-summary").is_visible()
    assert field(page, "Titel").input_value() == "Ohne Kurzname"
