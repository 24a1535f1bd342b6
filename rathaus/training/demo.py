"""The demo town's staff training: three real courses (the e-file, online applications,
information security and data protection) written by the training admin Tanja Schulz, a
held classroom session with attendance and certificates, an upcoming one with
registrations, and a history of assignments that leaves people completed, in progress and
overdue in several units.

The courses were published weeks ago in the story: their assignments are dated back so
that due dates have passed. People and contacts are invented.
"""

import datetime
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from rathaus.core.accounts.models import RoleAssignment, User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.registries import register_demo_data
from rathaus.core.tenancy import current_town

from .demo_data import CourseData, LessonData, e_akte, informationssicherheit, online_antraege
from .demo_data.handout import FILE_NAME, handout_pdf
from .models import (
    Assignment,
    Certificate,
    CheckAttempt,
    ClassroomSession,
    Course,
    Lesson,
    LessonCompletion,
    Question,
    SessionRegistration,
)
from .services import authoring, sessions
from .services.completion import complete_course, open_assignment

COURSES = (e_akte.COURSE, online_antraege.COURSE, informationssicherheit.COURSE)

TRAINING_ADMIN = "tanja.schulz@weiterstadt.example"
ADMINISTRATOR = "anna.richter@weiterstadt.example"
CLERK_60 = "lena.hoffmann@weiterstadt.example"
CLERK_32 = "murat.yildiz@weiterstadt.example"
LEAD_60 = "thomas.becker@weiterstadt.example"
LEAD_32 = "markus.braun@weiterstadt.example"
CLERK_32_NEW = "julia.neumann@weiterstadt.example"
CLERK_60_1_NEW = "stefan.koch@weiterstadt.example"
EGOV = "sabine.krueger@weiterstadt.example"
EXPERT = "jonas.weber@weiterstadt.example"
DPO = "petra.schneider@weiterstadt.example"
ARCHIVIST = "klaus.fischer@weiterstadt.example"
PARTICIPATION = "nina.berg@weiterstadt.example"
MODERATOR = "miriam.wolf@weiterstadt.example"
STEWARD = "jana.vogel@weiterstadt.example"


@dataclass(frozen=True)
class TrainingPerson:
    email: str
    given_name: str
    family_name: str
    roles: tuple[tuple[str, str | None], ...]  # (role, unit code or None)


# Staff the training story needs besides the foundation's demo accounts.
STAFF = (
    TrainingPerson(
        TRAINING_ADMIN, "Tanja", "Schulz", ((Role.TRAINING_ADMIN, None), (Role.CLERK, "10"))
    ),
    TrainingPerson(LEAD_32, "Markus", "Braun", ((Role.UNIT_LEAD, "32"),)),
)
# Newcomers who receive their role after the courses were published: their assignments are
# fresh, neither done nor overdue.
NEWCOMERS = (
    TrainingPerson(CLERK_32_NEW, "Julia", "Neumann", ((Role.CLERK, "32"),)),
    TrainingPerson(CLERK_60_1_NEW, "Stefan", "Koch", ((Role.CLERK, "60.1"),)),
)

# Days before today each course was published (and its assignments made).
PUBLISHED_DAYS_AGO = {
    "e-akte": 40,  # due 10 days ago
    "online-antraege": 25,  # due in 5 days
    "informationssicherheit-datenschutz": 45,  # due 15 days ago
}

# (person, days ago) who completed a course online; lessons and checks a little before.
ONLINE_COMPLETIONS = {
    "informationssicherheit-datenschutz": [
        (TRAINING_ADMIN, 35),
        (ADMINISTRATOR, 30),
        (EXPERT, 28),
        (DPO, 25),
        (PARTICIPATION, 22),
        (STEWARD, 18),
    ],
    "e-akte": [(TRAINING_ADMIN, 20), (CLERK_60, 15)],
    "online-antraege": [(CLERK_32, 3)],
}
# (person, lessons done, days ago of the last one) who are part way through.
IN_PROGRESS = {
    "e-akte": [(LEAD_60, 2, 11), (CLERK_32, 1, 20)],
    "online-antraege": [(CLERK_60, 1, 2)],
}

PAST_SESSION = {
    "days_ago": 20,
    "place": "Rathaus Weiterstadt, Sitzungssaal (Riedbahnstraße 6)",
    "capacity": 15,
    "registered": [CLERK_60, LEAD_60, CLERK_32, LEAD_32, EGOV],
    "attended": [CLERK_60, LEAD_60, LEAD_32, EGOV],
}
UPCOMING_SESSION = {
    "days_ahead": 14,
    "place": "Rathaus Weiterstadt, Schulungsraum 1.12 (Riedbahnstraße 6)",
    "capacity": 12,
    "notes": "Bitte bringen Sie Ihr Diensthandy mit der Authenticator-App mit. Wir üben "
    "gemeinsam, Phishing-E-Mails zu erkennen.",
    "registered": [CLERK_32, MODERATOR, CLERK_32_NEW, CLERK_60_1_NEW],
}

_random = random.SystemRandom()


# --------------------------------------------------------------------------- people


