"""Citizen participation and the defect reporter in a real browser, with the demo town.

A visitor without an account reports a pothole by address with a photo, sees the open
reports nearby, confirms by the link in the e-mail; the Bauamt's clerk takes it through
"in progress" to "fixed" with a public note; the public page shows it fixed and the
reporter got the mail. The reporting part is done again with the keyboard alone and with
JavaScript switched off. In "Neugestaltung Marktplatz" a citizen makes a proposal, another
comments on it and supports it, a third reports the comment, the moderator hides it with a
reason, the participation manager gives the official answer and the proposer sees it; a
citizen votes in the participatory budget within the total, and the results appear only
after the voting phase. Every page a test shows passes axe-core (see conftest.py), and a
tour opens the remaining participation pages once each.
"""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from test_records import PASSWORD, sign_in

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town
from rathaus.participation.defects.models import DefectReport, Status, Street

pytestmark = pytest.mark.browser

CLERK_60 = "lena.hoffmann@weiterstadt.example"
ADMINISTRATOR = "anna.richter@weiterstadt.example"
MANAGER = "nina.berg@weiterstadt.example"
MODERATOR = "miriam.wolf@weiterstadt.example"
PROPOSER = "erika.mustermann@example.org"
SUPPORTER = "hans.beispiel@example.org"
THIRD_CITIZEN = "fatma.demir@example.org"
VOTER = "jonas.keller@example.org"  # the demo has no ballot of his yet
PROCESS = "neugestaltung-marktplatz"
POTHOLES = "Schlaglöcher und Straßenschäden"
REPORTER = "besorgte.buergerin@example.net"
# 49° 54' 21.6" N, 8° 34' 55.2" E: inside Weiterstadt.
GPS = ((49, 54, 21.6), (8, 34, 55.2))


@pytest.fixture
def demo_town():
    call_command("load_demo", "--quiet")
    return Town.objects.for_host("localhost")


@pytest.fixture
def photo(tmp_path):
    """A small JPEG as a phone takes it: camera make and GPS position in its EXIF."""
    image = Image.new("RGB", (96, 64), (120, 110, 100))
    exif = Image.Exif()
    exif[0x010F] = "Telefon AG"
    exif[0x8825] = {1: "N", 2: GPS[0], 3: "E", 4: GPS[1]}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    path = tmp_path / "schlagloch.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def person(email: str) -> User:
    return User.objects.get(email_lookup=email_lookup_for(email))


