"""Deadline reminders: the officers are told 30 and 7 days before a programme's deadline and
before a granted application's report is due, each reminder once however often the daily
run is repeated."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.notifications.models import Message

from ..reminders import ReminderCounts, send_reminders
from .factories import (
    FundingApplicationFactory,
    FundingProgrammeFactory,
)

DEADLINE = datetime.date(2026, 12, 31)


@pytest.fixture
def remind(django_capture_on_commit_callbacks, time_machine):
    """Run the daily reminders as on ``day`` (a few times, as a timer might); how many
    reminders went out in all."""

    def run(day: datetime.date, times: int = 1):
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(6, 0)))
        total = ReminderCounts()
        for _run in range(times):
            with django_capture_on_commit_callbacks(execute=True):
                counts = send_reminders()
            total.deadlines += counts.deadlines
            total.reports += counts.reports
        return total

    return run


def _english(*users):
    for user in users:
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])


def _messages(user) -> list[str]:
    return [m.subject for m in Message.objects.filter(recipient=user).order_by("created_at")]


def test_a_deadline_is_reminded_30_and_7_days_before_once_each(officer, remind, outbox):
    _english(officer)
    programme = FundingProgrammeFactory(name="Smarte Kommunen", deadline=DEADLINE)
    day = DEADLINE - datetime.timedelta(days=45)
    sent = []
    while day <= DEADLINE + datetime.timedelta(days=3):
        sent.append((day, remind(day, times=2).deadlines))
        day += datetime.timedelta(days=1)
    reminded_on = [day for day, count in sent if count]
    assert reminded_on == [
        DEADLINE - datetime.timedelta(days=30),
        DEADLINE - datetime.timedelta(days=7),
    ]
    assert _messages(officer) == [
        "Funding deadline on 12/31/2026: Smarte Kommunen",
        "Funding deadline on 12/31/2026: Smarte Kommunen",
    ]
    assert [mail.to for mail in outbox] == [[officer.email], [officer.email]]
    assert "in 30 days" in outbox[0].body and "in 7 days" in outbox[1].body
    assert (
        Message.objects.filter(recipient=officer).first().link
        == f"/staff/programm/foerderung/{programme.pk}/"
    )
    programme.refresh_from_db()
    assert programme.reminded_for == DEADLINE


def test_a_deadline_first_seen_within_a_week_gets_only_the_last_reminder(officer, remind):
    FundingProgrammeFactory(deadline=DEADLINE)
    assert remind(DEADLINE - datetime.timedelta(days=5)).deadlines == 1
    assert remind(DEADLINE - datetime.timedelta(days=4)).deadlines == 0
    assert Message.objects.filter(recipient=officer).count() == 1


def test_a_moved_deadline_is_reminded_anew(officer, remind):
    programme = FundingProgrammeFactory(deadline=DEADLINE)
    assert remind(DEADLINE - datetime.timedelta(days=30)).deadlines == 1
    programme.deadline = DEADLINE + datetime.timedelta(days=14)
    programme.save()
    assert remind(DEADLINE - datetime.timedelta(days=16)).deadlines == 1
    assert remind(DEADLINE - datetime.timedelta(days=15)).deadlines == 0


def test_every_officer_is_told_and_nobody_else(officer, remind):
    second = StaffFactory()
    RoleAssignmentFactory(user=second, role=Role.EGOV_OFFICER, unit=None)
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK)
    FundingProgrammeFactory(deadline=DEADLINE)
    remind(DEADLINE - datetime.timedelta(days=7))
    assert Message.objects.filter(recipient__in=[officer, second]).count() == 2
    assert not Message.objects.filter(recipient=clerk).exists()


def test_without_an_officer_the_reminder_waits_for_one(remind):
    FundingProgrammeFactory(deadline=DEADLINE)
    assert remind(DEADLINE - datetime.timedelta(days=20)).deadlines == 0
    person = StaffFactory()
    RoleAssignmentFactory(user=person, role=Role.EGOV_OFFICER, unit=None)
    assert remind(DEADLINE - datetime.timedelta(days=19)).deadlines == 1
    assert Message.objects.filter(recipient=person).count() == 1


def test_a_report_due_is_reminded_30_and_7_days_before_once_each(officer, remind, outbox):
    _english(officer)
    application = FundingApplicationFactory(
        status="granted",
        submitted_on=datetime.date(2026, 1, 10),
        decided_on=datetime.date(2026, 3, 1),
        amount_granted=30000,
        reporting_duties="Zwischenbericht mit Sachbericht",
        next_report_due=DEADLINE,
    )
    counts = [
        remind(DEADLINE - datetime.timedelta(days=days), times=2).reports
        for days in range(40, -1, -1)
    ]
    assert sum(counts) == 2
    assert "Funding report due on 12/31/2026" in outbox[0].subject
    assert "Zwischenbericht mit Sachbericht" in outbox[0].body
    [last] = [m for m in Message.objects.filter(recipient=officer) if "in 7 days" in m.body]
    assert last.link == f"/staff/programm/foerderung/{application.programme_id}/"


def test_reports_of_applications_not_granted_are_not_reminded(officer, remind):
    FundingApplicationFactory(status="withdrawn", next_report_due=DEADLINE)
    assert remind(DEADLINE - datetime.timedelta(days=7)).reports == 0


def test_the_daily_command_sends_the_reminders_once(officer, time_machine):
    FundingProgrammeFactory(deadline=DEADLINE)
    time_machine.move_to(
        datetime.datetime.combine(DEADLINE - datetime.timedelta(days=7), datetime.time(6))
    )
    output = StringIO()
    call_command("programme_daily", stdout=output)
    call_command("programme_daily", stdout=output)
    assert "Weiterstadt: 1 deadline reminder(s), 0 report reminder(s) sent." in output.getvalue()
    assert "Weiterstadt: 0 deadline reminder(s)" in output.getvalue()
    assert Message.objects.filter(recipient=officer).count() == 1
