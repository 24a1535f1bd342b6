"""Automatic and manual assignments, completion and certificates."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory

from ..exceptions import CannotAssign, NotAllowed
from ..models import Assignment, Certificate, Course
from ..services.assignments import assign_by_hand, assign_everyone, assign_target_group
from ..services.completion import complete_course, current_cycle, progress, record_lesson_done
from .factories import CourseFactory, LessonFactory


def test_a_new_clerk_is_assigned_the_courses_of_the_role_at_once(training_unit):
    course = CourseFactory(target_roles=[Role.CLERK], due_days=14)
    CourseFactory(target_roles=[Role.ARCHIVIST])
    newcomer = StaffFactory()
    RoleAssignmentFactory(user=newcomer, role=Role.CLERK, unit=training_unit)
    assignments = list(Assignment.objects.filter(person=newcomer))
    assert [a.course for a in assignments] == [course]
    assert assignments[0].source == Assignment.Source.ROLE
    assert assignments[0].due_on == timezone.localdate() + datetime.timedelta(days=14)


def test_a_course_for_some_units_reaches_their_sub_units_only(training_unit):
    sub_unit = UnitFactory(code="60.1", name="Bauaufsicht", parent=training_unit)
    elsewhere = UnitFactory(code="20", name="Kämmerei")
    inside, outside = StaffFactory(), StaffFactory()
    RoleAssignmentFactory(user=inside, role=Role.CLERK, unit=sub_unit)
    RoleAssignmentFactory(user=outside, role=Role.CLERK, unit=elsewhere)
    course = CourseFactory(target_roles=[Role.CLERK], state=Course.State.DRAFT)
    course.target_units.add(training_unit)
    course.state = Course.State.PUBLISHED
    course.save()
    created = assign_target_group(course)
    assert [a.person for a in created] == [inside]
    assert assign_target_group(course) == []  # nobody twice


def test_completion_closes_the_assignment_and_the_certificate_runs_out(clerk):
    course = CourseFactory(target_roles=[Role.CLERK], validity_months=12)
    lessons = [LessonFactory(course=course), LessonFactory(course=course)]
    assign_target_group(course)
    assert record_lesson_done(person=clerk, lesson=lessons[0]) is None
    assert progress(clerk, course, Assignment.objects.open().get(person=clerk)).percent == 50
    certificate = record_lesson_done(person=clerk, lesson=lessons[1])
    assert certificate.way == Certificate.Way.ONLINE
    assert certificate.valid_until == timezone.localdate() + relativedelta(months=12)
    assert not Assignment.objects.open().filter(person=clerk).exists()

    # A year later the certificate has run out: the daily run assigns the course again,
    # due the day the certificate ran out.
    later = certificate.valid_until + datetime.timedelta(days=1)
    assert assign_everyone(today=later) == 1
    renewal = Assignment.objects.open().get(person=clerk)
    assert renewal.source == Assignment.Source.RENEWAL
    assert renewal.due_on == certificate.valid_until
    assert renewal.is_overdue(today=later)


def test_only_the_training_team_and_unit_leads_assign_by_hand(clerk, unit_lead, training_admin):
    course = CourseFactory(target_roles=[])
    due = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(NotAllowed):
        assign_by_hand(actor=clerk, person=unit_lead, course=course, due_on=due)
    assignment = assign_by_hand(actor=unit_lead, person=clerk, course=course, due_on=due)
    assert assignment.assigned_by == unit_lead
    with pytest.raises(CannotAssign) as refused:
        assign_by_hand(actor=training_admin, person=clerk, course=course, due_on=due)
    assert refused.value.message == CannotAssign.ALREADY_OPEN
    complete_course(person=clerk, course=course, way=Certificate.Way.CLASSROOM)
    assert not Assignment.objects.open().filter(person=clerk).exists()


def test_a_completed_course_can_be_read_again_without_a_second_certificate(clerk):
    course = CourseFactory(target_roles=[Role.CLERK])
    lessons = [LessonFactory(course=course), LessonFactory(course=course)]
    assign_target_group(course)
    for lesson in lessons:
        record_lesson_done(person=clerk, lesson=lesson)
    cycle = current_cycle(clerk, course)
    assert not cycle.is_open
    assert progress(clerk, course, cycle).finished  # every lesson stays open to read
    assert record_lesson_done(person=clerk, lesson=lessons[1]) is None
    assert Certificate.objects.filter(person=clerk, course=course).count() == 1


def test_a_voluntary_course_is_certified_once_while_valid(clerk):
    course = CourseFactory(target_roles=[Role.ARCHIVIST])
    lesson = LessonFactory(course=course)
    assert record_lesson_done(person=clerk, lesson=lesson) is not None
    assert record_lesson_done(person=clerk, lesson=lesson) is None
    assert Certificate.objects.filter(person=clerk, course=course).count() == 1
