"""Writing courses: a course and its target group, its lessons (text, images, handout,
step-by-step guide) and each lesson's pool of questions; publishing and archiving.

Only training admins (and administrators) write here; every write is audited. A course is
published only once it is complete (``publish_problems``), and a published course has to stay
complete: a change that would break it is refused (``BreaksPublishedCourse``), so nobody
taking the course meets a check without enough questions or a question without a right answer.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import delete_stored_file, store_upload

from ..exceptions import BreaksPublishedCourse, NotAllowed, NotPublishable, SlugTaken
from ..models import Choice, Course, GuideStep, Lesson, LessonImage, Question
from ..permissions import is_training_admin
from . import assignments

COURSE_FIELDS = (
    "slug",
    "title",
    "summary",
    "target_roles",
    "estimated_minutes",
    "validity_months",
    "due_days",
    "pass_mark",
    "max_attempts",
)
LESSON_FIELDS = ("title", "body", "questions_per_check")
STEP_FIELDS = ("title", "text", "screen", "image_alt")
QUESTION_FIELDS = ("kind", "text", "explanation")
CHOICE_FIELDS = ("text", "is_correct", "position", "feedback")

IMAGE_KINDS = {"png", "jpeg", "webp"}
HANDOUT_KINDS = {"pdf"}
# Provider administrators work across towns; a town's course is not for them.
TARGET_ROLES = [role for role in Role if role != Role.PROVIDER_ADMINISTRATOR]


def target_role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in TARGET_ROLES]


def require_training_admin(actor) -> None:
    if not is_training_admin(actor):
        raise NotAllowed


def _unknown(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")


def _clean_roles(roles) -> list[str]:
    wanted = {str(role) for role in roles or ()}
    return [role.value for role in TARGET_ROLES if role.value in wanted]


def _touch(course: Course) -> None:
    course.updated_at = timezone.now()
    Course.objects.filter(pk=course.pk).update(updated_at=course.updated_at)


def _add(actor, item, *, course: Course, summary: str, object_repr: str = "") -> None:
    """Check and save a new part of ``course`` (lesson, image, step), audited."""
    item.full_clean()
    item.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=item,
        object_repr=object_repr,
        summary=summary,
    )
    _touch(course)


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# ------------------------------------------------------------------ courses


def _save_course(course: Course) -> None:
    if Course.objects.filter(slug=course.slug).exclude(pk=course.pk).exists():
        raise SlugTaken
    course.full_clean(exclude=["target_units"], validate_constraints=False)
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as error:  # the same short name, saved at the same moment
        raise SlugTaken from error


@transaction.atomic
def create_course(*, actor, target_units=(), **fields) -> Course:
    """A new course in draft; ``fields`` are the ``COURSE_FIELDS``."""
    require_training_admin(actor)
    _unknown(fields, COURSE_FIELDS)
    fields["target_roles"] = _clean_roles(fields.get("target_roles"))
    course = Course(**fields)
    _save_course(course)
    course.target_units.set(target_units)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=course,
        summary="course created",
        changes={"target_units": [None, sorted(str(unit.pk) for unit in target_units)]},
    )
    return course


@transaction.atomic
def update_course(*, actor, course: Course, target_units=None, **fields) -> Course:
    """Change the course; ``target_units`` (when given) replaces the units. A published
    course is then assigned to whoever newly belongs to its target group."""
    require_training_admin(actor)
    _unknown(fields, COURSE_FIELDS)
    if "target_roles" in fields:
        fields["target_roles"] = _clean_roles(fields["target_roles"])
    before = snapshot(course)
    units_before = sorted(str(pk) for pk in course.target_units.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(course, name, value)
    course.updated_at = timezone.now()
    _save_course(course)
    if target_units is not None:
        course.target_units.set(target_units)
    units_after = sorted(str(pk) for pk in course.target_units.values_list("pk", flat=True))
    changes = record_update(
        actor=actor, obj=course, before=before, summary="course changed", ignore=("updated_at",)
    )
    if units_after != units_before:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=course,
            summary="course target units changed",
            changes={"target_units": [units_before, units_after]},
        )
    _keep_publishable(course)
    if course.is_published and (units_after != units_before or "target_roles" in changes):
        assignments.assign_target_group(course)
    return course


def publish_problems(course: Course) -> list[str]:
    """What keeps the course from being published, as sentences for the author; empty
    when it is complete."""
    problems = []
    if not course.target_roles:
        problems.append(_("Choose at least one target role."))
    lessons = list(course.lessons.prefetch_related("questions__choices"))
    if not lessons:
        problems.append(_("Add at least one lesson."))
    for lesson in lessons:
        if not lesson.has_check:
            continue
        questions = list(lesson.questions.all())
        if len(questions) < lesson.questions_per_check:
            problems.append(
                _(
                    "Lesson “%(lesson)s” draws %(wanted)s questions per check but has only "
                    "%(count)s."
                )
                % {
                    "lesson": lesson.title,
                    "wanted": lesson.questions_per_check,
                    "count": len(questions),
                }
            )
        for position, question in enumerate(questions, start=1):
            why = why_unanswerable(question)
            if why:
                problems.append(
                    _("Question %(number)s of lesson “%(lesson)s”: %(why)s")
                    % {"number": position, "lesson": lesson.title, "why": why}
                )
    return problems


def answer_problem(kind: str, choices: list[dict]) -> str:
    """Why a question of ``kind`` with these answers (dicts with ``is_correct``) cannot be
    answered; empty when it can."""
    right = sum(1 for choice in choices if choice.get("is_correct"))
    if kind == Question.Kind.ORDERING:
        if len(choices) < 2:
            return _("An ordering question needs at least two answers to put in order.")
        return ""
    if len(choices) < 2:
        return _("A question needs at least two answers.")
    if kind == Question.Kind.SINGLE and right != 1:
        return _("Mark exactly one answer as right.")
    if kind == Question.Kind.MULTIPLE and right < 1:
        return _("Mark at least one answer as right.")
    return ""


def why_unanswerable(question: Question) -> str:
    """Empty when the question can be answered, else what is missing."""
    return answer_problem(
        question.kind, [{"is_correct": choice.is_correct} for choice in question.choices.all()]
    )


def is_answerable(question: Question) -> bool:
    return not why_unanswerable(question)


def _keep_publishable(course: Course) -> None:
    """Refuse (and so roll back) a change that leaves a published course incomplete."""
    if course.is_published and publish_problems(course):
        raise BreaksPublishedCourse


@transaction.atomic
def publish_course(*, actor, course: Course) -> Course:
    """Publish the course and assign it to its target group at once."""
    require_training_admin(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    problems = publish_problems(course)
    if problems:
        raise NotPublishable(" ".join(problems))
    if course.is_published:
        return course
    previous = course.state
    now = timezone.now()
    course.state = Course.State.PUBLISHED
    course.published_at = course.published_at or now
    course.updated_at = now
    course.save(update_fields=["state", "published_at", "updated_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=course,
        summary="course published",
        changes={"state": [previous, Course.State.PUBLISHED]},
    )
    assignments.assign_target_group(course)
    return course


@transaction.atomic
def archive_course(*, actor, course: Course) -> Course:
    """No longer offered or assigned; certificates and results stay."""
    require_training_admin(actor)
    if course.state == Course.State.ARCHIVED:
        return course
    previous = course.state
    course.state = Course.State.ARCHIVED
    course.updated_at = timezone.now()
    course.save(update_fields=["state", "updated_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=course,
        summary="course archived",
        changes={"state": [previous, Course.State.ARCHIVED]},
    )
    return course


# ------------------------------------------------------------------ lessons


@transaction.atomic
def add_lesson(*, actor, course: Course, **fields) -> Lesson:
    """A new lesson at the end of the course."""
    require_training_admin(actor)
    _unknown(fields, LESSON_FIELDS)
    lesson = Lesson(course=course, position=_next_position(course.lessons.all()), **fields)
    _add(actor, lesson, course=course, summary="lesson added")
    _keep_publishable(course)
    return lesson


@transaction.atomic
def update_lesson(*, actor, lesson: Lesson, **fields) -> Lesson:
    require_training_admin(actor)
    _unknown(fields, LESSON_FIELDS)
    before = snapshot(lesson)
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.full_clean()
    lesson.save()
    record_update(actor=actor, obj=lesson, before=before, summary="lesson changed")
    _keep_publishable(lesson.course)
    _touch(lesson.course)
    return lesson


@transaction.atomic
def delete_lesson(*, actor, lesson: Lesson) -> None:
    """The lesson with its images, guide, questions and handout. People's completions of
    it go too."""
    require_training_admin(actor)
    course = lesson.course
    files = [image.file for image in lesson.images.select_related("file")]
    files += [step.image for step in lesson.steps.select_related("image") if step.image_id]
    if lesson.handout_id:
        files.append(lesson.handout)
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=lesson, summary="lesson deleted")
    lesson.delete()
    for stored_file in files:
        delete_stored_file(stored_file=stored_file, actor=actor)
    _keep_publishable(course)
    _renumber(course.lessons.order_by("position", "title", "pk"))
    _touch(course)


def _renumber(queryset) -> None:
    for position, item in enumerate(queryset):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def _move(*, actor, item, siblings, up: bool, summary: str) -> None:
    """Swap ``item`` with its neighbour above (``up``) or below; positions become 0..n-1."""
    ordered = list(siblings.select_for_update())
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    before = ordered[index].position
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)
            if sibling.pk == item.pk:
                item.position = position
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=item,
        summary=summary,
        changes={"position": [before, other]},
    )


@transaction.atomic
def move_lesson(*, actor, lesson: Lesson, up: bool) -> None:
    require_training_admin(actor)
    siblings = Lesson.objects.filter(course_id=lesson.course_id).order_by("position", "title", "pk")
    _move(actor=actor, item=lesson, siblings=siblings, up=up, summary="lesson moved")
    _touch(lesson.course)


# ------------------------------------------------------------------ images and handout


def _store(actor, uploaded_file, kinds) -> StoredFile:
    # Served to the town's staff only, by ``views_files.course_file``.
    return store_upload(uploaded_file=uploaded_file, kinds=kinds, uploaded_by=actor)


@transaction.atomic
def add_lesson_image(*, actor, lesson: Lesson, uploaded_file, alt: str) -> LessonImage:
    """Store an image (PNG, JPEG or WebP) as the lesson's next ``bild:<n>``."""
    require_training_admin(actor)
    Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
    highest = lesson.images.aggregate(highest=Max("number"))["highest"] or 0
    stored = _store(actor, uploaded_file, IMAGE_KINDS)
    image = LessonImage(lesson=lesson, number=highest + 1, file=stored, alt=alt)
    _add(
        actor,
        image,
        course=lesson.course,
        summary="lesson image added",
        object_repr=f"{lesson.title}: bild:{image.number}",
    )
    return image