def citizen_sign_in(page, visit, email: str, next_path: str) -> None:
    page.context.clear_cookies()
    visit(f"/konto/anmelden/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in an e-mail that starts with ``path_prefix``."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert found, f"no link to {path_prefix} in: {message.body}"
    return found.group(1)


def field(page, label: str):
    """A form field by its label (optional fields say "(optional)" after it)."""
    return page.locator("main").get_by_label(
        re.compile(rf"^\s*{re.escape(label)}(\s*\(optional\))?\s*$")
    )


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# ------------------------------------------------------------------ defect reporter


def street_option(town, name: str) -> str:
    with for_town(town):
        return str(Street.objects.get(name=name).pk)


def fill_pothole_report(page, visit, photo, street_id: str, email: str) -> None:
    """From the start page to the check page, with the mouse."""
    visit("/maengelmelder/")
    page.locator("main a[href$='/maengelmelder/melden/']").first.click()
    page.wait_for_url(re.compile(r"/maengelmelder/melden/$"))
    page.get_by_label(POTHOLES, exact=True).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/maengelmelder/melden/schlagloecher/$"))
    field(page, "Straße").select_option(value=street_id)
    field(page, "Hausnummer oder Orientierungspunkt").fill("27")
    field(page, "Beschreibung").fill("Tiefes Schlagloch vor der Einfahrt, etwa 30 cm breit.")
    field(page, "Foto").set_input_files(str(photo))
    field(page, "Ihr Name").fill("Bettina Besorgt")
    field(page, "Ihre E-Mail-Adresse").fill(email)
    page.locator("main form button[type=submit]", has_text="Weiter zur Prüfung").click()
    page.wait_for_url(re.compile(r"/maengelmelder/melden/schlagloecher/$"))
    page.get_by_role("heading", name="Prüfen Sie Ihre Meldung").wait_for()


def check_page_shows_nearby_and_photo(page) -> None:
    text = page.locator("main").inner_text()
    assert "Rheinstraße 27" in text
    assert "Tiefes Schlagloch vor der Einfahrt" in text
    # The open pothole report in the Rheinstraße (demo) is offered to follow instead.
    assert "Rheinstraße 25" in text, "the nearby open report is not shown"
    assert page.locator("main button", has_text="Nr.").count() >= 1


def confirm_by_mail(page, email: str) -> int:
    """Open the confirmation link of the newest report of ``email``; returns its number."""
    confirmations = [m for m in mails_to(email) if "bestätigen" in m.subject.lower()]
    assert confirmations, [m.subject for m in mails_to(email)]
    number = int(re.search(r"\d+", confirmations[-1].subject).group())
    response = page.goto(link_in(confirmations[-1], "/maengelmelder/bestaetigen/"))
    assert response.ok
    page.wait_for_url(re.compile(rf"/maengelmelder/meldung/{number}/$"))
    return number


def test_a_visitor_reports_a_pothole_and_the_clerk_fixes_it(page, visit, demo_town, photo):
    mail.outbox.clear()
    fill_pothole_report(page, visit, photo, street_option(demo_town, "Rheinstraße"), REPORTER)
    check_page_shows_nearby_and_photo(page)
    assert "angehängt" in page.locator("main").inner_text()  # the photo is kept
    page.locator("main button[name=action][value=send]").click()
    page.wait_for_url(re.compile(r"/maengelmelder/melden/gesendet/$"))
    assert "E-Mail" in page.locator("main").inner_text()

    # Not public before the link in the e-mail is opened.
    with for_town(demo_town):
        report = DefectReport.objects.get(description__startswith="Tiefes Schlagloch vor der")
        assert report.status == Status.UNCONFIRMED
        assert report.photo is not None
    assert page.goto(f"/maengelmelder/meldung/{report.number}/").status == 404
    number = confirm_by_mail(page, REPORTER)
    assert number == report.number
    main = page.locator("main")
    assert "Bestätigt" in main.inner_text()
    assert "Rheinstraße 27" in main.inner_text()
    # The published photo has no EXIF left.
    photo_url = page.locator("main figure img").get_attribute("src")
    published = page.request.get(photo_url)
    assert published.ok
    assert not Image.open(io.BytesIO(published.body())).getexif()

    # The Bauamt's clerk (the category is routed to 60.2, below her unit 60) works on it.
    sign_in(page, visit, CLERK_60)
    visit("/staff/maengel/")
    page.locator("main table a", has_text=str(number)).first.click()
    page.wait_for_url(re.compile(rf"/staff/maengel/meldung/{number}/$"))
    page.get_by_label("In Bearbeitung", exact=True).check()
    field(page, "Öffentliche Anmerkung").first.fill("Die Kolonne ist beauftragt.")
    page.locator("main form[action$='/status/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/maengel/meldung/{number}/$"))
    assert "In Bearbeitung" in page.locator("main dl").inner_text()
    page.get_by_label("Behoben", exact=True).check()
    field(page, "Öffentliche Anmerkung").first.fill(
        "Das Schlagloch wurde am Morgen mit Asphalt verfüllt."
    )
    page.locator("main form[action$='/status/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/maengel/meldung/{number}/$"))
    assert "Behoben" in page.locator("main dl").inner_text()

    # The public page shows it fixed with the note; the reporter got the mails.
    page.context.clear_cookies()
    visit(f"/maengelmelder/meldung/{number}/")
    public = page.locator("main").inner_text()
    assert "Behoben" in public
    assert "Das Schlagloch wurde am Morgen mit Asphalt verfüllt." in public
    updates = [m for m in mails_to(REPORTER) if str(number) in m.subject]
    fixed = [m for m in updates if "Behoben" in m.subject]
    assert fixed, [m.subject for m in updates]
    assert "Das Schlagloch wurde am Morgen mit Asphalt verfüllt." in fixed[-1].body
    assert f"/maengelmelder/meldung/{number}/" in fixed[-1].body
    with for_town(demo_town):
        report.refresh_from_db()
        assert report.status == Status.FIXED


