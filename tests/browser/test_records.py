"""The e-file in a real browser, from a scanned letter to its deletion after disposal.

A clerk of the Bauamt opens a file under a file-plan position, adds a procedure, uploads a
scan without a text layer and finds it by a word only the OCR could read; sends it to the
unit lead for co-signing, who approves from the inbox; a clerk of another unit gets 404 for
the file, the document and the search hit. The file is closed, its retention runs out (the
clock moves), and the archivist offers it, records the archive's evaluation, hands it over
as xdomea and deletes it, leaving a deletion protocol. Every page passes axe-core.
"""

import datetime
import re
import time

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_otp.oath import totp

from rathaus.core.accounts.models import Unit, User, email_lookup_for
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town
from rathaus.records.models import DeletionProtocol, DocumentVersion, FilePlanEntry, RecordFile
from rathaus.records.tests.factories_b import scanned_pdf

pytestmark = pytest.mark.browser

PASSWORD = "Rathaus-Demo-2025"
CLERK = "lena.hoffmann@weiterstadt.example"
LEAD = "thomas.becker@weiterstadt.example"
OTHER_CLERK = "murat.yildiz@weiterstadt.example"
ARCHIVIST = "klaus.fischer@weiterstadt.example"
TITLE = "Bauvoranfrage Carport Birkenweg 5"
# Only in the scan's pixels: found by search only if the OCR read it.
SCANNED_WORD = "Regenwasserzisterne"
UUID = r"[0-9a-f-]{36}"


def sign_in(page, visit, email: str) -> None:
    page.context.clear_cookies()
    visit("/staff/akten/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/zwei-faktor/pruefen/"))
    device = User.objects.get(email_lookup=email_lookup_for(email)).totpdevice_set.get()
    # A code is accepted once: after an earlier sign-in in the same 30 s, wait for the next.
    step = device.step
    while int(time.time() - device.t0) // step <= device.last_t:
        time.sleep(1)
    page.fill("input[name=code]", str(totp(device.bin_key)).zfill(6))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/akten/$"))


def submit(page, form_selector: str = "main form.rh-form") -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()


def status_of(page, path: str) -> int:
    return page.goto(path).status


@pytest.fixture
def demo_town():
    call_command("load_demo", "--quiet")
    return Town.objects.for_host("localhost")


def test_a_scan_goes_from_upload_to_deletion_after_disposal(page, visit, demo_town, tmp_path):
    with for_town(demo_town):
        position = FilePlanEntry.objects.get(code="63.2")  # 10 years, then destroy
        building = Unit.objects.get(code="60")

    # The clerk opens a file under a file-plan position and adds a procedure.
    sign_in(page, visit, CLERK)
    visit("/staff/akten/akten/neu/")
    page.select_option("select[name=plan_entry]", value=str(position.pk))
    page.select_option("select[name=unit]", value=str(building.pk))
    page.fill("input[name=title]", TITLE)
    submit(page)
    page.wait_for_url(re.compile(rf"/staff/akten/akten/{UUID}/$"))
    file_url = page.url
    page.fill("form[action*='/vorgaenge/neu/'] input[name=title]", "Prüfung der Anfrage")
    submit(page, "form[action*='/vorgaenge/neu/']")
    page.wait_for_url(re.compile(rf"/staff/akten/vorgaenge/{UUID}/$"))
    procedure_url = page.url

    # She uploads a scan without a text layer; the OCR job reads it.
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(lines=("Antrag", SCANNED_WORD, "Birkenweg")))
    page.locator("a[href$='/dokumente/neu/']").click()
    page.fill("input[name=title]", "Eingescannte Anfrage")
    page.set_input_files("input[type=file]", str(scan))
    submit(page)
    page.wait_for_url(re.compile(r"/staff/akten/(dokumente|vorgaenge|auftraege|jobs)/"))
    visit(f"/staff/akten/suche/?q={SCANNED_WORD}")
    hit = page.locator("main a", has_text="Eingescannte Anfrage").first
    hit.wait_for()
    document_url = hit.get_attribute("href")
    search_url = page.url

    # She sends it to the Bauamt's lead for co-signing.
    with for_town(demo_town):
        lead = User.objects.get(email_lookup=email_lookup_for(LEAD))
    visit(procedure_url)
    page.locator("a[href$='/umlauf/']").click()
    page.fill("input[name=subject]", "Mitzeichnung der Antwort")
    page.select_option("select[name=steps-0-kind]", value="cosign")
    page.select_option("select[name=steps-0-user]", value=str(lead.pk))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/staff/akten/umlaeufe/{UUID}/$"))
    route_url = page.url

    # The lead finds it in his inbox and co-signs it there.
    sign_in(page, visit, LEAD)
    visit("/staff/akten/postkorb/")
    page.locator("main a", has_text="Mitzeichnung der Antwort").first.click()
    page.wait_for_url(route_url)
    page.locator("main input[type=radio][value=approve]").check()
    page.locator("main form[action*='/entscheiden/'] button[type=submit]").click()
    page.wait_for_load_state()
    with for_town(demo_town):
        route = RecordFile.objects.get(title=TITLE).procedures.get().routes.get()
        assert route.state == "completed"

    # Another unit's clerk finds nothing of it.
    sign_in(page, visit, OTHER_CLERK)
    for path in (file_url, procedure_url, document_url, route_url):
        assert status_of(page, path) == 404, path
    visit(search_url)
    assert page.locator("main a", has_text="Eingescannte Anfrage").count() == 0

    # The clerk finishes the procedure and closes the file.
    sign_in(page, visit, CLERK)
    visit(procedure_url)
    page.locator("form[action$='/erledigt/'] button[type=submit]").click()
    page.wait_for_load_state()
    visit(file_url)
    page.locator("form[action$='/abschliessen/'] button[type=submit]").click()
    page.wait_for_load_state()
    with for_town(demo_town):
        file = RecordFile.objects.get(title=TITLE)
    assert file.state == "closed" and file.retention_ends_on.month == 12
    with for_town(demo_town):
        stored_names = list(
            DocumentVersion.objects.filter(document__procedure__file=file).values_list(
                "stored_file__storage_name", flat=True
            )
        )
    assert stored_names and all(default_storage.exists(name) for name in stored_names)

    # Ten years later the archivist finds it on the disposal list and takes it through
    # offer (0501), the archive's evaluation, hand-over (0503), receipt and deletion.
    with _travel_past_retention(file):
        sign_in(page, visit, ARCHIVIST)
        visit("/staff/akten/aussonderung/")
        page.locator(f"input[name=files][value='{file.pk}']").check()
        page.locator("form[action$='/anbieten/'] button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/aussonderung/prozesse/{UUID}/$"))
        batch_url = page.url
        page.locator("a[href$='/bewertung/']").click()
        page.locator(f"input[name='file_{file.pk}'][value=A]").check()
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(batch_url)
        page.locator("form[action$='/uebergabe/'] button[type=submit]").click()
        page.wait_for_url(batch_url)
        with page.expect_download() as download:
            page.locator("a[href*='/nachrichten/']", has_text="_0503_").click()
        assert re.fullmatch(rf"{UUID}_0503_1\.zip", download.value.suggested_filename)
        page.locator("form[action$='/quittung/'] button[type=submit]").click()
        page.wait_for_url(batch_url)
        page.locator("a[href$='/loeschen/']").click()
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        visit("/staff/akten/aussonderung/loeschprotokolle/")
        assert page.locator("main", has_text=file.reference).count() == 1

    protocol = _protocol_for(demo_town, file.reference)
    assert (protocol.procedure_count, protocol.document_count) == (1, 1)
    assert protocol.deleted_by_name == "Klaus Fischer"
    assert TITLE not in protocol.basis
    with for_town(demo_town):
        assert not RecordFile.objects.filter(pk=file.pk).exists()
    assert not any(default_storage.exists(name) for name in stored_names)


