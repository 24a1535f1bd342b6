"""Staff training in a real browser (German, as the town's staff see it).

A new clerk of the Bauamt receives her role and with it the information-security course. With
the keyboard alone she opens it, reads the lesson, passes its check and downloads the
certificate. The Bauamt's lead opens the training overview: one colleague has completed the
course, another is overdue and has had the reminder e-mail; the programme's key figure for
trained staff is what the data give. A training admin schedules a classroom session, a clerk
registers, and once it has taken place the trainer records who attended, which certifies
them. Every page passes axe-core (see conftest.py).
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from helpers import sign_in, staff_member
from pypdf import PdfReader

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    UnitFactory,
)
from rathaus.core.registries import kpi_registry
from rathaus.training.models import Assignment, Certificate, ClassroomSession
from rathaus.training.services.completion import complete_course
from rathaus.training.services.reminders import send_reminders
from rathaus.training.tests.factories import CourseFactory, LessonFactory, QuestionFactory

pytestmark = pytest.mark.browser


def keyboard(page):
    def tab_to(selector: str, limit: int = 150) -> None:
        for _press in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    return tab_to


def id_of_answer(page, text: str) -> str:
    """The id of the answer whose label reads ``text`` (to know where to go, not to click)."""
    return page.locator("main label", has_text=text).first.get_attribute("for")


@pytest.fixture
def bauamt():
    return UnitFactory(code="60", name="Bauamt")


@pytest.fixture
def security_course():
    course = CourseFactory(
        slug="informationssicherheit",
        title="Informationssicherheit – Grundlagen",
        target_roles=[Role.CLERK],
        validity_months=12,
        pass_mark=100,
    )
    lesson = LessonFactory(
        course=course,
        title="Phishing erkennen",
        body="## Woran Sie Phishing erkennen\n\nAbsender, Anrede, Druck: **prüfen Sie genau**.",
        questions_per_check=2,
    )
    QuestionFactory(
        lesson=lesson,
        kind="single",
        text="Eine E-Mail verlangt Ihr Passwort. Was tun Sie?",
        answers=[
            ("Ich melde sie der IT und lösche sie.", True),
            ("Ich antworte mit dem Passwort.", False),
            ("Ich leite sie an alle weiter.", False),
        ],
    )
    QuestionFactory(
        lesson=lesson,
        kind="multiple",
        text="Welche Merkmale deuten auf Phishing hin?",
        answers=[
            ("Zeitdruck und Drohungen", True),
            ("Ein unbekannter Absender mit Link", True),
            ("Die bekannte Durchwahl der Kollegin", False),
        ],
    )
    return course


def test_a_new_clerk_is_assigned_her_course_and_completes_it_with_the_keyboard(
    page, visit, bauamt, security_course
):
    clerk = staff_member("klara.neu@weiterstadt.example", "Klara", "Neu", (Role.CLERK, bauamt))
    assignment = Assignment.objects.get(person=clerk)
    assert assignment.course == security_course and assignment.source == "role"

    sign_in(page, visit, clerk, "/staff/schulungen/")
    main = page.locator("main")
    assert "Informationssicherheit – Grundlagen" in main.inner_text()
    tab_to = keyboard(page)
    tab_to("main a[href$='/lernen/informationssicherheit/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lernen/informationssicherheit/$"))
    tab_to("main a[href*='/lektion/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lektion/[0-9a-f-]+/$"))
    assert "Woran Sie Phishing erkennen" in main.inner_text()

    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pruefung/$"))
    page.wait_for_selector("main fieldset")

    right_radio = id_of_answer(page, "Ich melde sie der IT und lösche sie.")
    group = page.locator(f"#{right_radio}").get_attribute("name")
    tab_to(f"main input[name='{group}']")
    for _step in range(5):  # arrow keys move through a radio group and choose
        if page.evaluate("() => document.activeElement.id") == right_radio:
            break
        page.keyboard.press("ArrowDown")
    # Tab into a group with nothing chosen focuses its first radio without
    # choosing it; when the answers are drawn with the right one first, Space does.
    page.keyboard.press("Space")
    for text in ("Zeitdruck und Drohungen", "Ein unbekannter Absender mit Link"):
        tab_to(f"main input[id='{id_of_answer(page, text)}']")
        page.keyboard.press("Space")
    assert page.locator(f"#{right_radio}").is_checked()
    tab_to("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pruefung/[0-9a-f-]+/$"))
    assert "Bestanden" in main.inner_text()

    tab_to("main a[href$='.pdf']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = PdfReader(download.value.path())
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Klara Neu" in text and "Informationssicherheit – Grundlagen" in text
    certificate = Certificate.objects.get(person=clerk)
    assert certificate.valid_until is not None
    assert not Assignment.objects.open().filter(person=clerk).exists()


def test_the_unit_lead_sees_who_completed_and_who_is_overdue_and_was_reminded(
    page, visit, bauamt, security_course
):
    done = staff_member("dora.fertig@weiterstadt.example", "Dora", "Fertig", (Role.CLERK, bauamt))
    late = staff_member("otto.spaet@weiterstadt.example", "Otto", "Spät", (Role.CLERK, bauamt))
    lead = staff_member(
        "lea.leitung@weiterstadt.example", "Lea", "Leitung", (Role.UNIT_LEAD, bauamt)
    )
    complete_course(person=done, course=security_course, way=Certificate.Way.ONLINE)
    Assignment.objects.filter(person=late).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    mail.outbox.clear()
    send_reminders()  # what the daily timer runs
    to_late = [message for message in mail.outbox if message.to == [late.email]]
    assert len(to_late) == 1 and "Informationssicherheit" in to_late[0].body
    assert any(message.to == [lead.email] for message in mail.outbox)

    sign_in(page, visit, lead, "/staff/schulungen/uebersicht/")
    people = page.locator("main table").last
    row_done = people.locator("tr", has_text="Fertig")
    row_late = people.locator("tr", has_text="Spät")
    assert "Abgeschlossen" in row_done.inner_text()
    assert "Überfällig" in row_late.inner_text()
    assert "50" in page.locator("main table").first.inner_text()

    # The programme's key figure, and the same share counted here from the data.
    with_course = {done.pk, late.pk}
    trained = {
        person
        for person in with_course
        if not Assignment.objects.open().filter(person_id=person).exists()
        and Certificate.objects.filter(person_id=person).exists()
    }
    expected = round(100 * len(trained) / len(with_course), 1)
    figure = kpi_registry.get("training.trained_share").compute(lead.town, None)
    assert float(figure) == expected == 50.0

    # The e-Government officer takes that figure into the programme and reads it there.
    officer = staff_member(
        "sabine.krueger@weiterstadt.example", "Sabine", "Krüger", (Role.EGOV_OFFICER, None)
    )
    sign_in(page, visit, officer, "/staff/programm/kennzahlen/neu/")
    main = page.locator("main")
    page.fill("input[name=title]", "Geschulte Beschäftigte")
    page.fill("textarea[name=description]", "Anteil der Beschäftigten mit allen Pflichtkursen.")
    page.check("input[name=source][value=computed]")
    page.select_option("select[name=registry_key]", "training.trained_share")
    page.check("input[name=direction][value=up]")
    main.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/kennzahlen/geschulte-beschaeftigte/$"))
    this_month = main.locator("table tr").filter(has_text="vorläufig")
    assert this_month.count() == 1
    assert "50 %" in this_month.inner_text()
    assert "50 %" in main.locator("svg[role=img] desc").text_content()


def test_a_classroom_session_with_registration_and_attendance(page, visit, bauamt, security_course):
    admin = staff_member(
        "tina.schulung@weiterstadt.example", "Tina", "Schulung", (Role.TRAINING_ADMIN, None)
    )
    clerk = staff_member("karl.kurs@weiterstadt.example", "Karl", "Kurs", (Role.CLERK, bauamt))

    sign_in(page, visit, admin, "/staff/schulungen/termine/neu/")
    main = page.locator("main")
    main.get_by_label("Kurs", exact=True).select_option(label=security_course.title)
    starts = timezone.localtime() + datetime.timedelta(days=2)
    main.get_by_label("Beginn", exact=True).fill(starts.strftime("%Y-%m-%dT09:00"))
    main.get_by_label("Ende", exact=True).fill(starts.strftime("%Y-%m-%dT12:00"))
    main.get_by_label("Ort", exact=True).fill("Rathaus, Sitzungssaal")
    main.get_by_label("Plätze", exact=True).fill("8")
    main.get_by_label("Schulungsleitung", exact=True).select_option(label="Tina Schulung")
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/termine/[0-9a-f-]+/$"))
    session = ClassroomSession.objects.get()

    sign_in(page, visit, clerk, "/staff/schulungen/termine/")
    main.get_by_role("button", name=re.compile("Zum Termin anmelden")).first.click()
    page.wait_for_load_state()
    assert session.registrations.filter(person=clerk).exists()

    # The session takes place.
    ClassroomSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    sign_in(page, visit, admin, f"/staff/schulungen/termine/{session.pk}/teilnahme/")
    main.get_by_label(re.compile("Karl Kurs")).check()
    main.get_by_role("button", name="Teilnahme speichern").click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get(person=clerk)
    assert certificate.way == Certificate.Way.CLASSROOM
    assert session.registrations.get(person=clerk).attended is True


def test_a_tour_of_the_training_admins_pages(page, visit, bauamt, security_course):
    admin = staff_member(
        "tina.schulung@weiterstadt.example",
        "Tina",
        "Schulung",
        (Role.TRAINING_ADMIN, None),
        (Role.CLERK, bauamt),
    )
    lesson = security_course.lessons.get()
    question = lesson.questions.first()
    certificate = complete_course(person=admin, course=security_course, way="online")
    session = ClassroomSession.objects.create(
        course=security_course,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
        place="Rathaus, Raum 101",
        capacity=10,
        trainer=admin,
    )
    sign_in(page, visit, admin, "/staff/")
    for path in [
        "/staff/schulungen/",
        "/staff/schulungen/zertifikate/",
        f"/staff/schulungen/lernen/{security_course.slug}/",
        "/staff/schulungen/kurse/",
        "/staff/schulungen/kurse/neu/",
        f"/staff/schulungen/kurse/{security_course.pk}/",
        f"/staff/schulungen/kurse/{security_course.pk}/bearbeiten/",
        f"/staff/schulungen/kurse/{security_course.pk}/lektion/neu/",
        f"/staff/schulungen/kurse/lektion/{lesson.pk}/",
        f"/staff/schulungen/kurse/lektion/{lesson.pk}/fragen/",
        f"/staff/schulungen/kurse/lektion/{lesson.pk}/fragen/neu/",
        f"/staff/schulungen/kurse/frage/{question.pk}/",
        f"/staff/schulungen/kurse/lektion/{lesson.pk}/schritt/neu/",
        "/staff/schulungen/termine/",
        "/staff/schulungen/termine/neu/",
        f"/staff/schulungen/termine/{session.pk}/",
        f"/staff/schulungen/termine/{session.pk}/bearbeiten/",
        f"/staff/schulungen/termine/{session.pk}/absagen/",
        f"/staff/schulungen/termine/{session.pk}/teilnahme/",
        "/staff/schulungen/uebersicht/",
    ]:
        visit(path)
        assert page.locator("main h1").count() == 1, path
    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    visit(f"/staff/schulungen/lernen/{security_course.slug}/lektion/{lesson.pk}/")
    visit("/staff/schulungen/")
    assert certificate.number
