"""Online services in a real browser: from finding the parking permit to the notice.

A citizen finds the resident parking permit by a misspelt search, fills the form over
several pages with an upload, pays with the test provider and gets the receipt PDF by
e-mail. The Ordnungsamt's clerk takes it from the queue and asks for a missing document;
the citizen answers in the postbox with an upload. The clerk has the notice co-signed by
a colleague and decides; the citizen sees "decided" and downloads the notice. The e-file
holds the procedure with the form PDF, the uploads, the messages and the notice. Every
page passes axe-core. The citizen's part is also done with the keyboard alone and with
JavaScript switched off, and a business member registers a business for the business.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from test_records import PASSWORD, sign_in

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town
from rathaus.records.models import Document
from rathaus.services.models import Application

pytestmark = pytest.mark.browser

CITIZEN = "erika.mustermann@example.org"
CLERK = "murat.yildiz@weiterstadt.example"
COSIGNER = "thomas.becker@weiterstadt.example"
BUSINESS_MEMBER = "fatma.demir@example.org"
UUID = r"[0-9a-f-]{36}"


@pytest.fixture
def demo_town():
    call_command("load_demo", "--quiet")
    return Town.objects.for_host("localhost")


@pytest.fixture
def scan(tmp_path):
    """A one-page PDF as a scanner makes it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "fahrzeugschein.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def citizen_sign_in(page, visit, email: str, next_path: str = "/antraege/") -> None:
    page.context.clear_cookies()
    visit(f"/konto/anmelden/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def person(email: str) -> User:
    return User.objects.get(email_lookup=email_lookup_for(email))


def continue_(page) -> None:
    page.locator("main button[name=action][value=next]").click()


def fill_parking_permit(page, visit, scan) -> str:
    """From the catalogue to the check page; returns the application's page URL."""
    visit("/leistungen/")
    page.fill("input[name=q]", "Bewohnerparkausweiss")
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("main a", has_text="Bewohnerparkausweis").first.click()
    page.wait_for_url(re.compile(r"/leistungen/bewohnerparkausweis/$"))
    page.locator("main a", has_text="Online beantragen").click()
    page.wait_for_url(re.compile(r"/antraege/neu/bewohnerparkausweis/$"))
    page.locator("main input[name=on_behalf][value=self]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/antraege/{UUID}/seite/0/$"))
    application_url = page.url.rsplit("seite/", 1)[0]
    assert page.input_value("input[name=a-f-vorname]") == "Erika"
    page.fill("input[name=a-f-anschrift-street]", "Schlossgasse 7")
    page.fill("input[name=a-f-anschrift-postcode]", "64331")
    page.fill("input[name=a-f-anschrift-city]", "Weiterstadt")
    continue_(page)
    page.wait_for_url(re.compile(r"/seite/1/$"))
    # A wrong number plate is refused; what was typed stays.
    page.locator("main input[name=a-f-zone][value=A]").check()
    page.fill("input[name=a-f-kennzeichen]", "falsch")
    page.locator("main input[name=a-f-halter][value=selbst]").check()
    continue_(page)
    page.locator(".rh-error-summary").wait_for()
    assert page.input_value("input[name=a-f-kennzeichen]") == "falsch"
    page.fill("input[name=a-f-kennzeichen]", "DA-EM 1964")
    page.set_input_files("input[name=a-f-zulassung]", str(scan))
    continue_(page)
    page.wait_for_url(re.compile(r"/seite/2/$"))
    page.locator("main input[name=a-f-laufzeit][value='1']").check()
    page.locator("main input[name=a-f-wahrheit]").check()
    continue_(page)
    page.wait_for_url(re.compile(r"/pruefen/$"))
    assert "DA-EM 1964" in page.content()
    return application_url