def test_every_e_file_screen_passes_axe(page, visit, demo_town):
    """The screens the journey above does not pass through, with the demo town's data."""
    from rathaus.records.services.disposal import create_offer

    with for_town(demo_town):
        archivist = User.objects.get(email_lookup=email_lookup_for(ARCHIVIST))
        application = RecordFile.objects.get(title__startswith="Bauantrag Neubau")
        procedure = application.procedures.get()
        document = procedure.documents.order_by("created_at").first()
        route = procedure.routes.get()
        due = RecordFile.objects.due_for_disposal().get()
        batch = create_offer(actor=archivist, file_ids=[due.pk])
        entry = FilePlanEntry.objects.get(code="63.1")

    sign_in(page, visit, CLERK)
    for path in [
        "/staff/akten/",
        "/staff/akten/akten/",
        "/staff/akten/akten/?state=closed",
        f"/staff/akten/akten/{application.pk}/",
        f"/staff/akten/akten/{application.pk}/bearbeiten/",
        f"/staff/akten/akten/{application.pk}/verlauf/",
        f"/staff/akten/vorgaenge/{procedure.pk}/",
        f"/staff/akten/vorgaenge/{procedure.pk}/verlauf/",
        f"/staff/akten/vorgaenge/{procedure.pk}/verschieben/",
        f"/staff/akten/vorgaenge/{procedure.pk}/abgeben/",
        f"/staff/akten/vorgaenge/{procedure.pk}/dokumente/neu/",
        f"/staff/akten/vorgaenge/{procedure.pk}/dokumente/vorlage/",
        f"/staff/akten/vorgaenge/{procedure.pk}/umlauf/",
        f"/staff/akten/dokumente/{document.pk}/",
        f"/staff/akten/dokumente/{document.pk}/versionen/neu/",
        f"/staff/akten/umlaeufe/{route.pk}/",
        "/staff/akten/postkorb/",
        "/staff/akten/suche/?q=Bauantrag",
        "/staff/akten/suche/?q=",
        "/staff/akten/aktenplan/",
        "/staff/akten/xdomea/import/",
    ]:
        visit(path)
    # Forms with errors: the error summary and the marked fields pass too.
    visit("/staff/akten/akten/neu/")
    submit(page)
    page.wait_for_selector(".rh-error-summary")
    visit(f"/staff/akten/vorgaenge/{procedure.pk}/umlauf/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector(".rh-error-summary")

    sign_in(page, visit, ARCHIVIST)
    for path in [
        "/staff/akten/aktenplan/",
        "/staff/akten/aktenplan/neu/",
        f"/staff/akten/aktenplan/{entry.pk}/bearbeiten/",
        "/staff/akten/aktenplan/import/",
        "/staff/akten/einstellungen/",
        "/staff/akten/aussonderung/",
        f"/staff/akten/aussonderung/prozesse/{batch.pk}/",
        f"/staff/akten/aussonderung/prozesse/{batch.pk}/bewertung/",
        "/staff/akten/aussonderung/loeschprotokolle/",
    ]:
        visit(path)


def _travel_past_retention(file) -> time_machine.travel:
    end = file.retention_ends_on
    return time_machine.travel(datetime.datetime(end.year + 1, 1, 5, 9, 0), tick=True)


def _protocol_for(town, reference: str) -> DeletionProtocol:
    with for_town(town):
        return DeletionProtocol.objects.get(file_reference=reference)
