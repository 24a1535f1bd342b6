"""The compliance view: who sees whom, statuses, rates and overdue figures counted by hand,
the CSV export, assigning by hand, and a constant number of queries."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory

from .. import compliance
from ..models import Assignment
from .conftest import sign_in_verified
from .factories import AssignmentFactory, CertificateFactory, CourseFactory

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _staff(given, family, unit, role=Role.CLERK):
    person = StaffFactory(given_name=given, family_name=family)
    RoleAssignmentFactory(user=person, role=role, unit=unit)
    return person


@pytest.fixture
def world(training_unit, clerk, unit_lead):
    """Bauamt (60) with its section 60.1, and the Ordnungsamt (32).

    Course A (valid a year), course B (valid for ever):
    - Clara Klein (60): A completed and valid; B open, due in ten days
    - Sven Sektion (60.1): A overdue since yesterday; B not assigned
    - Otto Ordnung (32): A expired yesterday; B completed
    - Paula Pflicht (32): A completed and valid; B not assigned
    """
    section = UnitFactory(code="60.1", name="Bauaufsicht", parent=training_unit)
    order = UnitFactory(code="32", name="Ordnungsamt")
    # No target roles: nothing is assigned automatically behind the test's back.
    a = CourseFactory(title="A Informationssicherheit", target_roles=[], validity_months=12)
    b = CourseFactory(title="B E-Akte", target_roles=[])
    sven = _staff("Sven", "Sektion", section)
    otto = _staff("Otto", "Ordnung", order)
    paula = _staff("Paula", "Pflicht", order)
    today = TODAY()

    done = AssignmentFactory(person=clerk, course=a, completed_at=timezone.now())
    CertificateFactory(
        person=clerk, course=a, assignment=done, valid_until=today + datetime.timedelta(300)
    )
    AssignmentFactory(person=clerk, course=b, due_on=today + datetime.timedelta(10))
    AssignmentFactory(person=sven, course=a, due_on=today - DAY)
    CertificateFactory(
        person=otto, course=a, issued_on=today - datetime.timedelta(366), valid_until=today - DAY
    )
    CertificateFactory(person=otto, course=b, valid_until=None)
    CertificateFactory(person=paula, course=a, valid_until=today + datetime.timedelta(100))
    return {
        "a": a,
        "b": b,
        "clerk": clerk,
        "sven": sven,
        "otto": otto,
        "paula": paula,
        "lead": unit_lead,
        "section": section,
        "order": order,
        "unit": training_unit,
    }


def _rates(overview):
    return {
        course.title[0]: (rate.assigned, rate.completed, rate.percent, rate.overdue)
        for course, rate in overview.course_rates
    }


def _people_in(html):
    """The names in the people table's row headers."""
    start = html.index("Status of each person in each course") if "Status of each" in html else -1
    if start < 0:
        return set()
    table = html[start : html.index("</table>", start)]
    return set(re.findall(r'<th scope="row" class="kern-table__cell">([^<]+)</th>', table))


def _csv(response):
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:])))


# ------------------------------------------------------------------ statuses and rates


def test_each_person_has_the_status_counted_by_hand(world):
    cells = compliance.statuses(
        [world[n].pk for n in ("clerk", "sven", "otto", "paula")], [world["a"], world["b"]]
    )
    status = {
        (name, course): cells.get((world[name].pk, world[course].pk), compliance.NOT_ASSIGNED)
        for name in ("clerk", "sven", "otto", "paula")
        for course in ("a", "b")
    }
    S = compliance.Status
    assert {k: v.status for k, v in status.items()} == {
        ("clerk", "a"): S.COMPLETED,
        ("clerk", "b"): S.OPEN,
        ("sven", "a"): S.OVERDUE,
        ("sven", "b"): S.NOT_ASSIGNED,
        ("otto", "a"): S.EXPIRED,
        ("otto", "b"): S.COMPLETED,
        ("paula", "a"): S.COMPLETED,
        ("paula", "b"): S.NOT_ASSIGNED,
    }
    assert status["clerk", "b"].due_on == TODAY() + datetime.timedelta(10)
    assert status["otto", "a"].valid_until == TODAY() - DAY


def test_the_training_admin_sees_the_rates_of_everyone(world, training_admin):
    overview = compliance.overview(training_admin)
    # A: Clara, Sven, Otto, Paula assigned; Clara and Paula valid; Sven overdue.
    # B: Clara (open) and Otto (done) assigned.
    assert _rates(overview) == {"A": (4, 2, 50.0, 1), "B": (2, 1, 50.0, 0)}
    assert overview.overdue == 1
    # Only Paula has completed everything of the four people with a course.
    assert (overview.trained.assigned, overview.trained.completed) == (4, 1)
    assert overview.trained.percent == 25.0
    units = {
        row.unit.code: [(r.assigned, r.completed) for r in row.rates] for row in overview.unit_rows
    }
    assert units["60"] == [(2, 1), (1, 0)]  # Clara and Sven (from 60.1)
    assert units["60.1"] == [(1, 0), (0, 0)]
    assert units["32"] == [(2, 1), (1, 1)]


def test_the_unit_lead_counts_their_units_only(world):
    overview = compliance.overview(world["lead"])
    assert _rates(overview) == {"A": (2, 1, 50.0, 1), "B": (1, 0, 0.0, 0)}
    assert {row.unit.code for row in overview.unit_rows} == {"60", "60.1"}


