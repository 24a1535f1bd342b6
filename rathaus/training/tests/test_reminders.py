"""Reminders of the daily run: due soon, overdue (with the unit lead told), certificate
running out; each once, only to active staff."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.notifications.models import Message

from ..models import Certificate, Course
from ..services.reminders import nearest_unit_leads, send_reminders
from .factories import AssignmentFactory, CertificateFactory, CourseFactory

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def course():
    # No target roles: nothing is assigned automatically behind the tests' backs.
    return CourseFactory(title="Informationssicherheit", target_roles=[], validity_months=12)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run(today=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(today=today)

    return run


def _in_english(*users) -> None:
    """Mails go out in the recipient's language; English reads like the msgids."""
    for user in users:
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])


def _mails_to(outbox, user) -> list:
    return [message for message in outbox if message.to == [user.email]]


def test_a_course_due_within_a_week_is_reminded_once(clerk, course, remind, outbox):
    _in_english(clerk)
    assignment = AssignmentFactory(
        person=clerk, course=course, due_on=TODAY + datetime.timedelta(days=5)
    )
    counts = remind()
    assert counts.due_soon == 1
    [mail] = _mails_to(outbox, clerk)
    assert "Informationssicherheit" in mail.subject
    assert "due soon" in mail.subject
    assert Message.objects.get(recipient=clerk).link == "/staff/schulungen/"
    assignment.refresh_from_db()
    assert assignment.reminders_sent == ["due_soon"]

    again = remind()
    assert again.due_soon == 0
    assert len(_mails_to(outbox, clerk)) == 1


def test_a_course_due_later_is_not_reminded_yet(clerk, course, remind, outbox):
    AssignmentFactory(person=clerk, course=course, due_on=TODAY + datetime.timedelta(days=8))
    assert remind().due_soon == 0
    assert outbox == []


def test_an_overdue_course_is_reminded_once_and_the_unit_lead_is_told(
    clerk, unit_lead, course, remind, outbox
):
    _in_english(clerk, unit_lead)
    assignment = AssignmentFactory(
        person=clerk, course=course, due_on=TODAY - datetime.timedelta(days=1)
    )
    counts = remind()
    assert (counts.overdue, counts.overdue_leads) == (1, 1)
    [to_person] = _mails_to(outbox, clerk)
    assert "overdue" in to_person.subject
    assert "Your unit lead has been told." in to_person.body
    [to_lead] = _mails_to(outbox, unit_lead)
    assert "Clara Klein" in to_lead.subject
    assert "Informationssicherheit" in to_lead.body
    assert Message.objects.filter(recipient=unit_lead).count() == 1
    assignment.refresh_from_db()
    assert "overdue" in assignment.reminders_sent

    again = remind(TODAY + datetime.timedelta(days=1))
    assert (again.overdue, again.overdue_leads) == (0, 0)
    assert len(outbox) == 2


def test_a_due_soon_reminder_is_followed_by_the_overdue_one(clerk, course, remind, outbox):
    AssignmentFactory(person=clerk, course=course, due_on=TODAY + datetime.timedelta(days=2))
    assert remind().due_soon == 1
    later = remind(TODAY + datetime.timedelta(days=3))
    assert (later.due_soon, later.overdue) == (0, 1)
    assert len(_mails_to(outbox, clerk)) == 2


def test_the_lead_of_the_unit_above_is_told_when_the_unit_has_none(course, remind, outbox):
    office = UnitFactory(code="60", name="Bauamt")
    section = UnitFactory(code="60.1", name="Bauaufsicht", parent=office)
    clerk, lead, other_lead = StaffFactory(), StaffFactory(), StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=section)
    RoleAssignmentFactory(user=lead, role=Role.UNIT_LEAD, unit=office)
    RoleAssignmentFactory(user=other_lead, role=Role.UNIT_LEAD, unit=UnitFactory(code="32"))
    assert nearest_unit_leads(clerk) == [lead]
    AssignmentFactory(person=clerk, course=course, due_on=TODAY - datetime.timedelta(days=3))
    assert remind().overdue_leads == 1
    assert len(_mails_to(outbox, lead)) == 1
    assert _mails_to(outbox, other_lead) == []