def send_and_pay(page) -> None:
    page.locator("main button", has_text="Antrag senden").click()
    page.wait_for_url(re.compile(r"/gesendet/$"))
    page.locator("main button", has_text="Jetzt bezahlen").click()
    page.wait_for_url(re.compile(r"/bezahlen/testanbieter/"))
    page.locator("main button", has_text="Jetzt bezahlen").click()
    page.wait_for_url(re.compile(rf"/antraege/{UUID}/$"))


def test_parking_permit_from_search_to_notice(page, visit, demo_town, scan):
    mail.outbox.clear()
    citizen_sign_in(page, visit, CITIZEN)
    application_url = fill_parking_permit(page, visit, scan)
    send_and_pay(page)
    assert "Eingegangen" in page.content() or "Eingereicht" in page.content()
    with for_town(demo_town):
        application = (
            Application.objects.filter(applicant=person(CITIZEN))
            .exclude(state="draft")
            .latest("submitted_at")
        )
        reference = application.reference
        assert application.state == "submitted"
    receipts = [m for m in mail.outbox if reference in m.subject]
    assert receipts and receipts[0].attachments[0][2] == "application/pdf"

    # The clerk takes it from the queue and asks for the back of the registration.
    sign_in(page, visit, CLERK)
    visit("/staff/leistungen/antraege/neu/")
    page.locator("main a", has_text=reference).click()
    page.wait_for_url(re.compile(rf"/staff/leistungen/antrag/{UUID}/$"))
    case_url = page.url
    page.locator("main button", has_text="Übernehmen").click()
    page.fill(
        "textarea[name=q-text]", "Bitte laden Sie auch die Rückseite des Fahrzeugscheins hoch."
    )
    page.locator("main form[action$='/rueckfrage/'] button").click()
    page.wait_for_url(case_url)

    # The citizen answers in the postbox with the missing page.
    citizen_sign_in(page, visit, CITIZEN, next_path="/postfach/")
    page.locator("main a", has_text=reference).first.click()
    page.locator("main a[href*='/antraege/']").first.click()
    page.wait_for_url(re.compile(rf"{re.escape(application_url)}$"))
    page.fill("textarea[name=r-text]", "Hier ist die Rückseite.")
    page.set_input_files("input[name=r-files]", str(scan))
    page.locator("main form[action$='/antworten/'] button").click()
    page.wait_for_url(application_url)

    # The clerk has the notice co-signed by a colleague, then decides.
    sign_in(page, visit, CLERK)
    page.goto(case_url)
    page.locator("main a", has_text="Zur Mitzeichnung").click()
    with for_town(demo_town):
        cosigner = person(COSIGNER)
    page.fill("input[name=subject]", "Mitzeichnung Bescheid Bewohnerparkausweis")
    page.select_option("select[name=steps-0-kind]", value="cosign")
    page.select_option("select[name=steps-0-user]", value=str(cosigner.pk))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/staff/akten/umlaeufe/{UUID}/$"))
    route_url = page.url
    sign_in(page, visit, COSIGNER)
    visit("/staff/akten/postkorb/")
    page.locator("main a", has_text="Mitzeichnung Bescheid").first.click()
    page.wait_for_url(route_url)
    page.locator("main input[type=radio][value=approve]").check()
    page.locator("main form[action*='/entscheiden/'] button[type=submit]").click()
    page.wait_for_load_state()

    sign_in(page, visit, CLERK)
    page.goto(case_url)
    page.fill("input[name=d-subject]", "Ihr Bewohnerparkausweis wird erteilt")
    page.fill("textarea[name=d-body]", "Der Ausweis gilt für die Zone A bis zum 30.11.2027.")
    page.locator("main form[action$='/bescheid/'] button").click()
    page.wait_for_url(case_url)
    assert "Entschieden" in page.content()

    # The citizen sees the decision and downloads the notice.
    citizen_sign_in(page, visit, CITIZEN, next_path="/antraege/")
    page.locator("main a", has_text="Bewohnerparkausweis").first.click()
    assert "Entschieden" in page.content()
    with page.expect_download() as download:
        page.locator("main a", has_text="Bescheid herunterladen").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # The e-file holds the whole case.
    with for_town(demo_town):
        application.refresh_from_db()
        titles = set(
            Document.objects.filter(procedure=application.procedure).values_list("title", flat=True)
        )
    assert {
        f"Antrag {reference}",
        "Zulassungsbescheinigung Teil I (Fahrzeugschein)",
        f"Nachfrage zu {reference}",
        f"Antwort zu {reference}",
        "Nachgereicht: fahrzeugschein.pdf",
        f"Bescheid {reference}",
    } <= titles


