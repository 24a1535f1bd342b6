"""Writes of surveys: building them (staff, audited) and answering them (the public).

Once a survey has answers its structure is locked: questions and options can no longer be
added, removed, reordered or changed in kind, because the stored answers refer to them;
wording can still be corrected. The survey row is locked while a structure changes and
while an answer is stored, so neither can slip past the other.
"""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.ratelimit import hit
from rathaus.core.tenancy import current_town_id
from rathaus.participation.services.permissions import can_manage_participation

from .exceptions import (
    AlreadyAnswered,
    NotAllowed,
    NotReadyToPublish,
    SignInRequired,
    StructureLocked,
    SurveyError,
    SurveyNotOpen,
)
from .models import Answer, Choice, MatrixRow, Question, Response, Survey

SURVEY_FIELDS = ("title", "intro", "answer_mode", "opens_at", "closes_at", "results_public")
# Wording that may be corrected after answers exist; everything else is structure.
QUESTION_WORDING_FIELDS = ("text", "help_text", "scale_min_label", "scale_max_label")
QUESTION_STRUCTURE_FIELDS = ("kind", "required", "scale_min", "scale_max")
QUESTION_FIELDS = QUESTION_WORDING_FIELDS + QUESTION_STRUCTURE_FIELDS
# Anonymous answers from one client (an address, or an account) within an hour. Town halls
# and libraries share one address, so the limit leaves room for a queue of people.
ANONYMOUS_ANSWERS_PER_HOUR = 30


def _require_builder(actor) -> None:
    """Participation managers and administrators build and evaluate surveys."""
    if not can_manage_participation(actor):
        raise NotAllowed


def _locked_survey(survey: Survey) -> Survey:
    """The survey's row, locked until the transaction ends."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _require_unlocked(survey: Survey) -> None:
    if survey.has_answers():
        raise StructureLocked


# --- building -------------------------------------------------------------------------------


@transaction.atomic
def create_survey(*, actor, process, data: dict) -> Survey:
    _require_builder(actor)
    survey = Survey(process=process, **{name: data[name] for name in SURVEY_FIELDS if name in data})
    survey.full_clean()
    survey.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=survey,
        summary=f"Survey created in process {process.slug}",
    )
    return survey


@transaction.atomic
def update_survey(*, actor, survey: Survey, data: dict) -> Survey:
    """Change title, introduction, dates and who sees results; who may answer only while
    nobody has answered."""
    _require_builder(actor)
    _locked_survey(survey)
    before = snapshot(survey)
    if data.get("answer_mode", survey.answer_mode) != survey.answer_mode:
        _require_unlocked(survey)
    for name in SURVEY_FIELDS:
        if name in data:
            setattr(survey, name, data[name])
    survey.full_clean()
    survey.save()
    record_update(actor=actor, obj=survey, before=before, summary="Survey changed")
    return survey


def publication_problems(survey: Survey) -> list[str]:
    """What keeps the survey from being published, as sentences for staff."""
    questions = list(survey.questions.prefetch_related("choices", "rows"))
    problems = []
    if not questions:
        problems.append(_("Add at least one question."))
    for number, question in enumerate(questions, start=1):
        choices = len(question.choices.all())
        if question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and choices < 2:
            problems.append(
                _("Question %(number)d needs at least two options.") % {"number": number}
            )
        if question.kind == Question.Kind.MATRIX:
            if choices < 2:
                problems.append(
                    _("Question %(number)d needs at least two columns.") % {"number": number}
                )
            if not question.rows.all():
                problems.append(
                    _("Question %(number)d needs at least one row.") % {"number": number}
                )
    return problems


@transaction.atomic
def publish_survey(*, actor, survey: Survey) -> Survey:
    _require_builder(actor)
    _locked_survey(survey)
    problems = publication_problems(survey)
    if problems:
        raise NotReadyToPublish(" ".join(problems))
    survey.is_published = True
    survey.published_at = survey.published_at or timezone.now()
    survey.save(update_fields=["is_published", "published_at", "updated_at"])
    record(action=AuditEntry.Action.UPDATE, actor=actor, obj=survey, summary="Survey published")
    return survey


@transaction.atomic
def unpublish_survey(*, actor, survey: Survey) -> Survey:
    _require_builder(actor)
    survey.is_published = False
    survey.save(update_fields=["is_published", "updated_at"])
    record(action=AuditEntry.Action.UPDATE, actor=actor, obj=survey, summary="Survey withdrawn")
    return survey


@transaction.atomic
def delete_survey(*, actor, survey: Survey) -> None:
    """Delete a survey nobody has answered; one with answers can only be withdrawn."""
    _require_builder(actor)
    _locked_survey(survey)
    if survey.has_answers():
        raise SurveyError(
            _("A survey with answers cannot be deleted. Withdraw it from publication instead.")
        )
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=survey, summary="Survey deleted")
    survey.delete()


def parse_lines(text: str) -> list[str]:
    """The non-empty lines of a text box, trimmed: one option or row per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _apply_labels(model, question: Question, labels: list[str], *, locked: bool) -> bool:
    """Make the question's options (or rows) the ``labels`` in this order; whether anything
    changed. Locked: only the wording of the existing ones may change."""
    existing = list(model.objects.filter(question=question).order_by("position", "id"))
    if locked and len(labels) != len(existing):
        raise StructureLocked
    changed = False
    for position, label in enumerate(labels):
        if position < len(existing):
            item = existing[position]
            if (item.label, item.position) != (label, position):
                item.label, item.position = label, position
                item.save(update_fields=["label", "position"])
                changed = True
        else:
            model.objects.create(question=question, label=label, position=position)
            changed = True
    for item in existing[len(labels) :]:
        item.delete()
        changed = True
    return changed