def test_a_lead_is_not_told_about_their_own_overdue_course(unit_lead, course, remind, outbox):
    _in_english(unit_lead)
    AssignmentFactory(person=unit_lead, course=course, due_on=TODAY - datetime.timedelta(days=3))
    counts = remind()
    assert (counts.overdue, counts.overdue_leads) == (1, 0)
    [mail] = outbox
    assert "Your unit lead has been told." not in mail.body


def test_an_inactive_lead_is_not_told(clerk, unit_lead, course, remind, outbox):
    unit_lead.is_active = False
    unit_lead.save()
    AssignmentFactory(person=clerk, course=course, due_on=TODAY - datetime.timedelta(days=3))
    assert remind().overdue_leads == 0
    assert _mails_to(outbox, unit_lead) == []


def test_inactive_staff_get_no_reminders(clerk, course, remind, outbox):
    AssignmentFactory(person=clerk, course=course, due_on=TODAY - datetime.timedelta(days=3))
    CertificateFactory(person=clerk, course=CourseFactory(target_roles=[]), valid_until=TODAY)
    clerk.is_active = False
    clerk.save()
    assert remind().as_dict() == {"due_soon": 0, "overdue": 0, "overdue_leads": 0, "expiring": 0}
    assert outbox == []
    assert Message.objects.filter(recipient=clerk).count() == 0


def test_completed_assignments_and_archived_courses_are_not_reminded(clerk, course, remind, outbox):
    AssignmentFactory(
        person=clerk,
        course=course,
        due_on=TODAY - datetime.timedelta(days=3),
        completed_at=timezone.now(),
    )
    archived = CourseFactory(target_roles=[], state=Course.State.ARCHIVED)
    AssignmentFactory(person=clerk, course=archived, due_on=TODAY - datetime.timedelta(days=3))
    assert remind().overdue == 0
    assert outbox == []


def test_a_certificate_running_out_is_reminded_once(clerk, course, remind, outbox):
    _in_english(clerk)
    certificate = CertificateFactory(
        person=clerk,
        course=course,
        issued_on=TODAY - datetime.timedelta(days=340),
        valid_until=TODAY + datetime.timedelta(days=25),
    )
    assert remind().expiring == 1
    [mail] = _mails_to(outbox, clerk)
    assert "runs out soon" in mail.subject
    assert certificate.number in mail.body
    certificate.refresh_from_db()
    assert certificate.expiry_reminded_at is not None

    assert remind(TODAY + datetime.timedelta(days=1)).expiring == 0
    assert len(outbox) == 1


def test_no_expiry_reminder_while_the_course_is_assigned_again_or_renewed(
    clerk, course, remind, outbox
):
    CertificateFactory(person=clerk, course=course, valid_until=TODAY + datetime.timedelta(days=10))
    AssignmentFactory(person=clerk, course=course, due_on=TODAY + datetime.timedelta(days=20))
    other = CourseFactory(target_roles=[], validity_months=12)
    CertificateFactory(person=clerk, course=other, valid_until=TODAY + datetime.timedelta(days=10))
    CertificateFactory(person=clerk, course=other, valid_until=TODAY + datetime.timedelta(days=370))
    assert remind().expiring == 0
    assert outbox == []


def test_a_certificate_valid_longer_is_not_reminded_yet(clerk, course, remind, outbox):
    CertificateFactory(person=clerk, course=course, valid_until=TODAY + datetime.timedelta(days=31))
    CertificateFactory(person=clerk, course=CourseFactory(target_roles=[]), valid_until=None)
    assert remind().expiring == 0
    assert Certificate.objects.filter(expiry_reminded_at__isnull=False).count() == 0
