"""The learner's pages: my courses, a course with its lessons, a lesson, its check and the
check's result, and certificates. Every member of staff takes courses; each sees only their
own progress and results. A certificate PDF is also served to the person's unit lead and
the training admins; anyone else gets 404."""

import uuid
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.accounts.permissions import require
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.pagination import paginate
from rathaus.core.uploads.responses import content_disposition

from . import certificates as certificate_pdf
from .exceptions import AttemptClosed, IncompleteAnswers, LessonLocked, TrainingError
from .models import Assignment, Certificate, CheckAttempt, Course, Lesson, Question
from .permissions import (
    can_see_compliance,
    can_see_results_of,
    can_take_courses,
    is_training_admin,
)
from .services import checks
from .services.completion import current_cycle, progress


def learner_required(view):
    """Staff who take courses only; others get 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(
            can_take_courses(request.user),
            actor=request.user if request.user.is_authenticated else None,
            summary=f"training: {request.path[:200]}",
        )
        return view(request, *args, **kwargs)

    return wrapped


def _crumbs(*items):
    return [
        {"label": _("Staff area"), "url": reverse("staff:home")},
        {"label": _("My training"), "url": reverse("training:mine")},
        *items,
    ]


def _course_crumb(course):
    return {"label": course.title, "url": reverse("training:course", args=[course.slug])}


def _lesson_crumb(lesson):
    return {
        "label": lesson.title,
        "url": reverse("training:lesson", args=[lesson.course.slug, lesson.pk]),
    }


def _course(slug) -> Course:
    return get_object_or_404(Course.objects.published(), slug=slug)


def _lesson(slug, lesson_id) -> Lesson:
    course = _course(slug)
    lesson = get_object_or_404(Lesson, course=course, pk=lesson_id)
    lesson.course = course
    return lesson


def _file_url(stored_file) -> str:
    if stored_file is None:
        return ""
    return reverse("training:file", args=[stored_file.pk])


def _screen_url(screen: str) -> str:
    """Only addresses inside Rathaus become links (never ``javascript:`` or other hosts)."""
    screen = screen.strip()
    return screen if screen.startswith("/") and not screen.startswith("//") else ""


# ------------------------------------------------------------------ overview


@require_GET
@learner_required
def mine(request):
    user = request.user
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.open().filter(person=user).select_related("course").order_by("due_on")
    )
    certificates = []
    seen = set()
    for certificate in Certificate.objects.filter(person=user).order_by("course_id", "-issued_on"):
        if certificate.course_id not in seen:
            seen.add(certificate.course_id)
            certificates.append(certificate)
    certificates.sort(key=lambda c: c.issued_on, reverse=True)
    valid_course_ids = {c.course_id for c in certificates if c.is_valid(today)}
    assigned_ids = {a.course_id for a in assignments}
    voluntary = list(
        Course.objects.published()
        .filter(lessons__isnull=False)
        .exclude(pk__in=assigned_ids | valid_course_ids)
        .distinct()
    )
    by_course = {a.course_id: a for a in assignments}
    courses = [a.course for a in assignments] + voluntary
    progresses = checks.progress_of_courses(user, courses, by_course)
    return render(
        request,
        "training/learning/mine.html",
        {
            "assignments": [
                {
                    "assignment": a,
                    "progress": progresses[a.course_id],
                    "overdue": a.is_overdue(today),
                }
                for a in assignments
            ],
            "certificates": [{"certificate": c, "valid": c.is_valid(today)} for c in certificates],
            "voluntary": [{"course": c, "progress": progresses[c.pk]} for c in voluntary],
            "may_see_overview": can_see_compliance(user),
            "may_author": is_training_admin(user),
            "breadcrumbs": _crumbs()[:1] + [{"label": _("My training")}],
        },
    )


@require_GET
@learner_required
def certificate_list(request):
    today = timezone.localdate()
    page = paginate(
        request,
        Certificate.objects.filter(person=request.user).order_by("-issued_on", "number"),
    )
    return render(
        request,
        "training/learning/certificates.html",
        {
            "page": page,
            "rows": [{"certificate": c, "valid": c.is_valid(today)} for c in page.object_list],
            "breadcrumbs": _crumbs({"label": _("My certificates")}),
        },
    )


# ------------------------------------------------------------------ course and lessons


def _next_lesson(states):
    return next((state.lesson for state in states if not state.done and not state.locked), None)


@require_GET
@learner_required
def course(request, slug):
    found = _course(slug)
    user = request.user
    cycle = current_cycle(user, found)
    assignment = cycle if cycle is not None and cycle.is_open else None
    course_progress = progress(user, found, cycle)
    states = checks.lesson_states(found, course_progress)
    certificate = (
        Certificate.objects.filter(person=user, course=found).order_by("-issued_on").first()
    )
    return render(
        request,
        "training/learning/course.html",
        {
            "course": found,
            "assignment": assignment,
            "overdue": assignment is not None and assignment.is_overdue(),
            "progress": course_progress,
            "states": states,
            "next_lesson": _next_lesson(states),
            "certificate": certificate,
            "certificate_valid": certificate is not None and certificate.is_valid(),
            "breadcrumbs": _crumbs({"label": found.title}),
        },
    )


def _lesson_body(lesson) -> str:
    # Imported here: the Markdown renderer belongs to the authoring side, which shares it.
    from .rendering import render_lesson

    return render_lesson(lesson)


@require_http_methods(["GET", "POST"])
@learner_required
def lesson(request, slug, lesson_id):
    found = _lesson(slug, lesson_id)
    user = request.user
    assignment = current_cycle(user, found.course)
    course_progress = progress(user, found.course, assignment)
    states = checks.lesson_states(found.course, course_progress)
    state = next(s for s in states if s.lesson.pk == found.pk)
    if state.locked:
        messages.error(request, LessonLocked.message)
        return redirect("training:course", slug=found.course.slug)
    if request.method == "POST":
        return _mark_done(request, found, states)
    steps = [
        {"step": step, "screen": _screen_url(step.screen), "image": _file_url(step.image)}
        for step in found.steps.select_related("image")
    ]
    previous = next((s.lesson for s in reversed(states) if s.number < state.number), None)
    following = next((s for s in states if s.number > state.number), None)
    return render(
        request,
        "training/learning/lesson.html",
        {
            "course": found.course,
            "lesson": found,
            "state": state,
            "total": len(states),
            "body": _lesson_body(found),
            "steps": steps,
            "handout": found.handout,
            "handout_url": _file_url(found.handout),
            "open_attempt": (
                checks.open_attempt(user, found, assignment) if found.has_check else None
            ),
            "attempts_left": (
                checks.attempts_left(user, found, assignment) if found.has_check else None
            ),
            "previous": previous,
            "following": following if following and not following.locked else None,
            "breadcrumbs": _crumbs(_course_crumb(found.course), {"label": found.title}),
        },
    )


def _mark_done(request, found, states):
    try:
        certificate = checks.complete_lesson_without_check(request.user, found)
    except TrainingError as error:
        messages.error(request, error.message)
        return redirect("training:lesson", slug=found.course.slug, lesson_id=found.pk)
    if certificate is not None:
        messages.success(request, _("You have completed the course. Your certificate is ready."))
        return redirect("training:course", slug=found.course.slug)
    messages.success(request, _("The lesson is marked as done."))
    following = next((s.lesson for s in states if s.lesson.pk != found.pk and not s.done), None)
    if following is not None:
        return redirect("training:lesson", slug=found.course.slug, lesson_id=following.pk)
    return redirect("training:course", slug=found.course.slug)


# ------------------------------------------------------------------ checks


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _answers_from(post, questions) -> tuple[dict, dict]:
    """``{question id: [choice ids]}`` from the form, and what to show again on errors:
    ``{question id: {choice id: checked or position}}``."""
    answers, kept = {}, {}
    for item in questions:
        key = str(item.question.pk)
        if item.question.kind == Question.Kind.ORDERING:
            positions = {}
            for choice in item.choices:
                value = post.get(f"q-{key}-{choice.pk}", "")
                if value.isdigit() and 1 <= int(value) <= len(item.choices):
                    positions[choice.pk] = int(value)
            kept[key] = positions
            if len(set(positions.values())) == len(item.choices):
                answers[key] = sorted(positions, key=positions.get)
            else:
                answers[key] = []
        else:
            chosen = [value for value in post.getlist(f"q-{key}") if value.isdigit()]
            answers[key] = [int(value) for value in chosen]
            kept[key] = dict.fromkeys(answers[key], True)
    return answers, kept


def _missing_message(item) -> str:
    if item.question.kind == Question.Kind.SINGLE:
        return _("Choose an answer to question %(number)s.") % {"number": item.number}
    if item.question.kind == Question.Kind.MULTIPLE:
        return _("Choose at least one answer to question %(number)s.") % {"number": item.number}
    return _("Give every answer of question %(number)s its own position.") % {"number": item.number}


def _blocks(questions, kept: dict, errors: dict) -> list[dict]:
    blocks = []
    for item in questions:
        key = str(item.question.pk)
        given = kept.get(key, {})
        blocks.append(
            {
                "item": item,
                "key": key,
                "error": errors.get(key, ""),
                "choices": [{"choice": c, "value": given.get(c.pk)} for c in item.choices],
                "positions": range(1, len(item.choices) + 1),
            }
        )
    return blocks


def _check_page(request, found, assignment, attempt, kept=None, errors=None, status=200):
    questions = checks.shown_questions(attempt) if attempt is not None else []
    errors = errors or {}
    return render(
        request,
        "training/learning/check.html",
        {
            "course": found.course,
            "lesson": found,
            "attempt": attempt,
            "blocks": _blocks(questions, kept or {}, errors),
            "error_items": [
                {"message": errors[str(item.question.pk)], "anchor": f"frage-{item.number}"}
                for item in questions
                if str(item.question.pk) in errors
            ],
            "question_count": found.questions_per_check,
            "attempts_left": checks.attempts_left(request.user, found, assignment),
            "breadcrumbs": _crumbs(
                _course_crumb(found.course), _lesson_crumb(found), {"label": _("Check")}
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@learner_required
def check(request, slug, lesson_id):
    found = _lesson(slug, lesson_id)
    require(found.has_check)
    user = request.user
    assignment = current_cycle(user, found.course)
    if checks.is_locked(user, found, assignment):
        messages.error(request, LessonLocked.message)
        return redirect("training:course", slug=found.course.slug)
    if request.method == "GET":
        return _check_page(request, found, assignment, checks.open_attempt(user, found, assignment))
    if request.POST.get("action") == "start":
        try:
            checks.start_attempt(user, found)
        except TrainingError as error:
            messages.error(request, error.message)
        return redirect("training:check", slug=found.course.slug, lesson_id=found.pk)
    attempt = get_object_or_404(
        CheckAttempt, person=user, lesson=found, pk=_uuid(request.POST.get("attempt"))
    )
    answers, kept = _answers_from(request.POST, checks.shown_questions(attempt))
    try:
        result = checks.submit_attempt(attempt, user, answers)
    except IncompleteAnswers as error:
        missing = {str(item.question.pk): _missing_message(item) for item in error.questions}
        return _check_page(request, found, assignment, attempt, kept, missing)
    except AttemptClosed as error:
        messages.error(request, error.message)
        return redirect("training:check", slug=found.course.slug, lesson_id=found.pk)
    return redirect(
        "training:check_result",
        slug=found.course.slug,
        lesson_id=found.pk,
        attempt_id=result.attempt.pk,
    )


@require_GET
@learner_required
def check_result(request, slug, lesson_id, attempt_id):
    found = _lesson(slug, lesson_id)
    attempt = get_object_or_404(
        CheckAttempt,
        person=request.user,
        lesson=found,
        pk=attempt_id,
        submitted_at__isnull=False,
    )
    attempt.lesson = found
    assignment = current_cycle(request.user, found.course)
    left = checks.attempts_left(request.user, found, assignment)
    questions = checks.shown_questions(attempt)
    course_progress = progress(request.user, found.course, assignment)
    states = checks.lesson_states(found.course, course_progress)
    return render(
        request,
        "training/learning/check_result.html",
        {
            "course": found.course,
            "lesson": found,
            "attempt": attempt,
            "questions": questions,
            "right_count": sum(1 for item in questions if item.right),
            "certificate": checks.certificate_of(attempt),
            "may_try_again": not attempt.passed
            and (left is None or left > 0)
            and attempt.assignment_id == (assignment.pk if assignment else None),
            "attempts_left": left,
            "next_lesson": _next_lesson(states),
            "breadcrumbs": _crumbs(
                _course_crumb(found.course), _lesson_crumb(found), {"label": _("Check result")}
            ),
        },
    )


# ------------------------------------------------------------------ certificates


@require_GET
@learner_required
def certificate(request, pk):
    found = get_object_or_404(Certificate.objects.select_related("person", "town"), pk=pk)
    user = request.user
    require(
        can_see_results_of(user, found.person),
        actor=user,
        obj=found,
        summary="training certificate",
    )
    if found.person_id != user.pk:
        record(action=AuditEntry.Action.VIEW, actor=user, obj=found, summary="certificate PDF")
    response = HttpResponse(
        certificate_pdf.render_certificate_pdf(found), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition(certificate_pdf.file_name(found))
    response["Cache-Control"] = "private, no-store"
    return response