def test_reporting_a_pothole_works_with_the_keyboard_alone(page, visit, demo_town, photo):
    """Tab to each control, type, Space to choose, Enter to send; the file chooser is
    opened from the keyboard too."""
    mail.outbox.clear()
    with for_town(demo_town):
        street = Street.objects.get(name="Rheinstraße")

    def tab_to(selector: str, limit: int = 120) -> None:
        for _press in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    visit("/maengelmelder/")
    tab_to("main a[href$='/maengelmelder/melden/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/maengelmelder/melden/$"))
    tab_to("main input[name=category]")
    # Arrow keys move through a radio group; the focus starts on the first choice.
    for _step in range(10):
        if page.evaluate("() => document.activeElement.value") == "schlagloecher":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator("main input[value=schlagloecher]").is_checked()
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/maengelmelder/melden/schlagloecher/$"))

    tab_to("main select[name=street]")
    page.keyboard.type(street.name)
    assert page.locator("main select[name=street]").input_value() == str(street.pk)
    tab_to("main input[name=house_number]")
    page.keyboard.type("27")
    tab_to("main textarea[name=description]")
    page.keyboard.type("Schlagloch, mit der Tastatur gemeldet.")
    tab_to("main input[name=photo]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    tab_to("main input[name=email]")
    page.keyboard.type("tastatur@example.net")
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Prüfen Sie Ihre Meldung").wait_for()
    assert "Rheinstraße 25" in page.locator("main").inner_text()  # the nearby report
    tab_to("main button[name=action][value=send]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/maengelmelder/melden/gesendet/$"))
    number = confirm_by_mail(page, "tastatur@example.net")
    assert "Bestätigt" in page.locator("main").inner_text()
    with for_town(demo_town):
        report = DefectReport.objects.get(number=number)
        assert report.photo is not None and report.status == Status.CONFIRMED
        assert report.address.startswith("Rheinstraße 27")


def test_reporting_a_pothole_works_without_javascript(
    _playwright_browser, live_server, demo_town, photo
):
    """No script at all: the map stays hidden, the address and the photo are enough (the
    axe audits need script, so the same pages are audited in the tests above)."""
    mail.outbox.clear()
    context = _playwright_browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()

    def visit(path):
        response = page.goto(path)
        assert response.ok, path

    try:
        fill_pothole_report(
            page, visit, photo, street_option(demo_town, "Rheinstraße"), "ohne.js@example.net"
        )
        assert (
            page.locator("#defects-map").count() == 0
            or not page.locator("#defects-map").is_visible()
        )
        check_page_shows_nearby_and_photo(page)
        page.locator("main button[name=action][value=send]").click()
        page.wait_for_url(re.compile(r"/maengelmelder/melden/gesendet/$"))
        number = confirm_by_mail(page, "ohne.js@example.net")
        assert "Bestätigt" in page.locator("main").inner_text()
    finally:
        context.close()
    with for_town(demo_town):
        report = DefectReport.objects.get(number=number)
        assert report.photo is not None and report.status == Status.CONFIRMED


# ------------------------------------------------------------------ a participatory process

PROPOSAL_TITLE = "Wasserspiel für heiße Sommertage"
COMMENT = "Gute Idee, aber bitte mit Sitzgelegenheiten für Eltern im Schatten."
REASONS = "Das Wasserspiel wird in die Planung aufgenommen und 2027 gebaut."