def _staff_member(spec: TrainingPerson, units) -> tuple[User, int]:
    """The account, made like the foundation's demo staff (published password, the demo
    authenticator), with its roles."""
    from rathaus.core.accounts import otp
    from rathaus.core.accounts.management.commands.load_demo import DEMO_PASSWORD

    created = 0
    user = User.objects.filter(email_lookup=email_lookup_for(spec.email)).first()
    if user is None:
        user = User(
            kind=User.Kind.STAFF,
            given_name=spec.given_name,
            family_name=spec.family_name,
            email_confirmed_at=timezone.now(),
        )
        user.set_email(spec.email)
        user.set_password(DEMO_PASSWORD)
        user.save()
        created += 1
    for role, unit_code in spec.roles:
        _holding, made = RoleAssignment.objects.get_or_create(
            user=user, role=role, unit=units.get(unit_code) if unit_code else None
        )
        created += made
    _device, made = otp.ensure_demo_device(user)
    return user, created + made


# --------------------------------------------------------------------------- courses


def _choices(question) -> list[dict]:
    return [
        {
            "text": answer.text,
            "is_correct": answer.right,
            "position": position,
            "feedback": answer.feedback,
        }
        for position, answer in enumerate(question.answers)
    ]


def _lesson(admin, course: Course, spec: LessonData) -> int:
    lesson = authoring.add_lesson(
        actor=admin,
        course=course,
        title=spec.title,
        body=spec.body,
        questions_per_check=spec.questions_per_check,
    )
    for step in spec.steps:
        authoring.add_step(
            actor=admin, lesson=lesson, title=step.title, text=step.text, screen=step.screen
        )
    for question in spec.questions:
        authoring.add_question(
            actor=admin,
            lesson=lesson,
            choices=_choices(question),
            kind=question.kind,
            text=question.text,
            explanation=question.explanation,
        )
    return 1 + len(spec.steps) + sum(1 + len(q.answers) for q in spec.questions)


def _course(admin, spec: CourseData) -> tuple[Course, int]:
    course = authoring.create_course(
        actor=admin,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        target_roles=list(spec.target_roles),
        estimated_minutes=spec.estimated_minutes,
        validity_months=spec.validity_months,
        due_days=spec.due_days,
        pass_mark=spec.pass_mark,
        max_attempts=None,
    )
    return course, 1 + sum(_lesson(admin, course, lesson) for lesson in spec.lessons)


def _handout(admin, course: Course) -> int:
    """The incident lesson's one-page handout (the last lesson of the security course)."""
    lesson = course.lessons.order_by("-position").first()
    town = current_town()
    pdf = handout_pdf(getattr(town, "name", "") or "Weiterstadt")
    authoring.set_handout(actor=admin, lesson=lesson, uploaded_file=ContentFile(pdf, FILE_NAME))
    return 1


def _publish(admin, course: Course, days_ago: int) -> int:
    """Publish (which assigns the target group), then date the story back: published and
    assigned ``days_ago`` days ago, due ``due_days`` after that."""
    authoring.publish_course(actor=admin, course=course)
    published = timezone.now() - datetime.timedelta(days=days_ago)
    Course.objects.filter(pk=course.pk).update(published_at=published)
    assignments = list(Assignment.objects.filter(course=course))
    due_on = timezone.localdate(published) + datetime.timedelta(days=course.due_days)
    for assignment in assignments:
        assignment.assigned_at = published
        assignment.due_on = due_on
    Assignment.objects.bulk_update(assignments, ["assigned_at", "due_on"])
    course.refresh_from_db()
    return len(assignments)


# --------------------------------------------------------------------------- learning


def _right_answer(question: Question) -> list[int]:
    choices = sorted(question.choices.all(), key=lambda choice: (choice.position, choice.pk))
    if question.kind == Question.Kind.ORDERING:
        return [choice.pk for choice in choices]
    return [choice.pk for choice in choices if choice.is_correct]


def _wrong_answer(question: Question) -> list[int]:
    choices = sorted(question.choices.all(), key=lambda choice: (choice.position, choice.pk))
    if question.kind == Question.Kind.ORDERING:
        return [choice.pk for choice in reversed(choices)]
    return [next(choice.pk for choice in choices if not choice.is_correct)]


def _attempt(person, lesson: Lesson, assignment, when, *, wrong: int = 0) -> CheckAttempt:
    """A submitted attempt at the lesson's check, with ``wrong`` questions answered wrongly."""
    pool = list(lesson.questions.prefetch_related("choices"))
    drawn = _random.sample(pool, lesson.questions_per_check)
    answers, right = {}, 0
    for index, question in enumerate(drawn):
        is_wrong = index < wrong
        answers[str(question.pk)] = (_wrong_answer if is_wrong else _right_answer)(question)
        right += not is_wrong
    shown = []
    for question in drawn:
        choice_ids = [choice.pk for choice in question.choices.all()]
        _random.shuffle(choice_ids)
        shown.append({"question": str(question.pk), "choices": choice_ids})
    score = round(100 * right / len(drawn))
    return CheckAttempt.objects.create(
        person=person,
        lesson=lesson,
        assignment=assignment,
        drawn=shown,
        answers=answers,
        score=score,
        passed=score >= lesson.course.pass_mark,
        started_at=when - datetime.timedelta(minutes=6),
        submitted_at=when,
    )


