"""Parallel submissions of one account to a tied survey: exactly one is stored.

On PostgreSQL the submissions really overlap (the survey row lock and the unique
constraint on survey and account decide); on SQLite they run one after the other
(IMMEDIATE transactions). Both are tested with threads on their own connections.
"""

import pytest

from rathaus.services.appointments.tests.test_concurrency import (  # noqa: F401
    database_for_threads,
    run_in_parallel,
)

from ..exceptions import AlreadyAnswered
from ..models import Response, Survey
from ..services import AnswerData, submit_response
from .factories import SurveyFactory, every_kind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_for_threads"),
]


def test_parallel_answers_of_one_account_store_exactly_one(town, citizen):
    survey = SurveyFactory(answer_mode=Survey.AnswerMode.ACCOUNT)
    questions = every_kind(survey)
    survey.questions.update(required=False)
    single = questions["single"]

    def work(number):
        return submit_response(
            survey=survey,
            user=citizen,
            client=f"user:{citizen.pk}",
            answers=[AnswerData(question=single, choice=single.choices.first())],
        )

    results = run_in_parallel(town, work, 4)
    stored = [result for result in results if isinstance(result, Response)]
    refused = [result for result in results if isinstance(result, AlreadyAnswered)]
    assert len(stored) == 1 and len(refused) == 3, results
    assert Response.objects.filter(survey=survey, user=citizen).count() == 1