def _labels_for(question: Question, choices: list[str], rows: list[str]) -> tuple[list, list]:
    if question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
        return choices, []
    if question.kind == Question.Kind.MATRIX:
        return choices, rows
    return [], []


@transaction.atomic
def add_question(
    *, actor, survey: Survey, data: dict, choices: list[str] = (), rows: list[str] = ()
) -> Question:
    """Add a question at the end; ``choices`` are its options (a matrix's columns),
    ``rows`` a matrix's rows."""
    _require_builder(actor)
    _locked_survey(survey)
    _require_unlocked(survey)
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        survey=survey,
        position=0 if last is None else last + 1,
        **{name: data[name] for name in QUESTION_FIELDS if name in data},
    )
    question.full_clean()
    question.save()
    option_labels, row_labels = _labels_for(question, list(choices), list(rows))
    _apply_labels(Choice, question, option_labels, locked=False)
    _apply_labels(MatrixRow, question, row_labels, locked=False)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=question,
        summary=f"Question added to survey {survey.pk}",
    )
    return question


@transaction.atomic
def update_question(
    *, actor, question: Question, data: dict, choices: list[str] = (), rows: list[str] = ()
) -> Question:
    """Change a question. With answers, only its wording and that of its options and rows
    may change (same number, same order)."""
    _require_builder(actor)
    survey = _locked_survey(question.survey)
    locked = survey.has_answers()
    before = snapshot(question)
    if locked and any(
        name in data and data[name] != getattr(question, name) for name in QUESTION_STRUCTURE_FIELDS
    ):
        raise StructureLocked
    for name in QUESTION_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    question.full_clean()
    question.save()
    option_labels, row_labels = _labels_for(question, list(choices), list(rows))
    options_changed = _apply_labels(Choice, question, option_labels, locked=locked)
    rows_changed = _apply_labels(MatrixRow, question, row_labels, locked=locked)
    changes = record_update(
        actor=actor, obj=question, before=before, summary=f"Question of survey {survey.pk} changed"
    )
    if not changes and (options_changed or rows_changed):
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=question,
            summary=f"Options of a question of survey {survey.pk} changed",
        )
    return question