@transaction.atomic
def update_lesson_image(*, actor, image: LessonImage, alt: str) -> LessonImage:
    require_training_admin(actor)
    before = snapshot(image)
    image.alt = alt
    image.full_clean()
    image.save(update_fields=["alt"])
    record_update(actor=actor, obj=image, before=before, summary="lesson image changed")
    return image


@transaction.atomic
def delete_lesson_image(*, actor, image: LessonImage) -> None:
    """The image and its file. Its number is not given to another image, so that the text
    does not suddenly show a different picture; a ``bild:<n>`` left in the text shows
    nothing."""
    require_training_admin(actor)
    stored_file = image.file
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=image,
        object_repr=f"{image.lesson.title}: bild:{image.number}",
        summary="lesson image deleted",
    )
    image.delete()
    delete_stored_file(stored_file=stored_file, actor=actor)


@transaction.atomic
def set_handout(*, actor, lesson: Lesson, uploaded_file) -> Lesson:
    """Store a PDF as the lesson's handout, replacing any previous one."""
    require_training_admin(actor)
    previous = lesson.handout
    stored = _store(actor, uploaded_file, HANDOUT_KINDS)
    lesson.handout = stored
    lesson.save(update_fields=["handout"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=lesson,
        summary="lesson handout uploaded",
        changes={"handout": [str(previous.pk) if previous else None, str(stored.pk)]},
    )
    if previous is not None:
        delete_stored_file(stored_file=previous, actor=actor)
    return lesson


@transaction.atomic
def remove_handout(*, actor, lesson: Lesson) -> Lesson:
    require_training_admin(actor)
    previous = lesson.handout
    if previous is None:
        return lesson
    lesson.handout = None
    lesson.save(update_fields=["handout"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=lesson,
        summary="lesson handout removed",
        changes={"handout": [str(previous.pk), None]},
    )
    delete_stored_file(stored_file=previous, actor=actor)
    return lesson


# ------------------------------------------------------------------ guide steps


@transaction.atomic
def add_step(*, actor, lesson: Lesson, image_file=None, **fields) -> GuideStep:
    """A new step at the end of the lesson's guide; ``image_file`` an optional screenshot."""
    require_training_admin(actor)
    _unknown(fields, STEP_FIELDS)
    step = GuideStep(lesson=lesson, position=_next_position(lesson.steps.all()), **fields)
    if image_file is not None:
        step.image = _store(actor, image_file, IMAGE_KINDS)
    _add(
        actor,
        step,
        course=lesson.course,
        summary="guide step added",
        object_repr=f"{lesson.title}: {step.title}",
    )
    return step


@transaction.atomic
def update_step(
    *, actor, step: GuideStep, image_file=None, remove_image: bool = False, **fields
) -> GuideStep:
    """Change the step; a new ``image_file`` replaces the screenshot, ``remove_image``
    removes it."""
    require_training_admin(actor)
    _unknown(fields, STEP_FIELDS)
    before = snapshot(step)
    for name, value in fields.items():
        setattr(step, name, value)
    old_image = step.image if step.image_id and (image_file is not None or remove_image) else None
    if image_file is not None:
        step.image = _store(actor, image_file, IMAGE_KINDS)
    elif remove_image:
        step.image = None
        step.image_alt = ""
    step.full_clean()
    step.save()
    record_update(
        actor=actor,
        obj=step,
        before=before,
        summary="guide step changed",
    )
    if old_image is not None:
        delete_stored_file(stored_file=old_image, actor=actor)
    _touch(step.lesson.course)
    return step


@transaction.atomic
def delete_step(*, actor, step: GuideStep) -> None:
    require_training_admin(actor)
    lesson = step.lesson
    image = step.image
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=step,
        object_repr=f"{lesson.title}: {step.title}",
        summary="guide step deleted",
    )
    step.delete()
    if image is not None:
        delete_stored_file(stored_file=image, actor=actor)
    _renumber(lesson.steps.order_by("position", "pk"))
    _touch(lesson.course)


@transaction.atomic
def move_step(*, actor, step: GuideStep, up: bool) -> None:
    require_training_admin(actor)
    siblings = GuideStep.objects.filter(lesson_id=step.lesson_id).order_by("position", "pk")
    _move(actor=actor, item=step, siblings=siblings, up=up, summary="guide step moved")


# ------------------------------------------------------------------ questions


def _choice_data(choice: Choice) -> dict:
    return {name: getattr(choice, name) for name in CHOICE_FIELDS}


def _set_choices(question: Question, choices: list[dict]) -> dict:
    """Make the question's answers exactly ``choices`` (dicts of ``CHOICE_FIELDS``, with
    ``id`` for an answer that exists already). Returns the changes for the audit trail."""
    existing = {choice.pk: choice for choice in question.choices.all()}
    before = {str(pk): _choice_data(choice) for pk, choice in existing.items()}
    kept = set()
    for data in choices:
        values = {name: data[name] for name in CHOICE_FIELDS if name in data}
        choice = existing.get(data.get("id"))
        if choice is None:
            choice = Choice(question=question)
        for name, value in values.items():
            setattr(choice, name, value)
        choice.full_clean()
        choice.save()
        kept.add(choice.pk)
    Choice.objects.filter(question=question).exclude(pk__in=kept).delete()
    after = {str(choice.pk): _choice_data(choice) for choice in question.choices.all()}
    return {"choices": [before, after]} if before != after else {}


def _save_question(*, actor, lesson, question, choices, fields, created: bool) -> Question:
    before = None if created else snapshot(question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    choice_changes = _set_choices(question, choices) if choices is not None else {}
    if created:
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=question,
            summary="question added",
            changes=choice_changes,
        )
    else:
        record_update(actor=actor, obj=question, before=before, summary="question changed")
        if choice_changes:
            record(
                action=AuditEntry.Action.UPDATE,
                actor=actor,
                obj=question,
                summary="answers changed",
                changes=choice_changes,
            )
    _keep_publishable(lesson.course)
    _touch(lesson.course)
    return question


@transaction.atomic
def add_question(*, actor, lesson: Lesson, choices: list[dict], **fields) -> Question:
    """A new question in the lesson's pool, with its answers (see ``_set_choices``)."""
    require_training_admin(actor)
    _unknown(fields, QUESTION_FIELDS)
    question = Question(lesson=lesson, position=_next_position(lesson.questions.all()))
    return _save_question(
        actor=actor, lesson=lesson, question=question, choices=choices, fields=fields, created=True
    )


@transaction.atomic
def update_question(
    *, actor, question: Question, choices: list[dict] | None = None, **fields
) -> Question:
    """Change the question; ``choices`` (when given) replaces its answers."""
    require_training_admin(actor)
    _unknown(fields, QUESTION_FIELDS)
    return _save_question(
        actor=actor,
        lesson=question.lesson,
        question=question,
        choices=choices,
        fields=fields,
        created=False,
    )


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    """Past attempts keep the question's id in what they drew; the question itself goes."""
    require_training_admin(actor)
    lesson = question.lesson
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=question, summary="question deleted")
    question.delete()
    _keep_publishable(lesson.course)
    _renumber(lesson.questions.order_by("position", "pk"))
    _touch(lesson.course)