def test_a_proposal_is_commented_supported_moderated_and_answered(page, visit, demo_town, photo):
    mail.outbox.clear()
    # First the moderator lets one report be enough to hide content until she has looked.
    sign_in(page, visit, MODERATOR)
    visit("/staff/moderation/einstellungen/")
    field(page, "Meldungen, bis ein Inhalt ausgeblendet wird").fill("1")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert field(page, "Meldungen, bis ein Inhalt ausgeblendet wird").input_value() == "1"

    # A citizen makes a proposal, with a photo and her name.
    citizen_sign_in(page, visit, PROPOSER, f"/beteiligung/{PROCESS}/")
    page.locator("main a", has_text="Vorschläge").first.click()
    page.wait_for_url(re.compile(rf"/beteiligung/{PROCESS}/vorschlaege/"))
    page.locator("main a", has_text="Vorschlag machen").click()
    page.wait_for_url(re.compile(rf"/beteiligung/{PROCESS}/vorschlaege/neu/$"))
    # Without a title the form says so and keeps the text.
    field(page, "Ihr Vorschlag").fill("Ein flaches Wasserspiel auf der Südseite für Kinder.")
    page.locator("main button", has_text="Vorschlag veröffentlichen").click()
    page.locator(".rh-error-summary").wait_for()
    assert field(page, "Ihr Vorschlag").input_value().startswith("Ein flaches Wasserspiel")
    field(page, "Titel").fill(PROPOSAL_TITLE)
    field(page, "Ort oder Adresse").fill("Marktplatz, Südseite")
    field(page, "Foto oder Bild").set_input_files(str(photo))
    page.get_by_label("Ja, meinen Namen beim Vorschlag anzeigen").check()
    page.locator("main button", has_text="Vorschlag veröffentlichen").click()
    page.wait_for_url(re.compile(rf"/beteiligung/{PROCESS}/vorschlaege/[0-9a-f-]{{36}}/$"))
    proposal_path = "/beteiligung/" + page.url.split("/beteiligung/", 1)[1]
    assert page.get_by_role("heading", name=PROPOSAL_TITLE).is_visible()
    assert "Erika Mustermann" in page.locator("main").inner_text()

    # Another citizen comments on it and supports it.
    citizen_sign_in(page, visit, SUPPORTER, proposal_path)
    field(page, "Ihr Kommentar").fill(COMMENT)
    page.locator("main button", has_text="Kommentar veröffentlichen").click()
    page.wait_for_url(re.compile(r"#comment-[0-9a-f-]{36}$"))
    comment = page.locator("main .rh-comment", has_text=COMMENT)
    assert comment.count() == 1
    page.locator("main button", has_text="Diesen Vorschlag unterstützen").click()
    page.wait_for_url(re.compile(re.escape(proposal_path) + "$"))
    assert "Sie unterstützen diesen Vorschlag." in page.locator("main").inner_text()
    assert "1 Person unterstützt" in page.locator("main").inner_text()

    # A third person, without an account, reports the comment.
    page.context.clear_cookies()
    visit(proposal_path)
    page.locator("main .rh-comment", has_text=COMMENT).get_by_role(
        "link", name=re.compile(r"^Melden")
    ).click()
    page.wait_for_url(re.compile(r"/mitreden/\d+/[0-9a-f-]{36}/melden/$"))
    page.locator("main").get_by_label("Beleidigend", exact=False).first.check()
    field(page, "Einzelheiten").fill("Der Kommentar beleidigt die Eltern.")
    page.locator("main button", has_text="Meldung senden").click()
    page.get_by_role("heading", name="Vielen Dank für Ihre Meldung").wait_for()
    visit(proposal_path)
    assert COMMENT not in page.locator("main").inner_text()  # hidden pending review

    # The moderator reviews it in the queue and hides it with a reason.
    sign_in(page, visit, MODERATOR)
    visit("/staff/moderation/")
    visit("/staff/moderation/meldungen/")
    page.locator("main table a", has_text=COMMENT[:40]).click()
    page.wait_for_url(re.compile(r"/staff/moderation/meldungen/[0-9a-f-]{36}/$"))
    assert "Der Kommentar beleidigt die Eltern." in page.locator("main").inner_text()
    page.locator("main form[action$='/ausblenden/']").get_by_label(re.compile(r"^\s*Grund")).fill(
        "Verstößt gegen die Netiquette: herabsetzend gegenüber Eltern."
    )
    with page.expect_navigation():
        page.locator("main button", has_text="Inhalt ausblenden").click()
    visit("/staff/moderation/protokoll/")
    assert "Verstößt gegen die Netiquette" in page.locator("main").inner_text()
    page.context.clear_cookies()
    visit(proposal_path)
    main = page.locator("main").inner_text()
    assert COMMENT not in main
    assert "Dieser Beitrag wurde von der Moderation ausgeblendet." in main

    # The participation manager gives the official answer with reasons.
    sign_in(page, visit, MANAGER)
    visit(f"/staff/beteiligung/{PROCESS}/vorschlaege/")
    page.locator("main a", has_text=PROPOSAL_TITLE).first.click()
    page.wait_for_url(re.compile(rf"/staff/beteiligung/{PROCESS}/vorschlaege/[0-9a-f-]{{36}}/$"))
    page.locator("main").get_by_label("Angenommen", exact=True).check()
    field(page, "Begründung").fill(REASONS)
    with page.expect_navigation():
        page.locator("main button", has_text="Antwort veröffentlichen").click()
    assert page.locator("main").get_by_role("heading", name="Umsetzung").count() >= 1

    # The proposer sees the answer on her proposal and got it by e-mail.
    citizen_sign_in(page, visit, PROPOSER, proposal_path)
    main = page.locator("main").inner_text()
    assert "Offizielle Antwort: Angenommen" in main
    assert REASONS in main
    assert "1 Person unterstützt" in main
    assert any(REASONS in message.body for message in mails_to(PROPOSER)), [
        message.subject for message in mails_to(PROPOSER)
    ]


