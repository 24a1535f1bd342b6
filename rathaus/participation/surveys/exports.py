"""The CSV export of a survey's answers: one row per response, one column per question
(per row for a matrix). It holds no personal data, not even the account of a tied
survey, and no cell can be taken for a formula by a spreadsheet."""

import csv
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .models import Answer, Question, Response, Survey

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def safe_cell(value) -> str:
    """The value as text; one a spreadsheet would read as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming."""

    def write(self, value):
        return value


def _columns(questions: list[Question]) -> list[tuple[str, Question, object]]:
    columns = []
    for number, question in enumerate(questions, start=1):
        heading = _("%(number)d. %(question)s") % {"number": number, "question": question.text}
        if question.kind == Question.Kind.MATRIX:
            for row in question.rows.all():
                columns.append((f"{heading} – {row.label}", question, row))
        else:
            columns.append((heading, question, None))
    return columns


def _cell(question: Question, row, answers: list[Answer], choices: dict) -> str:
    mine = [answer for answer in answers if answer.question_id == question.pk]
    if row is not None:
        mine = [answer for answer in mine if answer.matrix_row_id == row.pk]
    if question.kind == Question.Kind.SCALE:
        return next((str(a.scale_value) for a in mine if a.scale_value is not None), "")
    if question.kind == Question.Kind.TEXT:
        return next((a.text for a in mine), "")
    return "; ".join(choices[a.choice_id] for a in mine if a.choice_id in choices)


def csv_rows(survey: Survey) -> Iterator[list[str]]:
    questions = list(
        Question.objects.filter(survey=survey).in_order().prefetch_related("choices", "rows")
    )
    choices = {choice.pk: choice.label for q in questions for choice in q.choices.all()}
    columns = _columns(questions)
    yield [_("Number"), _("Date")] + [heading for heading, _q, _r in columns]
    responses = (
        Response.objects.of_survey(survey)
        .order_by("created_at", "id")
        .only("id", "created_at", "survey_id", "town_id")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("id")))
    )
    for number, response in enumerate(responses.iterator(chunk_size=CHUNK), start=1):
        answers = list(response.answers.all())
        yield [str(number), localtime(response.created_at).date().isoformat()] + [
            _cell(question, row, answers, choices) for _h, question, row in columns
        ]


def csv_lines(survey: Survey) -> Iterator[str]:
    """The export as CSV text, line by line (semicolon-separated, as German spreadsheets
    expect), starting with a byte-order mark so spreadsheets read it as UTF-8."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in csv_rows(survey):
        yield writer.writerow([safe_cell(value) for value in row])
