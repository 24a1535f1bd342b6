"""Factories for surveys: a published process with a running survey phase, surveys and
questions of every kind."""

import datetime

import factory
from django.utils import timezone

from rathaus.participation.models import Feature, Phase, Process
from rathaus.participation.tests.factories import PhaseFactory, ProcessFactory

from ..models import Choice, MatrixRow, Question, Survey

__all__ = ["PhaseFactory", "ProcessFactory", "SurveyFactory", "every_kind", "survey_process"]


def survey_process(**kwargs) -> Process:
    """A published process whose current phase switches surveys on."""
    process = ProcessFactory(is_published=True, **kwargs)
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        kind=Phase.Kind.DISCUSSION,
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=21),
        features=[Feature.SURVEYS],
    )
    return process


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    process = factory.LazyFunction(survey_process)
    title = "Wie nutzen Sie den Marktplatz?"
    intro = "Die Umfrage dauert drei Minuten."
    answer_mode = Survey.AnswerMode.ANONYMOUS
    results_public = Survey.ResultsPublic.AFTER_CLOSE
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


def question(survey, kind, text="Frage?", *, choices=(), rows=(), **fields) -> Question:
    position = survey.questions.count()
    created = Question.objects.create(
        survey=survey, kind=kind, text=text, position=position, **fields
    )
    for index, label in enumerate(choices):
        Choice.objects.create(question=created, label=label, position=index)
    for index, label in enumerate(rows):
        MatrixRow.objects.create(question=created, label=label, position=index)
    return created


def every_kind(survey) -> dict[str, Question]:
    """One question of each kind in ``survey``."""
    return {
        "single": question(
            survey, Question.Kind.SINGLE, "Wie oft sind Sie dort?", choices=["Oft", "Selten"]
        ),
        "multiple": question(
            survey,
            Question.Kind.MULTIPLE,
            "Wofür nutzen Sie den Platz?",
            choices=["Markt", "Gastronomie", "Parken"],
        ),
        "scale": question(
            survey,
            Question.Kind.SCALE,
            "Wie wohl fühlen Sie sich?",
            scale_min=1,
            scale_max=5,
            scale_min_label="gar nicht",
            scale_max_label="sehr",
        ),
        "matrix": question(
            survey,
            Question.Kind.MATRIX,
            "Wie wichtig ist Ihnen das?",
            choices=["Unwichtig", "Wichtig"],
            rows=["Bäume", "Bänke"],
        ),
        "text": question(survey, Question.Kind.TEXT, "Was fehlt?", required=False),
    }


def field_name(q: Question) -> str:
    return f"frage_{q.pk}"


def row_field(q: Question, index: int) -> str:
    return f"frage_{q.pk}_zeile_{q.rows.all()[index].pk}"


def choice_value(q: Question, label: str) -> str:
    return str(q.choices.get(label=label).pk)


def full_answer(questions: dict[str, Question], text: str = "Ein Trinkbrunnen") -> dict:
    """POST data answering every question of ``every_kind``."""
    matrix = questions["matrix"]
    return {
        field_name(questions["single"]): choice_value(questions["single"], "Oft"),
        field_name(questions["multiple"]): [
            choice_value(questions["multiple"], "Markt"),
            choice_value(questions["multiple"], "Parken"),
        ],
        field_name(questions["scale"]): "4",
        row_field(matrix, 0): choice_value(matrix, "Wichtig"),
        row_field(matrix, 1): choice_value(matrix, "Unwichtig"),
        field_name(questions["text"]): text,
    }
