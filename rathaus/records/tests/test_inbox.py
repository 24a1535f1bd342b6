"""The inbox (Postkorb): what waits for me and my units, overdue marked, constant queries;
and the e-mail digest of pending steps."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rathaus.records.models import RouteStep
from rathaus.records.tasks_routes import send_route_digests

from .factories_d import RouteFactory, RouteStepFactory, pending_steps, procedure_of

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


def test_inbox_lists_my_and_my_units_pending_steps_by_due_date(
    clerk_client, clerk, lead, units, plan_entry
):
    building = units["building"]
    mine = pending_steps(
        count=1, user=clerk, plan_entry=plan_entry, file_unit=building, due_on=days(5)
    )[0]
    unit_step = pending_steps(
        count=1, unit=building, plan_entry=plan_entry, file_unit=building, due_on=days(1)
    )[0]
    overdue = pending_steps(
        count=1, user=clerk, plan_entry=plan_entry, file_unit=building, due_on=days(-2)
    )[0]
    # Not for me: someone else's step, a waiting step, a decided step.
    pending_steps(count=1, user=lead, plan_entry=plan_entry, file_unit=building)
    waiting = RouteStepFactory(
        route=mine.route, assigned_user=clerk, position=2, state=RouteStep.State.WAITING
    )
    RouteStepFactory(
        route=mine.route, assigned_user=clerk, state=RouteStep.State.APPROVED, position=1
    )

    response = clerk_client.get(reverse("records:inbox"))
    assert response.status_code == 200
    listed = list(response.context["page"].object_list)
    assert listed == [overdue, unit_step, mine]
    assert waiting not in listed
    content = response.content.decode()
    assert content.count(">overdue<") == 1
    assert overdue.route.procedure.reference in content
    assert overdue.route.subject in content


def test_inbox_shows_running_routes_i_started(clerk_client, clerk, units, plan_entry):
    procedure = procedure_of(units["building"], plan_entry)
    running = RouteFactory(procedure=procedure, started_by=clerk, subject="Läuft noch")
    RouteFactory(procedure=procedure, started_by=clerk, subject="Schon fertig", state="completed")
    response = clerk_client.get(reverse("records:inbox"))
    assert list(response.context["started"]) == [running]
    content = response.content.decode()
    assert "Läuft noch" in content and "Schon fertig" not in content


def test_inbox_is_paginated(clerk_client, clerk, units, plan_entry):
    pending_steps(count=27, user=clerk, plan_entry=plan_entry, file_unit=units["building"])
    response = clerk_client.get(reverse("records:inbox"))
    assert len(response.context["page"].object_list) == 25
    assert "Page 1 of 2" in response.content.decode()
    second = clerk_client.get(reverse("records:inbox") + "?page=2")
    assert len(second.context["page"].object_list) == 2


def _inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("records:inbox"))
    assert response.status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow_with_steps(clerk_client, clerk, units, plan_entry):
    building = units["building"]
    pending_steps(count=1, user=clerk, plan_entry=plan_entry, file_unit=building)
    RouteFactory(procedure=procedure_of(building, plan_entry), started_by=clerk)
    few = _inbox_queries(clerk_client)
    pending_steps(count=15, user=clerk, plan_entry=plan_entry, file_unit=building)
    pending_steps(count=15, unit=building, plan_entry=plan_entry, file_unit=building)
    for _ in range(10):
        RouteFactory(procedure=procedure_of(building, plan_entry), started_by=clerk)
    assert _inbox_queries(clerk_client) == few


def test_inbox_needs_the_e_file(client, django_user_model):
    from rathaus.core.accounts.tests.factories import StaffFactory

    from .conftest import sign_in_verified

    sign_in_verified(client, StaffFactory())
    assert client.get(reverse("records:inbox")).status_code == 404


# Digest -----------------------------------------------------------------------------------


def test_digest_mails_each_person_with_pending_steps_once_overdue_first(
    clerk, lead, other_clerk, units, plan_entry, outbox, django_capture_on_commit_callbacks
):
    building = units["building"]
    later = pending_steps(
        count=1, user=clerk, plan_entry=plan_entry, file_unit=building, due_on=days(3)
    )[0]
    late = pending_steps(
        count=1, unit=building, plan_entry=plan_entry, file_unit=building, due_on=days(-1)
    )[0]
    later.route.subject = "Spätere Sache"
    later.route.save()
    late.route.subject = "Überfällige Sache"
    late.route.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("records_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_recipient = {mail.to[0]: mail for mail in outbox}
    # Clara: her own step and the unit's; Leo: the unit's; Otto: nothing.
    assert set(by_recipient) == {clerk.email, lead.email}
    body = by_recipient[clerk.email].body
    assert "2 Schritte" in by_recipient[clerk.email].subject
    assert body.index("Überfällige Sache") < body.index("Spätere Sache")
    assert "ÜBERFÄLLIG" in body
    assert reverse("records:inbox") in body
    assert "Spätere Sache" not in by_recipient[lead.email].body


def test_digest_task_sends_nothing_without_pending_steps(
    clerk, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_route_digests.call()
    assert sum(result.values()) == 0
    assert outbox == []