def test_a_renewed_assignment_beside_a_valid_certificate_is_open(world):
    AssignmentFactory(person=world["paula"], course=world["a"], due_on=TODAY() + DAY)
    cells = compliance.statuses([world["paula"].pk], [world["a"]])
    assert cells[world["paula"].pk, world["a"].pk].status == compliance.Status.OPEN


# ------------------------------------------------------------------ pages: who sees what


def test_a_unit_lead_sees_their_people_and_not_another_units(client, world):
    sign_in_verified(client, world["lead"])
    page = client.get(reverse("training:compliance"))
    assert page.status_code == 200
    html = page.content.decode()
    assert _people_in(html) == {"Clara Klein", "Sven Sektion", "Lars Leitner"}
    assert "Otto Ordnung" not in html and "Paula Pflicht" not in html
    assert "Overdue" in html and "was due on" in html  # status as text, not colour alone

    rows = _csv(client.get(reverse("training:compliance_csv")))
    names = {row[0] for row in rows[1:]}
    assert names == {"Clara Klein", "Sven Sektion", "Lars Leitner"}
    clara_a = next(r for r in rows if r[0] == "Clara Klein" and r[3].startswith("A "))
    assert clara_a[4] == "Completed"
    assert clara_a[7] == (TODAY() + datetime.timedelta(300)).isoformat()


def test_the_egov_officer_sees_rates_and_no_names(client, world, egov_officer):
    sign_in_verified(client, egov_officer)
    page = client.get(reverse("training:compliance"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ordnungsamt" in html and "50.0 %" in html
    for name in ("Klein", "Sektion", "Ordnung", "Pflicht"):
        assert f"{name}</" not in html
    assert "Clara" not in html and "Otto" not in html
    assert 'name="assign-person"' not in html

    response = client.get(reverse("training:compliance_csv"))
    text = response.content.decode("utf-8")
    assert "Clara" not in text and "Klein" not in text and "Otto" not in text
    rows = _csv(response)
    assert rows[0] == ["Unit", "Course", "Assigned", "Completed", "Rate (%)", "Overdue"]
    assert ["All units", "A Informationssicherheit", "4", "2", "50.0", "1"] in rows


@pytest.mark.parametrize("name", ["training:compliance", "training:compliance_csv"])
def test_a_clerk_gets_404(client, world, name):
    sign_in_verified(client, world["clerk"])
    assert client.get(reverse(name)).status_code == 404


def test_filters_narrow_the_people(client, world, training_admin):
    sign_in_verified(client, training_admin)
    html = client.get(reverse("training:compliance"), {"overdue": "on"}).content.decode()
    assert _people_in(html) == {"Sven Sektion"}
    html = client.get(reverse("training:compliance"), {"unit": world["order"].pk}).content.decode()
    assert _people_in(html) == {"Otto Ordnung", "Paula Pflicht"}
    rows = _csv(
        client.get(reverse("training:compliance_csv"), {"course": world["b"].pk, "overdue": ""})
    )
    assert {row[3] for row in rows[1:]} == {"B E-Akte"}


def test_a_unit_lead_cannot_filter_another_unit_into_view(client, world):
    sign_in_verified(client, world["lead"])
    html = client.get(reverse("training:compliance"), {"unit": world["order"].pk}).content.decode()
    assert "Otto Ordnung" not in html


def test_csv_cells_cannot_become_formulas(client, world, training_admin):
    _staff('=HYPERLINK("http://x")', "@Boese", world["order"])
    sign_in_verified(client, training_admin)
    rows = _csv(client.get(reverse("training:compliance_csv")))
    evil = [row for row in rows if "HYPERLINK" in row[0]]
    assert evil and all(row[0].startswith("'=") for row in evil)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# ------------------------------------------------------------------ assigning by hand


def test_a_unit_lead_assigns_a_course_to_their_clerk(client, world):
    sign_in_verified(client, world["lead"])
    due = TODAY() + datetime.timedelta(20)
    response = client.post(
        reverse("training:compliance_assign"),
        {
            "assign-person": world["sven"].pk,
            "assign-course": world["b"].pk,
            "assign-due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.open().get(person=world["sven"], course=world["b"])
    assert assignment.due_on == due and assignment.assigned_by == world["lead"]


def test_a_unit_lead_cannot_assign_to_another_unit(client, world):
    sign_in_verified(client, world["lead"])
    response = client.post(
        reverse("training:compliance_assign"),
        {
            "assign-person": world["paula"].pk,
            "assign-course": world["b"].pk,
            "assign-due_on": (TODAY() + DAY).isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Assignment.objects.filter(person=world["paula"], course=world["b"]).exists()


def test_the_egov_officer_cannot_assign(client, world, egov_officer):
    sign_in_verified(client, egov_officer)
    response = client.post(
        reverse("training:compliance_assign"),
        {
            "assign-person": world["sven"].pk,
            "assign-course": world["b"].pk,
            "assign-due_on": (TODAY() + DAY).isoformat(),
        },
    )
    assert response.status_code == 404


# ------------------------------------------------------------------ queries


def test_the_page_costs_the_same_queries_for_more_people(client, world, training_admin):
    sign_in_verified(client, training_admin)
    url = reverse("training:compliance")
    client.get(url)  # warm caches (session, town)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(6):
        person = _staff(f"Neu{number}", "Person", world["order"])
        AssignmentFactory(person=person, course=world["a"], due_on=TODAY() - DAY)
        CertificateFactory(person=person, course=world["b"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as few_csv:
        client.get(reverse("training:compliance_csv"))
    _staff("Noch", "Jemand", world["order"])
    with CaptureQueriesContext(connection) as many_csv:
        client.get(reverse("training:compliance_csv"))
    assert len(many_csv) == len(few_csv)
