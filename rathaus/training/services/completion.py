"""Completing a course: online, once every lesson is done (checks passed), or by attending a
classroom session. Completion closes the person's open assignment of the course and issues a
certificate, valid for the course's validity period."""

import datetime
import secrets
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from ..models import Assignment, Certificate, Course, Lesson, LessonCompletion


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    completed_lesson_ids: frozenset

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total


def open_assignment(person, course: Course) -> Assignment | None:
    return Assignment.objects.open().filter(person=person, course=course).first()


def current_cycle(person, course: Course) -> Assignment | None:
    """The assignment whose lessons count now: the open one; else the latest completed one
    (its lessons stay open to read again); None for a course taken voluntarily."""
    return (
        Assignment.objects.filter(person=person, course=course)
        .order_by(F("completed_at").desc(nulls_first=True), "-assigned_at")
        .first()
    )


def progress(person, course: Course, assignment: Assignment | None = None) -> Progress:
    """Lessons done in the cycle of ``assignment`` (see ``current_cycle``); None: those
    done outside any assignment (a course taken voluntarily)."""
    lesson_ids = list(course.lessons.values_list("pk", flat=True))
    done = set(
        LessonCompletion.objects.filter(
            person=person, lesson_id__in=lesson_ids, assignment=assignment
        ).values_list("lesson_id", flat=True)
    )
    return Progress(done=len(done), total=len(lesson_ids), completed_lesson_ids=frozenset(done))


def valid_until(course: Course, issued_on: datetime.date) -> datetime.date | None:
    if not course.validity_months:
        return None
    return issued_on + relativedelta(months=course.validity_months)


def _number(issued_on: datetime.date) -> str:
    return f"SCH-{issued_on.year}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def complete_course(
    *, person, course: Course, way: str, when: datetime.datetime | None = None, actor=None
) -> Certificate:
    """Close the open assignment and issue the certificate (the number is drawn at random
    and drawn again in the unlikely case it is taken)."""
    when = when or timezone.now()
    issued_on = timezone.localdate(when)
    assignment = (
        Assignment.objects.select_for_update().open().filter(person=person, course=course).first()
    )
    if assignment is not None:
        assignment.completed_at = when
        assignment.save(update_fields=["completed_at"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    number=_number(issued_on),
                    person=person,
                    course=course,
                    course_title=course.title,
                    way=way,
                    issued_on=issued_on,
                    valid_until=valid_until(course, issued_on),
                    assignment=assignment,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five clashes of 32 random bits
        raise RuntimeError("No free certificate number.")
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor or person,
        obj=certificate,
        summary=f"course completed ({way}): {course.slug}",
    )
    return certificate


@transaction.atomic
def record_lesson_done(*, person, lesson: Lesson) -> Certificate | None:
    """The person finished ``lesson`` (and passed its check, where it has one). Returns the
    certificate when this completed the course."""
    course = lesson.course
    cycle = current_cycle(person, course)
    LessonCompletion.objects.get_or_create(person=person, lesson=lesson, assignment=cycle)
    if cycle is not None and not cycle.is_open:
        return None  # reading a completed course again
    if cycle is None and _holds_valid_certificate(person, course):
        return None
    if progress(person, course, cycle).finished:
        return complete_course(person=person, course=course, way=Certificate.Way.ONLINE)
    return None


def _holds_valid_certificate(person, course: Course) -> bool:
    today = timezone.localdate()
    return (
        Certificate.objects.filter(person=person, course=course)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exists()
    )