def budget_paths(town) -> tuple[str, str]:
    from rathaus.participation.budgets.models import Budget

    with for_town(town):
        budget = Budget.objects.get(process__slug=PROCESS)
    base = f"/beteiligung/{PROCESS}/buergerhaushalt/{budget.pk}/"
    return base, base + "ergebnisse/"


def voted_for(town, email: str) -> set[str]:
    from rathaus.participation.budgets.models import Ballot

    with for_town(town):
        ballot = Ballot.objects.get(budget__process__slug=PROCESS, user=person(email))
        assert ballot.is_final
        return set(ballot.items.values_list("project__title", flat=True))


def votes_counted(town) -> tuple[dict, int]:
    """Votes per project title and the number of cast ballots, from the database."""
    from rathaus.participation.budgets.models import Ballot, Project

    with for_town(town):
        projects = Project.objects.filter(budget__process__slug=PROCESS)
        votes = {
            project.title: project.ballot_items.filter(ballot__checked_out_at__isnull=False).count()
            for project in projects
        }
        ballots = Ballot.objects.filter(
            budget__process__slug=PROCESS, checked_out_at__isnull=False
        ).count()
    return votes, ballots


def test_a_citizen_votes_in_the_budget_and_the_results_follow_the_vote(page, visit, demo_town):
    budget_path, results_path = budget_paths(demo_town)
    today = timezone.localdate()
    voting_day = datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(10))
    after_voting = datetime.datetime.combine(today + datetime.timedelta(days=40), datetime.time(10))

    # In the proposal phase the budget can be read but not voted on.
    visit(budget_path)
    assert page.locator("main input[name=projects]").count() == 0
    assert page.goto(results_path).status == 404

    with time_machine.travel(voting_day, tick=True):
        citizen_sign_in(page, visit, VOTER, budget_path)
        boxes = page.locator("main input[name=projects]")
        assert boxes.count() == 6
        # All six cost 328,000 € of 250,000 €: refused, and the choice is kept.
        for index in range(6):
            boxes.nth(index).check()
        page.locator("main button", has_text="Auswahl prüfen").click()
        page.locator(".rh-error-summary").wait_for()
        main = page.locator("main").inner_text()
        assert "mehr als der Gesamtbetrag" in main, main
        assert all(boxes.nth(index).is_checked() for index in range(6))
        page.get_by_label(re.compile(r"^Spielgeräte")).uncheck()
        page.locator("main button", has_text="Auswahl prüfen").click()
        page.wait_for_url(re.compile(r"/abstimmen/$"))
        assert "Spielgeräte" not in page.locator("main ul").inner_text()
        page.locator("main button", has_text="Jetzt verbindlich abstimmen").click()
        page.wait_for_url(re.compile(re.escape(budget_path) + "$"))
        assert "Vielen Dank: Ihre Stimme wurde abgegeben." in page.locator("body").inner_text()
        assert "Sie haben abgestimmt" in page.locator("main").inner_text()
        assert voted_for(demo_town, VOTER) == {
            "Trinkbrunnen",
            "Sitzbänke mit Schatten",
            "Fahrradbügel",
            "Beleuchtung",
            "Wochenmarkt-Stromanschlüsse",
        }
        # While voting runs the results stay closed.
        assert page.goto(results_path).status == 404

    with time_machine.travel(after_voting, tick=True):
        page.context.clear_cookies()
        visit(budget_path)
        page.locator("main a", has_text="Ergebnisse").click()
        page.wait_for_url(re.compile(re.escape(results_path) + "$"))
        main = page.locator("main").inner_text()
        expected, ballots = votes_counted(demo_town)
        assert f"{ballots} Stimmzettel wurden abgegeben." in main
        rows = page.locator("main table tbody tr")
        assert rows.count() == len(expected) == 6
        shown = {}
        for row in rows.all():
            title = row.locator("th").inner_text().split(" (")[0]
            shown[title] = int(row.locator("td").nth(2).inner_text())
        assert shown == expected