@transaction.atomic
def move_question(*, actor, question: Question, up: bool) -> None:
    """Swap the question with the one before (``up``) or after it."""
    _require_builder(actor)
    survey = _locked_survey(question.survey)
    _require_unlocked(survey)
    ordered = list(survey.questions.in_order())
    index = next(i for i, item in enumerate(ordered) if item.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=question,
        summary=f"Question moved {'up' if up else 'down'} in survey {survey.pk}",
    )


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    _require_builder(actor)
    survey = _locked_survey(question.survey)
    _require_unlocked(survey)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=question,
        summary=f"Question deleted from survey {survey.pk}",
    )
    question.delete()
    for position, item in enumerate(survey.questions.in_order()):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# --- answering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerData:
    """One answer as the form understood it."""

    question: Question
    choice: Choice | None = None
    matrix_row: MatrixRow | None = None
    text: str = ""
    scale_value: int | None = None


def session_hash(survey: Survey, session_key: str) -> str:
    """A keyed hash of the browser session: recognises a second answer from the same
    session without keeping the session key."""
    message = f"{current_town_id()}|survey|{survey.pk}|{session_key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_answered(*, survey: Survey, user=None, session_key: str | None = None) -> bool:
    if survey.answer_mode == Survey.AnswerMode.ACCOUNT:
        return Response.objects.by_account(survey, user).exists()
    if not session_key:
        return False
    return Response.objects.filter(
        survey=survey, session_key_hash=session_hash(survey, session_key)
    ).exists()


def _check_answers(survey: Survey, answers: Iterable[AnswerData]) -> list[AnswerData]:
    """Every answer belongs to this survey, and every required question is answered."""
    questions = {question.pk: question for question in survey.questions.prefetch_related("rows")}
    answers = list(answers)
    answered_rows = set()
    answered = set()
    for answer in answers:
        question = questions.get(answer.question.pk)
        if question is None:
            raise SurveyError(_("The answers do not match this survey."))
        for part in (answer.choice, answer.matrix_row):
            if part is not None and part.question_id != question.pk:
                raise SurveyError(_("The answers do not match this survey."))
        answered.add(question.pk)
        if answer.matrix_row is not None:
            answered_rows.add(answer.matrix_row.pk)
    for question in questions.values():
        if not question.required:
            continue
        if question.kind == Question.Kind.MATRIX:
            missing = any(row.pk not in answered_rows for row in question.rows.all())
        else:
            missing = question.pk not in answered
        if missing:
            raise SurveyError(_("Please answer every required question."))
    return answers


@transaction.atomic
def submit_response(
    *, survey: Survey, user=None, session_key: str = "", client: str, answers: Iterable[AnswerData]
) -> Response:
    """Store one person's answers. Tied surveys take one per account (the database's unique
    constraint decides between parallel submissions), anonymous ones one per browser
    session and a limited number per client and hour."""
    survey = _locked_survey(survey)
    if not survey.accepts_answers():
        raise SurveyNotOpen
    answers = _check_answers(survey, answers)
    if survey.answer_mode == Survey.AnswerMode.ACCOUNT:
        if not getattr(user, "is_authenticated", False):
            raise SignInRequired
        owner, key_hash = user, ""
    else:
        if not session_key:
            raise SurveyError(_("Please allow cookies for this site to answer the survey."))
        owner, key_hash = None, session_hash(survey, session_key)
    if has_answered(survey=survey, user=user, session_key=session_key):
        raise AlreadyAnswered
    if survey.answer_mode == Survey.AnswerMode.ANONYMOUS:
        hit("surveys.answer", client, limit=ANONYMOUS_ANSWERS_PER_HOUR, per=3600)
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, user=owner, session_key_hash=key_hash)
    except IntegrityError:
        raise AlreadyAnswered from None
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=answer.question,
            choice=answer.choice,
            matrix_row=answer.matrix_row,
            text=answer.text,
            scale_value=answer.scale_value,
        )
        for answer in answers
    )
    return response
