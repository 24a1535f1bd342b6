"""What surveys give to others: the key figure, the open-data dataset (aggregates only,
small counts suppressed, no free text) and the demo town's survey."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.registries import kpi_registry, open_data_registry

from ..demo import PROCESS_SLUG, TITLE, load
from ..models import Answer, Response, Survey
from .conftest import staff_with
from .factories import PhaseFactory, ProcessFactory, SurveyFactory, every_kind


def _responses(survey, questions, count, label="Oft", text="Geheimnis"):
    single = questions["single"]
    for _number in range(count):
        response = Response.objects.create(survey=survey)
        Answer.objects.create(
            response=response, question=single, choice=single.choices.get(label=label)
        )
        Answer.objects.create(response=response, question=questions["text"], text=text)


def test_the_key_figure_counts_responses_in_the_period(town, survey, questions):
    figure = kpi_registry.get("surveys.responses")
    _responses(survey, questions, 3)
    old = Response.objects.create(survey=survey)
    Response.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    today = timezone.localdate()
    assert figure.compute(town, None) == 4
    assert figure.compute(town, (today - datetime.timedelta(days=30), today)) == 3


def test_the_dataset_publishes_counts_of_public_results_only(town, survey, questions):
    survey.results_public = Survey.ResultsPublic.ALWAYS
    survey.save()
    _responses(survey, questions, 6, label="Oft")
    _responses(survey, questions, 2, label="Selten")
    hidden = SurveyFactory(process=survey.process, title="Nie", results_public="never")
    every_kind(hidden)
    running = SurveyFactory(process=survey.process, title="Läuft")  # after close: not yet
    every_kind(running)
    rows = open_data_registry.get("surveys.results").build(town)
    assert {row["survey"] for row in rows} == {survey.title}
    single = {row["answer"]: row["count"] for row in rows if row["question_number"] == 1}
    assert single == {"Oft": 6, "Selten": None}  # fewer than 5: suppressed
    assert not any(row["question_kind"] == "text" for row in rows)
    assert "Geheimnis" not in repr(rows)
    matrix = [row for row in rows if row["question_kind"] == "matrix"]
    assert {(row["row"], row["answer"]) for row in matrix} == {
        ("Bäume", "Unwichtig"),
        ("Bäume", "Wichtig"),
        ("Bänke", "Unwichtig"),
        ("Bänke", "Wichtig"),
    }


@pytest.fixture
def manager_nina():
    from rathaus.core.accounts.roles import Role

    return staff_with(Role.PARTICIPATION_MANAGER, email="nina.berg@weiterstadt.example")


def test_the_demo_needs_the_participation_demos_process(manager_nina):
    people = {"nina.berg@weiterstadt.example": manager_nina}
    assert load(units={}, people=people) == 0
    assert not Survey.objects.exists()


def test_the_demo_survey_is_made_once_with_answers(client, manager_nina):
    process = ProcessFactory(slug=PROCESS_SLUG, title="Neugestaltung Marktplatz")
    PhaseFactory(process=process)
    people = {"nina.berg@weiterstadt.example": manager_nina}
    assert load(units={}, people=people) > 40
    assert load(units={}, people=people) == 0
    survey = Survey.objects.get()
    assert survey.title == TITLE and survey.is_published
    assert survey.questions.count() == 5
    assert len({q.kind for q in survey.questions.all()}) == 5
    assert survey.responses.count() == 40
    page = client.get(f"/beteiligung/{PROCESS_SLUG}/umfragen/{survey.pk}/ergebnisse/")
    assert page.status_code == 200 and "40 people have answered." in page.content.decode()
