"""The daily run: ``manage.py training_daily`` and the ``run_training_day`` task."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.tenancy import for_town

from ..models import Assignment
from ..tasks import run_training_day
from .factories import AssignmentFactory, CourseFactory


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    def run(*args) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("training_daily", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def overdue(clerk, unit_lead):
    course = CourseFactory(title="E-Akte", target_roles=[])
    return AssignmentFactory(
        person=clerk, course=course, due_on=timezone.localdate() - datetime.timedelta(days=2)
    )


def test_the_command_assigns_and_reminds_for_one_town(town, training_unit, overdue, daily, outbox):
    course = CourseFactory(title="Datenschutz", target_roles=[Role.UNIT_LEAD])
    newcomer = StaffFactory()
    # A role given while the course was not yet published: the daily run catches up.
    RoleAssignmentFactory(user=newcomer, role=Role.UNIT_LEAD, unit=training_unit)
    Assignment.objects.filter(course=course).delete()

    output = daily("--host", "testserver")

    assert "Weiterstadt: 2 assignment(s) made" in output
    # The clerk is told, and both leads of the unit (the newcomer is one now).
    assert "1 overdue (+2 to unit leads)" in output
    assert Assignment.objects.filter(course=course).count() == 2
    assert len(outbox) == 3


def test_running_twice_sends_nothing_new(overdue, daily, outbox):
    daily("--host", "testserver")
    sent = len(outbox)
    output = daily("--host", "testserver")
    assert "0 assignment(s) made" in output
    assert "0 due soon, 0 overdue (+0 to unit leads), 0 certificate(s) running out" in output
    assert len(outbox) == sent == 2


def test_without_host_every_town_is_handled(town, other_town, overdue, daily, outbox):
    output = daily()
    assert "Weiterstadt: 0 assignment(s) made" in output
    assert "Musterstadt: 0 assignment(s) made" in output
    with for_town(other_town):
        assert Assignment.objects.count() == 0


def test_an_unknown_host_is_refused(daily):
    with pytest.raises(CommandError):
        daily("--host", "nowhere.example")


def test_the_task_runs_the_day_of_every_town(
    town, overdue, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_training_day.call()
    assert result[str(town)]["overdue"] == 1
    assert result[str(town)]["overdue_leads"] == 1
    assert len(outbox) == 2


def test_every_member_of_staff_finds_training_on_the_start_page(clerk, egov_officer):
    from rathaus.core.accounts.tests.factories import UserFactory
    from rathaus.core.staff.views.home import tiles_for

    for user in (clerk, egov_officer):
        tile = next(tile for tile in tiles_for(user) if tile["title"] == "Training")
        assert tile["url"] == "/staff/schulungen/"
    assert all(tile["title"] != "Training" for tile in tiles_for(UserFactory()))
