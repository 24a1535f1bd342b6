"""Taking a course: lessons in order, each finished by reading it (lessons without a check)
or by passing its check. A check draws its questions at random from the lesson's pool and
shows their answers shuffled; each attempt is stored with the questions drawn, the answers
given and the result, so that the result page can explain every answer afterwards."""

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from ..exceptions import AttemptClosed, IncompleteAnswers, LessonLocked, NoAttemptsLeft, NotAllowed
from ..models import (
    Assignment,
    Certificate,
    CheckAttempt,
    Choice,
    Course,
    Lesson,
    LessonCompletion,
    Question,
)
from ..permissions import can_take_courses
from .completion import Progress, current_cycle, progress, record_lesson_done

_random = random.SystemRandom()


# ------------------------------------------------------------------ reads


@dataclass(frozen=True)
class LessonState:
    lesson: Lesson
    number: int
    done: bool
    locked: bool


def lesson_states(course: Course, course_progress: Progress) -> list[LessonState]:
    """Every lesson of the course in order: done in the current cycle, or locked because a
    lesson before it is not done yet."""
    states = []
    all_before_done = True
    for number, lesson in enumerate(course.lessons.order_by("position", "title", "pk"), 1):
        done = lesson.pk in course_progress.completed_lesson_ids
        states.append(LessonState(lesson, number, done, locked=not all_before_done))
        all_before_done = all_before_done and done
    return states


def is_locked(person, lesson: Lesson, assignment: Assignment | None = None) -> bool:
    """Whether a lesson before ``lesson`` (by position) is not done in the current cycle."""
    course = lesson.course
    done = progress(person, course, assignment).completed_lesson_ids
    for state in lesson_states(course, Progress(len(done), 0, done)):
        if state.lesson.pk == lesson.pk:
            return state.locked
    return False


def progress_of_courses(person, courses, assignments: dict) -> dict:
    """Progress of each course in its current cycle (``assignments``: course id → open
    assignment), in two queries for the whole list."""
    course_ids = [course.pk for course in courses]
    lessons: dict = {course_id: set() for course_id in course_ids}
    for course_id, lesson_id in Lesson.objects.filter(course_id__in=course_ids).values_list(
        "course_id", "pk"
    ):
        lessons[course_id].add(lesson_id)
    done: dict = {course_id: set() for course_id in course_ids}
    completions = LessonCompletion.objects.filter(
        person=person, lesson__course_id__in=course_ids
    ).values_list("lesson__course_id", "lesson_id", "assignment_id")
    for course_id, lesson_id, assignment_id in completions:
        cycle = assignments.get(course_id)
        if assignment_id == (cycle.pk if cycle else None):
            done[course_id].add(lesson_id)
    return {
        course_id: Progress(
            done=len(done[course_id] & lessons[course_id]),
            total=len(lessons[course_id]),
            completed_lesson_ids=frozenset(done[course_id]),
        )
        for course_id in course_ids
    }


def attempts_used(person, lesson: Lesson, assignment: Assignment | None) -> int:
    """Submitted attempts at the lesson's check in the current cycle."""
    return CheckAttempt.objects.filter(
        person=person, lesson=lesson, assignment=assignment, submitted_at__isnull=False
    ).count()


def attempts_left(person, lesson: Lesson, assignment: Assignment | None) -> int | None:
    """None when the course allows as many attempts as needed."""
    limit = lesson.course.max_attempts
    if not limit:
        return None
    return max(limit - attempts_used(person, lesson, assignment), 0)


def open_attempt(person, lesson: Lesson, assignment: Assignment | None) -> CheckAttempt | None:
    """The person's attempt at the lesson's check in the current cycle not submitted yet."""
    return CheckAttempt.objects.filter(
        person=person, lesson=lesson, assignment=assignment, submitted_at__isnull=True
    ).first()


@dataclass
class ShownQuestion:
    """A drawn question with its choices in the order shown, and (once submitted) how the
    person answered it."""

    number: int
    question: Question
    choices: list[Choice]
    chosen_ids: list[int] = field(default_factory=list)
    right: bool | None = None

    @property
    def chosen(self) -> list[Choice]:
        by_id = {choice.pk: choice for choice in self.choices}
        return [by_id[pk] for pk in self.chosen_ids if pk in by_id]

    @property
    def right_order(self) -> list[Choice]:
        return sorted(self.choices, key=lambda choice: (choice.position, choice.pk))

    @property
    def right_choices(self) -> list[Choice]:
        return [choice for choice in self.right_order if choice.is_correct]


def shown_questions(attempt: CheckAttempt) -> list[ShownQuestion]:
    """The attempt's questions in the order drawn (questions deleted since are left out),
    with the answers given and, once submitted, whether each was right."""
    question_ids = [entry["question"] for entry in attempt.drawn]
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("choices")
    by_id = {str(question.pk): question for question in questions}
    shown = []
    for entry in attempt.drawn:
        question = by_id.get(str(entry["question"]))
        if question is None:
            continue
        choices_by_id = {choice.pk: choice for choice in question.choices.all()}
        choices = [choices_by_id[pk] for pk in entry["choices"] if pk in choices_by_id]
        item = ShownQuestion(len(shown) + 1, question, choices)
        if attempt.submitted_at is not None:
            item.chosen_ids = _choice_ids(attempt.answers.get(str(question.pk)))
            item.right = _is_right(item)
        shown.append(item)
    return shown