# ------------------------------------------------------------------ audit tour


def demo_objects(town) -> dict:
    """The demo objects whose pages the tour opens."""
    from rathaus.participation.budgets.models import Budget
    from rathaus.participation.consultations.models import Draft, Section
    from rathaus.participation.defects.models import DefectCategory
    from rathaus.participation.models import Proposal
    from rathaus.participation.petitions.models import Petition
    from rathaus.participation.surveys.models import Survey

    with for_town(town):
        draft = Draft.objects.get(process__slug=PROCESS)
        budget = Budget.objects.get(process__slug=PROCESS)
        return {
            "accepted": Proposal.objects.filter(process__slug=PROCESS, state="accepted").first(),
            "survey": Survey.objects.get(process__slug=PROCESS),
            "draft": draft,
            "section": Section.objects.filter(draft=draft).order_by("position").first(),
            "budget": budget,
            "project": budget.projects.order_by("position").first(),
            "petitions": list(Petition.objects.filter(submitter=person(PROPOSER))),
            "report": DefectReport.objects.filter(status=Status.FIXED).order_by("number").first(),
            "category": DefectCategory.objects.get(code="schlagloecher"),
        }


def answer_every_question(page) -> None:
    """Choose the first option of every choice question and write into every text box."""
    main = page.locator("main form")
    names = main.locator("input[type=radio], input[type=checkbox]").evaluate_all(
        "(boxes) => [...new Set(boxes.map((box) => box.name))]"
    )
    for name in names:
        main.locator(f"input[name='{name}']").first.check()
    for box in main.locator("textarea").all():
        box.fill("Mehr Schatten und Sitzplätze.")


def test_public_participation_pages_pass_the_audit(page, visit, demo_town):
    found = demo_objects(demo_town)
    process = f"/beteiligung/{PROCESS}/"
    accepted = found["accepted"]
    for path in [
        "/beteiligung/",
        process,
        f"{process}vorschlaege/",
        f"{process}vorschlaege/?sortierung=newest&antwort=accepted",
        f"{process}vorschlaege/{accepted.pk}/",
        f"{process}umsetzung/",
        f"{process}buergerhaushalt/",
        f"{process}buergerhaushalt/{found['budget'].pk}/",
        f"{process}buergerhaushalt/{found['budget'].pk}/projekte/{found['project'].pk}/",
        f"{process}entwuerfe/",
        f"{process}entwuerfe/{found['draft'].pk}/",
        f"{process}entwuerfe/{found['draft'].pk}/abschnitte/{found['section'].pk}/",
        f"{process}umfragen/",
        f"{process}umfragen/{found['survey'].pk}/ergebnisse/",
        "/maengelmelder/meldungen/",
        "/maengelmelder/karte/",
        f"/maengelmelder/meldung/{found['report'].number}/",
    ]:
        visit(path)
    # A report of content without a reason is refused with the error summary.
    visit(f"{process}vorschlaege/{accepted.pk}/")
    page.locator("main a.rh-flag-link").first.click()
    page.locator("main button", has_text="Meldung senden").click()
    page.locator(".rh-error-summary").wait_for()

    # The survey takes answers while its phase runs (the voting phase in the demo).
    survey = f"{process}umfragen/{found['survey'].pk}/"
    voting_day = timezone.localdate() + datetime.timedelta(days=20)
    with time_machine.travel(datetime.datetime.combine(voting_day, datetime.time(10)), tick=True):
        visit(survey)
        page.locator("main form button[type=submit]").last.click()
        page.locator(".rh-error-summary").wait_for()
        answer_every_question(page)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r"/danke/$"))
        visit(f"{survey}ergebnisse/")


