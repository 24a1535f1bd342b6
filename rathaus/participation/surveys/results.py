"""A survey's results: counts per option, scale distributions and means, matrix tables.

``survey_results(survey)`` needs a fixed number of queries however many questions and
answers there are: the questions with their options and rows, then one grouped count per
kind of answer.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .charts import Bar, format_percent, horizontal_bar_chart, percent, stacked_bar_chart
from .models import Answer, Question, Response, Survey


@dataclass
class Row:
    label: str
    count: int
    share: float

    @property
    def share_display(self) -> str:
        return format_percent(self.share)


@dataclass
class MatrixLine:
    label: str
    cells: list[Row]
    total: int


@dataclass
class QuestionResult:
    number: int
    question: Question
    respondents: int
    rows: list[Row] = field(default_factory=list)
    matrix: list[MatrixLine] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    mean: float | None = None
    chart: SafeString | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def mean_display(self) -> str:
        return "" if self.mean is None else number_format(round(self.mean, 2), 2)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def _chart_title(number: int, question: Question) -> str:
    return _("Question %(number)d: %(question)s") % {"number": number, "question": question.text}


def survey_results(survey: Survey, *, with_charts: bool = True) -> SurveyResults:
    questions = list(
        Question.objects.filter(survey=survey).in_order().prefetch_related("choices", "rows")
    )
    answers = Answer.objects.of_survey(survey).order_by()
    respondents = dict(
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True))
    )
    choice_counts = defaultdict(int)
    for question_id, row_id, choice_id, count in (
        answers.filter(choice__isnull=False)
        .values_list("question_id", "matrix_row_id", "choice_id")
        .annotate(n=Count("id"))
    ):
        choice_counts[(question_id, row_id, choice_id)] = count
    scale_counts = defaultdict(int)
    for question_id, value, count in (
        answers.filter(scale_value__isnull=False)
        .values_list("question_id", "scale_value")
        .annotate(n=Count("id"))
    ):
        scale_counts[(question_id, value)] = count
    results = []
    for number, question in enumerate(questions, start=1):
        result = QuestionResult(number, question, respondents.get(question.pk, 0))
        base = result.respondents
        if question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
            for choice in question.choices.all():
                count = choice_counts[(question.pk, None, choice.pk)]
                result.rows.append(Row(choice.label, count, percent(count, base)))
        elif question.kind == Question.Kind.SCALE:
            total = 0
            for value in question.scale_values():
                count = scale_counts[(question.pk, value)]
                total += value * count
                result.rows.append(Row(question.scale_label(value), count, percent(count, base)))
            result.mean = total / base if base else None
        elif question.kind == Question.Kind.MATRIX:
            columns = list(question.choices.all())
            result.columns = [column.label for column in columns]
            for row in question.rows.all():
                counts = [choice_counts[(question.pk, row.pk, column.pk)] for column in columns]
                line_total = sum(counts)
                result.matrix.append(
                    MatrixLine(
                        row.label,
                        [
                            Row(column.label, count, percent(count, line_total))
                            for column, count in zip(columns, counts, strict=True)
                        ],
                        line_total,
                    )
                )
        if with_charts:
            result.chart = chart_for(result, chart_id=f"chart-{question.pk}")
        results.append(result)
    return SurveyResults(survey, Response.objects.of_survey(survey).count(), results)


def chart_for(result: QuestionResult, *, chart_id: str) -> SafeString | None:
    title = _chart_title(result.number, result.question)
    if result.rows:
        description = None
        if result.kind == Question.Kind.SCALE and result.mean is not None:
            description = "; ".join(
                [
                    _("Mean: %(mean)s") % {"mean": result.mean_display},
                    *(f"{row.label}: {row.count} ({row.share_display})" for row in result.rows),
                ]
            )
        return horizontal_bar_chart(
            chart_id=chart_id,
            title=title,
            bars=[Bar(row.label, row.count) for row in result.rows],
            total=result.respondents or None,
            description=description,
        )
    if result.matrix:
        return stacked_bar_chart(
            chart_id=chart_id,
            title=title,
            rows=[line.label for line in result.matrix],
            series=result.columns,
            values=[[cell.count for cell in line.cells] for line in result.matrix],
        )
    return None