def _choice_ids(values) -> list[int]:
    ids = []
    for value in values or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _is_answered(item: ShownQuestion) -> bool:
    shown_ids = [choice.pk for choice in item.choices]
    chosen = item.chosen_ids
    if len(chosen) != len(set(chosen)) or not set(chosen) <= set(shown_ids):
        return False
    if item.question.kind == Question.Kind.SINGLE:
        return len(chosen) == 1
    if item.question.kind == Question.Kind.MULTIPLE:
        return len(chosen) >= 1
    return sorted(chosen) == sorted(shown_ids)


def _is_right(item: ShownQuestion) -> bool:
    kind = item.question.kind
    if kind == Question.Kind.SINGLE:
        return len(item.chosen) == 1 and item.chosen[0].is_correct
    if kind == Question.Kind.MULTIPLE:
        return set(item.chosen_ids) == {choice.pk for choice in item.right_choices}
    return item.chosen_ids == [choice.pk for choice in item.right_order]


def certificate_of(attempt: CheckAttempt) -> Certificate | None:
    """The certificate a passed attempt completed the course with, if it did."""
    if not attempt.passed or attempt.submitted_at is None:
        return None
    certificates = Certificate.objects.filter(
        person_id=attempt.person_id, course_id=attempt.lesson.course_id
    )
    if attempt.assignment_id:
        return certificates.filter(assignment_id=attempt.assignment_id).first()
    return certificates.filter(
        assignment__isnull=True, issued_on__gte=timezone.localdate(attempt.submitted_at)
    ).first()


# ------------------------------------------------------------------ writes


def _check_may_take(person, lesson: Lesson, assignment: Assignment | None) -> None:
    if not can_take_courses(person) or not lesson.course.is_published:
        raise NotAllowed
    if is_locked(person, lesson, assignment):
        raise LessonLocked


def _lock_person(person) -> None:
    """Serialise one person's starts and submissions, so that two tabs cannot draw two
    attempts or submit one twice."""
    get_user_model().objects.select_for_update().filter(pk=person.pk).first()


@transaction.atomic
def start_attempt(person, lesson: Lesson) -> CheckAttempt:
    """The person's open attempt at the lesson's check, or a new one with questions drawn
    at random and their answers shuffled."""
    if not lesson.has_check:
        raise NotAllowed
    assignment = current_cycle(person, lesson.course)
    _check_may_take(person, lesson, assignment)
    _lock_person(person)
    existing = open_attempt(person, lesson, assignment)
    if existing is not None:
        return existing
    left = attempts_left(person, lesson, assignment)
    if left is not None and left <= 0:
        raise NoAttemptsLeft
    pool = list(lesson.questions.prefetch_related("choices"))
    drawn = []
    for question in _random.sample(pool, min(lesson.questions_per_check, len(pool))):
        choice_ids = [choice.pk for choice in question.choices.all()]
        _random.shuffle(choice_ids)
        drawn.append({"question": str(question.pk), "choices": choice_ids})
    attempt = CheckAttempt.objects.create(
        person=person, lesson=lesson, assignment=assignment, drawn=drawn
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=person,
        obj=attempt,
        summary=f"check started: {lesson.course.slug}",
    )
    return attempt


@dataclass(frozen=True)
class CheckResult:
    attempt: CheckAttempt
    questions: list[ShownQuestion]
    certificate: Certificate | None

    @property
    def passed(self) -> bool:
        return bool(self.attempt.passed)


def unanswered(attempt: CheckAttempt, answers: dict) -> list[ShownQuestion]:
    """The drawn questions ``answers`` leaves without a (complete) answer."""
    missing = []
    for item in shown_questions(attempt):
        item.chosen_ids = _choice_ids(answers.get(str(item.question.pk)))
        if not _is_answered(item):
            missing.append(item)
    return missing


@transaction.atomic
def submit_attempt(attempt: CheckAttempt, person, answers: dict) -> CheckResult:
    """Score the answers (``{question id: [choice ids]}``; for ordering questions every
    choice in the order given). Passing finishes the lesson and may complete the course.

    Raises ``IncompleteAnswers`` (its ``questions``: the drawn questions left unanswered)
    and stores nothing when a question has no complete answer."""
    if attempt.person_id != person.pk or not can_take_courses(person):
        raise NotAllowed
    _lock_person(person)
    attempt = CheckAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise AttemptClosed
    answers = {str(key): value for key, value in answers.items()}
    missing = unanswered(attempt, answers)
    if missing:
        error = IncompleteAnswers()
        error.questions = missing
        raise error
    attempt.answers = {
        str(entry["question"]): _choice_ids(answers.get(str(entry["question"])))
        for entry in attempt.drawn
    }
    attempt.submitted_at = timezone.now()
    questions = shown_questions(attempt)
    right = sum(1 for item in questions if item.right)
    attempt.score = round(100 * right / len(questions)) if questions else 0
    attempt.passed = attempt.score >= attempt.lesson.course.pass_mark
    attempt.save(update_fields=["answers", "submitted_at", "score", "passed"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=person,
        obj=attempt,
        summary=f"check submitted: {attempt.score} %, {'passed' if attempt.passed else 'failed'}",
    )
    certificate = None
    if attempt.passed:
        certificate = record_lesson_done(person=person, lesson=attempt.lesson)
    return CheckResult(attempt, questions, certificate)


@transaction.atomic
def complete_lesson_without_check(person, lesson: Lesson) -> Certificate | None:
    """The person read a lesson that has no check. Returns the certificate when this
    completed the course."""
    if lesson.has_check:
        raise NotAllowed
    _check_may_take(person, lesson, current_cycle(person, lesson.course))
    record(
        action=AuditEntry.Action.UPDATE,
        actor=person,
        obj=lesson,
        summary=f"lesson read: {lesson.course.slug}",
    )
    return record_lesson_done(person=person, lesson=lesson)