def test_petition_pages_pass_the_audit(page, visit, demo_town):
    found = demo_objects(demo_town)
    petition = found["petitions"][0]
    visit("/eingaben/")
    visit("/eingaben/buergerbegehren/")
    citizen_sign_in(page, visit, PROPOSER, "/eingaben/meine/")
    for path in [
        "/eingaben/neu/",
        f"/eingaben/{petition.pk}/",
        f"/eingaben/{petition.pk}/eingegangen/",
    ]:
        visit(path)
    visit("/eingaben/neu/")
    page.locator("main form button[type=submit]").last.click()
    page.locator(".rh-error-summary").wait_for()

    sign_in(page, visit, ADMINISTRATOR)
    for path in [
        "/staff/eingaben/",
        f"/staff/eingaben/{petition.pk}/",
        "/staff/eingaben/adressaten/",
        "/staff/eingaben/adressaten/neu/",
    ]:
        visit(path)


def test_moderation_pages_pass_the_audit(page, visit, demo_town):
    sign_in(page, visit, MODERATOR)
    for path in [
        "/staff/moderation/",
        "/staff/moderation/meldungen/",
        "/staff/moderation/meldungen/?status=ausgeblendet",
        "/staff/moderation/meldungen/?status=geprueft",
        "/staff/moderation/gesperrt/",
        "/staff/moderation/protokoll/",
        "/staff/moderation/einstellungen/",
    ]:
        visit(path)
    field(page, "Meldungen, bis ein Inhalt ausgeblendet wird").fill("0")
    page.locator("main form button[type=submit]").click()
    page.locator(".rh-error-summary").wait_for()


def test_defect_staff_and_open311_pages_pass_the_audit(page, visit, demo_town):
    found = demo_objects(demo_town)
    sign_in(page, visit, ADMINISTRATOR)
    for path in [
        "/staff/maengel/",
        "/staff/maengel/?status=fixed",
        f"/staff/maengel/meldung/{found['report'].number}/",
        "/staff/maengel/kategorien/",
        "/staff/maengel/kategorien/neu/",
        f"/staff/maengel/kategorien/{found['category'].code}/",
        f"/staff/maengel/kategorien/{found['category'].code}/fragen/neu/",
        "/staff/maengel/strassen/",
        "/staff/maengel/gebiet/",
        "/staff/maengel/einstellungen/",
        "/open311/zugaenge/",
        "/open311/zugaenge/neu/",
    ]:
        visit(path)
    page.locator("main form button[type=submit]").last.click()
    page.locator(".rh-error-summary").wait_for()
    field(page, "Name der Anwendung").fill("Kreis-App Darmstadt-Dieburg")
    field(page, "Kontakt-E-Mail-Adresse").fill("app@example.org")
    page.locator("main form button[type=submit]").last.click()
    assert len(page.locator("main code.rh-secret").inner_text().strip()) >= 20  # shown once
    visit("/open311/zugaenge/")
    assert "Kreis-App Darmstadt-Dieburg" in page.locator("main").inner_text()


def test_staff_participation_pages_pass_the_audit(page, visit, demo_town):
    found = demo_objects(demo_town)
    process = f"/staff/beteiligung/{PROCESS}/"
    sign_in(page, visit, MANAGER)
    for path in [
        "/staff/beteiligung/",
        "/staff/beteiligung/neu/",
        process,
        f"{process}bearbeiten/",
        f"{process}phasen/neu/",
        f"{process}dokumente/neu/",
        f"{process}vorschlaege/",
        f"{process}vorschlaege/{found['accepted'].pk}/",
        f"{process}umfragen/",
        f"{process}umfragen/{found['survey'].pk}/",
        f"{process}umfragen/{found['survey'].pk}/ergebnisse/",
        f"{process}buergerhaushalt/",
        f"{process}buergerhaushalt/{found['budget'].pk}/",
        f"{process}entwuerfe/",
        f"{process}entwuerfe/{found['draft'].pk}/",
        f"{process}entwuerfe/{found['draft'].pk}/bericht/",
    ]:
        visit(path)
