"""The programme's concept in a real browser (German, as the town's staff see it).

The e-Government officer opens her dashboard, adds a measure to a field of action with its
responsible unit, dates and a key figure, gives it a milestone and marks an earlier one as
reached, and finds the measure on the dashboard under "in progress". The clerk of the
Bauamt responsible for it cannot edit the measure but moves its status on; the dashboard
offers her nothing to change. Every page
passes axe-core (see conftest.py). Selectors use addresses and field names, not texts, so
the test does not depend on the wording of the translation.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from helpers import sign_in, staff_member

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    UnitFactory,
)
from rathaus.programme.models import FieldOfAction, KeyFigure, Measure

pytestmark = pytest.mark.browser


def _submit(page) -> None:
    page.locator("main form.rh-form button[type=submit].kern-btn--primary").click()


def test_the_officer_adds_a_measure_with_a_milestone_and_a_key_figure(page, visit):
    bauamt = UnitFactory(code="60", name="Bauamt")
    officer = staff_member(
        "sabine.krueger@weiterstadt.example", "Sabine", "Krüger", (Role.EGOV_OFFICER, None)
    )
    clerk = staff_member(
        "lena.hoffmann@weiterstadt.example", "Lena", "Hoffmann", (Role.CLERK, bauamt)
    )
    field = FieldOfAction.objects.create(
        slug="e-akte", title="Papierlose Verwaltung und E-Akte (G2G)", position=3
    )
    figure = KeyFigure.objects.create(
        slug="ohne-papier",
        title="Dokumente ohne Papier abgelegt",
        unit="%",
        direction=KeyFigure.Direction.UP,
        source=KeyFigure.Source.MANUAL,
    )
    today = timezone.localdate()
    dashboard = reverse("programme:dashboard")

    sign_in(page, visit, officer, dashboard)
    main = page.locator("main")
    page.click(f"main a[href='{reverse('programme:measure_new')}']")
    page.wait_for_url(re.compile(r"/massnahmen/neu/$"))
    page.select_option("#id_field", str(field.pk))
    page.fill("#id_code", "3.1")
    page.fill("#id_title", "E-Akte im Bauamt einführen")
    page.fill("#id_goal", "Bauanträge werden nur noch in der E-Akte bearbeitet.")
    page.select_option("#id_responsible_unit", str(bauamt.pk))
    page.select_option("#id_responsible_person", str(clerk.pk))
    page.check("input[name=status][value=in_progress]")
    # An end before the start is refused, and what was typed stays.
    page.fill("#id_starts_on", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_ends_on", (today - datetime.timedelta(days=31)).isoformat())
    page.check(f"input[name=key_figures][value='{figure.pk}']")
    _submit(page)
    page.wait_for_selector("main .rh-error-summary, main .kern-error")
    assert page.input_value("#id_title") == "E-Akte im Bauamt einführen"
    assert page.is_checked(f"input[name=key_figures][value='{figure.pk}']")
    page.fill("#id_ends_on", (today + datetime.timedelta(days=180)).isoformat())
    _submit(page)
    page.wait_for_url(re.compile(r"/massnahmen/[0-9a-f-]+/$"))

    measure = Measure.objects.get(code="3.1")
    assert list(measure.key_figures.all()) == [figure]
    assert "Dokumente ohne Papier abgelegt" in main.inner_text()
    assert "Lena Hoffmann" in main.inner_text()

    for title, due_in_days in (("Aktenplan abgestimmt", -10), ("Pilotbetrieb", 60)):
        page.click(f"main a[href='{reverse('programme:milestone_new', args=[measure.pk])}']")
        page.wait_for_url(re.compile(r"/meilensteine/neu/$"))
        page.fill("#id_title", title)
        page.fill("#id_due_on", (today + datetime.timedelta(days=due_in_days)).isoformat())
        _submit(page)
        page.wait_for_url(re.compile(r"/massnahmen/[0-9a-f-]+/$"))
    milestones = page.locator("#meilensteine + .kern-table-responsive table")
    assert "Pilotbetrieb" in milestones.inner_text()
    earlier = measure.milestones.get(title="Aktenplan abgestimmt")
    page.click(f"form[action='{reverse('programme:milestone_reached', args=[earlier.pk])}'] button")
    page.wait_for_url(re.compile(r"/massnahmen/[0-9a-f-]+/$"))
    earlier.refresh_from_db()
    assert earlier.reached_on == today

    visit(dashboard)
    running = main.locator("table", has_text="E-Akte im Bauamt einführen")
    assert running.count() == 1
    link = running.locator(f"a[href='{reverse('programme:measure', args=[measure.pk])}']")
    assert link.count() == 1

    # The responsible clerk reads the measure; she may not edit it, but she may move its
    # status on.
    sign_in(page, visit, clerk, reverse("programme:measure", args=[measure.pk]))
    assert "E-Akte im Bauamt einführen" in main.inner_text()
    assert (
        page.locator(f"a[href='{reverse('programme:measure_edit', args=[measure.pk])}']").count()
        == 0
    )
    page.select_option("#id_status", "done")
    page.locator(
        f"form[action='{reverse('programme:measure_status', args=[measure.pk])}'] button"
    ).click()
    page.wait_for_url(re.compile(r"/massnahmen/[0-9a-f-]+/$"))
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE
    visit(dashboard)
    assert page.locator(f"main a[href='{reverse('programme:measure_new')}']").count() == 0
