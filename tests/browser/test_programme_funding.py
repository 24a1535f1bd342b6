"""Funding and the expert group in a real browser (German, as the town's staff see it).

The e-Government officer adds a funding programme to the catalogue and links it to the
measure it could fund. A member of the expert group records a meeting, a decision with the
task that follows from it, and marks the task done. An external expert signs in with her
citizen account and reads the meeting. Every page passes axe-core (see conftest.py).
"""

import datetime
import re

import pytest
from django.utils import timezone
from helpers import PASSWORD, sign_in, staff_member

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    UserFactory,
)
from rathaus.programme.models import Decision, FundingProgramme, GroupTask, Meeting
from rathaus.programme.tests.factories import (
    ExpertGroupMemberFactory,
    FieldOfActionFactory,
    FundingProgrammeFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.browser


def test_the_officer_adds_a_funding_programme_and_links_it_to_a_measure(page, visit):
    officer = staff_member(
        "sabine.krueger@weiterstadt.example", "Sabine", "Krüger", (Role.EGOV_OFFICER, None)
    )
    field = FieldOfActionFactory(slug="e-akte", title="Papierlose Verwaltung (E-Akte)")
    measure = MeasureFactory(field=field, code="3.1", title="E-Akte im Bauamt einführen")
    FundingProgrammeFactory(name="EFRE Hessen 2021–2027", level="eu", funder="EU")

    sign_in(page, visit, officer, "/staff/programm/foerderung/")
    main = page.locator("main")
    assert "EFRE Hessen 2021–2027" in main.inner_text()
    main.locator("a[href$='/foerderung/neu/']").click()
    page.wait_for_url(re.compile(r"/foerderung/neu/$"))

    # Sent without a source: refused, and what was typed stays.
    page.fill("#id_name", "Förderung smarter Kommunen (Starke Heimat Hessen)")
    page.check("input[name=level][value=land]")
    page.fill("#id_funder", "Land Hessen")
    page.fill("#id_funds", "Digitalisierungsvorhaben hessischer Kommunen")
    page.fill("#id_rate_percent", "80")
    page.fill("#id_cap", "2.500.000")
    page.check(f"input[name=measures][value='{measure.pk}']")
    main.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".rh-error-summary, .kern-alert--danger, [id$='_error']").count() > 0
    assert page.input_value("#id_name") == "Förderung smarter Kommunen (Starke Heimat Hessen)"
    assert page.is_checked(f"input[name=measures][value='{measure.pk}']")

    page.fill(
        "#id_source",
        "https://digitales.hessen.de/foerderprogramme/starke-heimat/phase-2 – "
        "Anteilsfinanzierung in der Regel 80 %, bis 2,5 Mio. € (geprüft am 29.11.2026)",
    )
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/foerderung/[0-9a-f-]{36}/$"))
    programme = FundingProgramme.objects.get(name__startswith="Förderung smarter Kommunen")
    assert list(programme.measures.all()) == [measure]
    text = main.inner_text()
    assert "3.1 E-Akte im Bauamt einführen" in text
    assert "2.500.000,00 €" in text
    assert "80 %" in text

    # The catalogue's filter by funder level.
    visit("/staff/programm/foerderung/?level=land")
    assert "Förderung smarter Kommunen" in main.inner_text()
    assert "EFRE Hessen" not in main.inner_text()


def test_the_expert_group_records_a_meeting_with_a_decision_and_a_task(page, visit):
    expert = staff_member("jonas.weber@weiterstadt.example", "Jonas", "Weber")
    ExpertGroupMemberFactory(person=expert, organisation="Stadt Weiterstadt, Hauptamt (IT)")
    external = UserFactory(
        email="miriam.albers@example.org",
        password=PASSWORD,
        given_name="Miriam",
        family_name="Albers",
    )
    ExpertGroupMemberFactory(
        person=external, organisation="Digitalverein Weiterstadt", is_external=True
    )

    sign_in(page, visit, expert, "/expertengruppe/")
    main = page.locator("main")
    main.locator("a[href$='/sitzungen/neu/']").first.click()
    page.wait_for_url(re.compile(r"/sitzungen/neu/$"))
    starts = timezone.localtime() - datetime.timedelta(days=1)
    page.fill("#id_title", "4. Sitzung der Expertengruppe")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT17:00"))
    page.fill("#id_place", "Rathaus Weiterstadt, Sitzungszimmer 2")
    page.fill("#id_agenda", "1. Förderung der E-Akte\n2. Barrierefreiheit")
    page.fill("#id_minutes", "Der Förderantrag soll gestellt werden.")
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/sitzungen/[0-9a-f-]{36}/$"))
    meeting = Meeting.objects.get()

    main.locator("a[href$='/beschluesse/neu/']").click()
    page.wait_for_url(re.compile(r"/beschluesse/neu/$"))
    page.fill("#id_text", "Die Stadt stellt den Förderantrag für die E-Akte im Bauamt.")
    page.fill("#id_task_title", "Antragsskizze entwerfen")
    page.select_option("#id_task_owner", label="Miriam Albers")
    due = timezone.localdate() + datetime.timedelta(days=14)
    page.fill("#id_task_due_on", due.isoformat())
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/sitzungen/{meeting.pk}/"))
    decision = Decision.objects.get(meeting=meeting)
    task = GroupTask.objects.get(decision=decision)
    assert (decision.number, task.owner, task.due_on) == (1, external, due)
    assert "Antragsskizze entwerfen" in main.inner_text()
    assert "Miriam Albers" in main.inner_text()

    # The external expert reads the meeting and marks her task done.
    sign_in(page, visit, external, "/expertengruppe/")
    assert "Antragsskizze entwerfen" in main.inner_text()
    main.locator(f"form[action$='/aufgaben/{task.pk}/erledigt/'] button").click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    visit(f"/expertengruppe/sitzungen/{meeting.pk}/")
    assert "Die Stadt stellt den Förderantrag" in main.inner_text()
    response = page.goto("/staff/programm/")
    assert response.status == 404
