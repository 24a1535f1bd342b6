"""The demo town's training: three real courses whose checks can be passed, sessions, and
people completed, in progress and overdue in several units; loading twice changes nothing."""

from io import StringIO

from django.core.management import call_command
from django.urls import resolve
from django.utils import timezone

from rathaus.core.accounts.models import RoleAssignment, User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town

from ..demo import CLERK_60_1_NEW, COURSES, TRAINING_ADMIN
from ..models import (
    Assignment,
    Certificate,
    CheckAttempt,
    ClassroomSession,
    Course,
    Question,
    SessionRegistration,
)
from ..services.authoring import is_answerable, publish_problems
from ..services.checks import start_attempt, submit_attempt

SCREEN_PREFIXES = {"e-akte": "/staff/akten/", "online-antraege": "/staff/leistungen/"}


def load_demo() -> Town:
    call_command("load_demo", stdout=StringIO())
    return Town.objects.for_host("127.0.0.1")


def person(email: str) -> User:
    return User.objects.get(email_lookup=email_lookup_for(email))


def right_answer(question: Question) -> list[int]:
    choices = sorted(question.choices.all(), key=lambda choice: (choice.position, choice.pk))
    if question.kind == Question.Kind.ORDERING:
        return [choice.pk for choice in choices]
    return [choice.pk for choice in choices if choice.is_correct]


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Course, Question, Assignment, Certificate, ClassroomSession, CheckAttempt)
    )


def assert_course_is_complete(course: Course) -> None:
    assert course.is_published
    assert course.pass_mark == 80
    assert publish_problems(course) == []
    lessons = list(course.lessons.prefetch_related("questions__choices", "steps"))
    assert 3 <= len(lessons) <= 4
    kinds = set()
    for lesson in lessons:
        assert len(lesson.body) > 1500 and "## " in lesson.body and "**" in lesson.body
        assert lesson.has_check
        questions = list(lesson.questions.all())
        assert len(questions) >= max(4, lesson.questions_per_check)
        for question in questions:
            kinds.add(question.kind)
            assert is_answerable(question), question.text
            assert question.explanation
            assert all(choice.feedback for choice in question.choices.all())
            if question.kind == Question.Kind.MULTIPLE:
                assert any(not choice.is_correct for choice in question.choices.all())
        prefix = SCREEN_PREFIXES.get(course.slug)
        for step in lesson.steps.all():
            if step.screen:
                resolve(step.screen)  # a real screen of Rathaus
                if prefix:
                    assert step.screen.startswith(prefix), step.screen
    assert kinds == {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.ORDERING}


def test_the_demo_has_three_real_courses_whose_checks_can_be_passed():
    town = load_demo()
    with for_town(town):
        courses = Course.objects.filter(slug__in=[spec.slug for spec in COURSES])
        assert courses.count() == 3
        for course in courses:
            assert_course_is_complete(course)
        e_file = courses.get(slug="e-akte")
        assert sorted(e_file.target_roles) == sorted([Role.CLERK, Role.UNIT_LEAD])
        assert any(
            step.screen == "/staff/akten/aktenplan/"
            for lesson in e_file.lessons.all()
            for step in lesson.steps.all()
        )
        security = courses.get(slug="informationssicherheit-datenschutz")
        assert security.validity_months == 12
        assert {Role.CLERK, Role.UNIT_LEAD, Role.EGOV_OFFICER} <= set(security.target_roles)
        assert security.lessons.filter(handout__isnull=False).count() == 1

        # A newcomer passes every check with the right answers and gets the certificate.
        newcomer = person(CLERK_60_1_NEW)
        for lesson in security.lessons.order_by("position"):
            attempt = start_attempt(newcomer, lesson)
            drawn = Question.objects.filter(
                pk__in=[entry["question"] for entry in attempt.drawn]
            ).prefetch_related("choices")
            assert len(drawn) == lesson.questions_per_check
            result = submit_attempt(attempt, newcomer, {str(q.pk): right_answer(q) for q in drawn})
            assert result.passed
        assert result.certificate is not None
        assert result.certificate.valid_until is not None


def test_the_demo_has_people_completed_in_progress_and_overdue_in_several_units():
    town = load_demo()
    with for_town(town):
        admin = person(TRAINING_ADMIN)
        assert admin.get_full_name() == "Tanja Schulz"
        assert RoleAssignment.objects.filter(user=admin, role=Role.TRAINING_ADMIN).exists()

        overdue = Assignment.objects.overdue()
        assert overdue.count() >= 3
        units = set(
            RoleAssignment.objects.filter(
                user__in=overdue.values("person"), unit__isnull=False
            ).values_list("unit__code", flat=True)
        )
        assert {"32", "60"} <= units
        assert Assignment.objects.completed().exists()
        assert Assignment.objects.open().filter(due_on__gte=timezone.localdate()).exists()
        assert CheckAttempt.objects.filter(passed=False).exists()

        held = ClassroomSession.objects.held().get()
        assert held.attendance_recorded_at is not None
        attended = SessionRegistration.objects.filter(session=held, attended=True)
        assert attended.count() == 4
        assert SessionRegistration.objects.filter(session=held, attended=False).count() == 1
        assert (
            Certificate.objects.filter(way=Certificate.Way.CLASSROOM, course=held.course).count()
            == 4
        )
        upcoming = ClassroomSession.objects.upcoming().get()
        assert upcoming.registrations.count() == 4

        before = counts()
    load_demo()
    with for_town(town):
        assert counts() == before