def test_a_business_member_registers_a_business_for_the_business(page, visit, demo_town):
    citizen_sign_in(page, visit, BUSINESS_MEMBER)
    visit("/leistungen/?fuer=unternehmen")
    page.locator("main a", has_text="Gewerbeanmeldung").first.click()
    page.locator("main a", has_text="Online beantragen").click()
    page.locator("main label", has_text="Bäckerei Beispiel GmbH").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/antraege/{UUID}/seite/0/$"))
    assert page.input_value("input[name=a-f-firmenname]") == "Bäckerei Beispiel GmbH"
    page.locator("main input[name=a-f-rechtsform][value=gmbh]").check()
    page.fill("input[name=a-f-registernummer]", "HRB 99999")
    page.fill("input[name=a-f-beginn_0]", "1")
    page.fill("input[name=a-f-beginn_1]", "12")
    page.fill("input[name=a-f-beginn_2]", "2026")
    continue_(page)
    page.wait_for_url(re.compile(r"/seite/1/$"))
    page.fill("textarea[name=a-f-taetigkeit]", "Herstellung und Verkauf von Backwaren")
    page.locator("main input[name=a-f-art][value=handwerk]").check()
    page.fill("input[name=a-g-G_inhaber-0-inhaber_name]", "Hans Beispiel")
    page.fill("input[name=a-g-G_inhaber-0-inhaber_geburt_0]", "3")
    page.fill("input[name=a-g-G_inhaber-0-inhaber_geburt_1]", "5")
    page.fill("input[name=a-g-G_inhaber-0-inhaber_geburt_2]", "1975")
    continue_(page)
    page.wait_for_url(re.compile(r"/seite/2/$"))
    page.fill("input[name=a-f-iban]", "DE89 3704 0044 0532 0130 00")
    page.locator("main input[name=a-f-wahrheit]").check()
    continue_(page)
    page.wait_for_url(re.compile(r"/pruefen/$"))
    send_and_pay(page)
    with for_town(demo_town):
        application = Application.objects.get(service__slug="gewerbeanmeldung")
        assert application.organisation.name == "Bäckerei Beispiel GmbH"
        assert application.state == "submitted"
        owner = person("hans.beispiel@example.org")
        assert application in Application.objects.of_applicant(owner)


def test_the_citizen_part_works_with_the_keyboard_alone(page, visit, demo_town, scan):
    """Tab to each control, type, Space to choose, Enter to send: no mouse."""
    citizen_sign_in(page, visit, CITIZEN, next_path="/leistungen/bewohnerparkausweis/")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _press in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    tab_to("main a[href$='/antraege/neu/bewohnerparkausweis/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/antraege/neu/bewohnerparkausweis/$"))
    tab_to("main input[name=on_behalf]")
    page.keyboard.press("Space")
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seite/0/$"))
    for name, value in (
        ("a-f-anschrift-street", "Schlossgasse 7"),
        ("a-f-anschrift-postcode", "64331"),
        ("a-f-anschrift-city", "Weiterstadt"),
    ):
        tab_to(f"input[name={name}]")
        page.keyboard.type(value)
    tab_to("main button[name=action][value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seite/1/$"))
    tab_to("main input[name=a-f-zone]")
    page.keyboard.press("Space")
    tab_to("input[name=a-f-kennzeichen]")
    page.keyboard.type("DA-EM 1964")
    tab_to("main input[name=a-f-halter]")
    page.keyboard.press("Space")
    tab_to("input[name=a-f-zulassung]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(scan))
    tab_to("main button[name=action][value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/seite/2/$"))
    tab_to("main input[name=a-f-laufzeit]")
    page.keyboard.press("Space")
    tab_to("main input[name=a-f-wahrheit]")
    page.keyboard.press("Space")
    tab_to("main button[name=action][value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pruefen/$"))
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/gesendet/$"))
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bezahlen/testanbieter/"))
    tab_to("main form[action$='/bezahlen/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/antraege/{UUID}/$"))
    with for_town(demo_town):
        assert Application.objects.filter(applicant=person(CITIZEN), state="submitted").count() == 2