def _lessons_done(person, course: Course, count: int, last, assignment) -> int:
    """The first ``count`` lessons done (checks passed), a day apart, the last at ``last``."""
    lessons = list(course.lessons.order_by("position")[:count])
    for number, lesson in enumerate(lessons):
        when = last - datetime.timedelta(days=len(lessons) - 1 - number)
        if lesson.has_check:
            _attempt(person, lesson, assignment, when)
        LessonCompletion.objects.create(
            person=person, lesson=lesson, assignment=assignment, completed_at=when
        )
    return len(lessons)


def _complete_online(person, course: Course, days_ago: int) -> int:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    assignment = open_assignment(person, course)
    created = _lessons_done(person, course, course.lessons.count(), when, assignment)
    complete_course(person=person, course=course, way=Certificate.Way.ONLINE, when=when)
    return created + 1


def _in_progress(person, course: Course, lessons: int, days_ago: int) -> int:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    assignment = open_assignment(person, course)
    created = _lessons_done(person, course, lessons, when, assignment)
    following = course.lessons.order_by("position")[lessons : lessons + 1].first()
    if following is not None and following.has_check:
        # A failed first attempt at the next check: the results page explains the answers.
        tried = min(when + datetime.timedelta(days=4), timezone.now() - datetime.timedelta(hours=2))
        _attempt(person, following, assignment, tried, wrong=2)
        created += 1
    return created


# --------------------------------------------------------------------------- sessions


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _past_session(admin, course: Course, person) -> int:
    """A session held weeks ago: registrations, then attendance recorded by the trainer,
    which issued the attendees' certificates."""
    day = timezone.localdate() - datetime.timedelta(days=PAST_SESSION["days_ago"])
    session = ClassroomSession.objects.create(
        course=course,
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place=PAST_SESSION["place"],
        capacity=PAST_SESSION["capacity"],
        trainer=admin,
    )
    for email in PAST_SESSION["registered"]:
        SessionRegistration.objects.create(
            session=session,
            person=person(email),
            registered_at=session.starts_at - datetime.timedelta(days=10),
        )
    certificates = sessions.record_attendance(
        actor=admin,
        session=session,
        attended_person_ids=[person(email).pk for email in PAST_SESSION["attended"]],
    )
    attendance_recorded_at = session.ends_at + datetime.timedelta(minutes=30)
    ClassroomSession.objects.filter(pk=session.pk).update(
        attendance_recorded_at=attendance_recorded_at
    )
    return 1 + len(PAST_SESSION["registered"]) + len(certificates)


def _upcoming_session(admin, course: Course, person) -> int:
    day = timezone.localdate() + datetime.timedelta(days=UPCOMING_SESSION["days_ahead"])
    session = sessions.schedule_session(
        actor=admin,
        course=course,
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place=UPCOMING_SESSION["place"],
        capacity=UPCOMING_SESSION["capacity"],
        trainer=admin,
        notes=UPCOMING_SESSION["notes"],
    )
    for email in UPCOMING_SESSION["registered"]:
        sessions.register(person=person(email), session=session, actor=admin)
    return 1 + len(UPCOMING_SESSION["registered"])


# --------------------------------------------------------------------------- loading


@register_demo_data(key="training", order=70)
def load(*, units, people) -> int:
    """Runs once per town: nothing is loaded when a demo course exists already."""
    if Course.objects.filter(slug__in=[spec.slug for spec in COURSES]).exists():
        return 0
    staff = dict(people)
    created = 0
    for spec in STAFF:
        user, made = _staff_member(spec, units)
        staff[spec.email] = user
        created += made
    admin = staff[TRAINING_ADMIN]

    def person(email: str) -> User:
        return staff[email]

    courses = {}
    for spec in COURSES:
        course, made = _course(admin, spec)
        courses[spec.slug] = course
        created += made
    security = courses[informationssicherheit.COURSE.slug]
    created += _handout(admin, security)

    # Taken a year ago, before the course was assigned: the certificate runs out soon.
    created += _complete_online(person(ARCHIVIST), security, 350)

    for slug, days_ago in PUBLISHED_DAYS_AGO.items():
        created += _publish(admin, courses[slug], days_ago)
    created += _past_session(admin, security, person)
    for slug, completions in ONLINE_COMPLETIONS.items():
        for email, days_ago in completions:
            created += _complete_online(person(email), courses[slug], days_ago)
    for slug, learners in IN_PROGRESS.items():
        for email, lessons, days_ago in learners:
            created += _in_progress(person(email), courses[slug], lessons, days_ago)

    for spec in NEWCOMERS:  # their role assigns every course at once, due in a month
        user, made = _staff_member(spec, units)
        staff[spec.email] = user
        created += made
    created += _upcoming_session(admin, security, person)
    return created