def test_the_citizen_part_works_without_javascript(
    _playwright_browser, live_server, demo_town, scan
):
    """No script at all: every page is a plain HTML form (the axe audits need script, so
    the same pages are audited in the tests above)."""
    context = _playwright_browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()

    def visit(path):
        response = page.goto(path)
        assert response.ok, path

    try:
        citizen_sign_in(page, visit, CITIZEN)
        fill_parking_permit(page, visit, scan)
        send_and_pay(page)
        assert "Eingegangen" in page.content()
    finally:
        context.close()
    with for_town(demo_town):
        assert Application.objects.filter(applicant=person(CITIZEN), state="submitted").count() == 2


EGOV_OFFICER = "sabine.krueger@weiterstadt.example"


def test_staff_pages_of_the_catalogue_designer_desks_and_tokens_pass_the_audit(
    page, visit, demo_town
):
    """The pages the journeys above do not open: every one is audited by axe-core."""
    sign_in(page, visit, EGOV_OFFICER)
    visit("/staff/")
    visit("/staff/leistungen/katalog/neu/")
    visit("/staff/leistungen/katalog/")
    page.locator("main a", has_text="Sperrmüllabholung").click()
    page.locator("main button", has_text="Neue Version anlegen").click()
    page.wait_for_url(re.compile(rf"/formulare/{UUID}/$"))
    designer_url = page.url
    page.select_option("select#add-field-group", index=0)
    page.select_option("select[name=nf-type]", value="phone")
    page.fill("input[name=nf-label]", "Telefon für Rückfragen am Abholtag")
    page.locator("main form:has(input[name=op][value=add_field]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/formulare/.+/#"))
    assert "Telefon für Rückfragen am Abholtag" in page.content()
    page.locator("main a", has_text="„Menge in Kubikmetern“ ändern").first.click()
    page.wait_for_url(re.compile(r"/feld/menge/$"))
    page.goto(designer_url + "seite/abholung/")
    page.locator("main select[name=p-show_if_field]").wait_for()
    page.goto(designer_url + "json/")
    page.goto(designer_url + "vorschau/0/")
    page.locator("main form button[type=submit]").click()
    page.locator(".rh-error-summary").wait_for()
    page.goto(designer_url)
    page.locator("main button", has_text="Diese Version veröffentlichen").click()
    page.wait_for_url(re.compile(r"/formulare/$"))

    sign_in(page, visit, CLERK)
    visit("/staff/leistungen/kennzahlen/")
    visit("/staff/termine/")
    page.locator("main a", has_text="Sperrmüll-Abfuhr").first.click()
    visit("/staff/api-zugaenge/")
    visit("/staff/api-zugaenge/neu/")
    page.fill("input[name=name]", "Fachverfahren")
    page.locator("main form button[type=submit]").click()
    page.locator("main code, main .rh-secret").first.wait_for()

    page.context.clear_cookies()
    visit("/termine/sperrmuellabholung/")
    page.locator("main a[href*='tag=']").first.click()
    page.locator("main input[name=starts_at]").first.wait_for()
