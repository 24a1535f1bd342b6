"""Answering a survey: every kind of question, validation that keeps what was entered,
one answer per browser session or per account, and the process's phase and the survey's
dates deciding when answers are taken."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.ratelimit import RateLimited
from rathaus.participation.models import Feature

from ..models import Answer, Response, Survey
from ..services import ANONYMOUS_ANSWERS_PER_HOUR, AnswerData, submit_response
from .conftest import answer_url
from .factories import choice_value, field_name, full_answer, row_field


def test_the_answer_page_shows_every_kind_of_question_accessibly(client, survey, questions):
    page = client.get(answer_url(survey)).content.decode()
    assert "<h1" in page and survey.title in page
    # Choice, scale and matrix are fieldsets with a legend naming the question.
    assert page.count("<fieldset") == 4
    assert '<legend class="kern-label">1. Wie oft sind Sie dort?' in page
    assert 'type="checkbox"' in page
    assert "1 – gar nicht" in page and "5 – sehr" in page
    # The matrix is a table with a header per column and per row, every radio labelled.
    matrix = questions["matrix"]
    first_row = matrix.rows.all()[0]
    assert '<th scope="col" class="kern-table__header">Wichtig</th>' in page
    assert '<th scope="row" class="kern-table__header">Bäume</th>' in page
    assert f'for="id_frage_{matrix.pk}_zeile_{first_row.pk}_1">Bäume: Wichtig</label>' in page
    assert "<textarea" in page and "(optional)" in page


def test_a_complete_answer_is_stored_without_personal_data(client, survey, questions, citizen):
    client.force_login(citizen)  # anonymous surveys keep no account even when signed in
    response = client.post(answer_url(survey), full_answer(questions))
    assert response.status_code == 302 and response["Location"].endswith("/danke/")
    stored = Response.objects.get()
    assert stored.user is None and len(stored.session_key_hash) == 64
    answers = {a.question.kind: [] for a in stored.answers.all()}
    for answer in stored.answers.select_related("choice", "matrix_row"):
        answers[answer.question.kind].append(answer)
    assert [a.choice.label for a in answers["single"]] == ["Oft"]
    assert sorted(a.choice.label for a in answers["multiple"]) == ["Markt", "Parken"]
    assert [a.scale_value for a in answers["scale"]] == [4]
    assert sorted((a.matrix_row.label, a.choice.label) for a in answers["matrix"]) == [
        ("Bänke", "Unwichtig"),
        ("Bäume", "Wichtig"),
    ]
    assert [a.text for a in answers["text"]] == ["Ein Trinkbrunnen"]
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you for your answers" in thanks


def test_missing_answers_are_named_and_what_was_entered_stays(client, survey, questions):
    data = full_answer(questions, text="Mehr Schatten")
    del data[field_name(questions["single"])]
    del data[row_field(questions["matrix"], 1)]
    response = client.post(answer_url(survey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Please answer this question." in page
    assert "Please choose an answer for “Bänke”." in page
    # The error summary links to the fields.
    assert f'href="#id_{field_name(questions["single"])}_0"' in page
    assert f'href="#id_{row_field(questions["matrix"], 1)}_0"' in page
    # Every value entered is still there.
    assert "Mehr Schatten</textarea>" in page
    parken = choice_value(questions["multiple"], "Parken")
    assert f'value="{parken}" id="id_{field_name(questions["multiple"])}_2" checked' in page
    assert 'value="4" id="id_{}_3" checked'.format(field_name(questions["scale"])) in page
    wichtig = choice_value(questions["matrix"], "Wichtig")
    assert f'value="{wichtig}" id="id_{row_field(questions["matrix"], 0)}_1" checked' in page
    assert not Response.objects.exists()


def test_a_multiple_choice_question_needs_one_option_and_refuses_unknown_ones(
    client, survey, questions
):
    data = full_answer(questions)
    data[field_name(questions["multiple"])] = []
    page = client.post(answer_url(survey), data).content.decode()
    assert "Please choose at least one option." in page
    data[field_name(questions["multiple"])] = [str(questions["single"].choices.first().pk)]
    page = client.post(answer_url(survey), data).content.decode()
    assert "Select a valid choice." in page
    assert not Response.objects.exists()


def test_a_scale_value_outside_the_scale_is_refused(client, survey, questions):
    data = full_answer(questions)
    data[field_name(questions["scale"])] = "9"
    page = client.post(answer_url(survey), data).content.decode()
    assert "Select a valid choice." in page
    assert not Response.objects.exists()


def test_an_overlong_free_text_is_refused_and_kept(client, survey, questions):
    data = full_answer(questions, text="x" * 4001)
    page = client.post(answer_url(survey), data).content.decode()
    assert "Ensure this value has at most 4000 characters" in page
    assert not Response.objects.exists()


def test_optional_questions_may_stay_empty(client, survey, questions):
    data = full_answer(questions, text="   ")
    assert client.post(answer_url(survey), data).status_code == 302
    assert not Answer.objects.filter(question=questions["text"]).exists()


def test_html_in_a_free_text_answer_is_shown_as_text(client, survey, questions):
    data = full_answer(questions, text="<script>alert(1)</script>")
    data.pop(field_name(questions["single"]))
    page = client.post(answer_url(survey), data).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- one answer each -------------------------------------------------------------------------


def test_one_answer_per_browser_session(client, survey, questions):
    assert client.post(answer_url(survey), full_answer(questions)).status_code == 302
    again = client.get(answer_url(survey)).content.decode()
    assert "You have already answered" in again
    # Even if the browser forgets the note in its session data, the stored hash decides.
    session = client.session
    session["surveys.answered"] = []
    session.save()
    response = client.post(answer_url(survey), full_answer(questions))
    assert "You have already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_another_browser_may_answer_an_anonymous_survey(client, survey, questions):
    from django.test import Client

    assert client.post(answer_url(survey), full_answer(questions)).status_code == 302
    assert Client().post(answer_url(survey), full_answer(questions)).status_code == 302
    assert Response.objects.count() == 2


def test_anonymous_answers_are_rate_limited_per_client(survey, questions):
    data = []
    survey.questions.update(required=False)
    for number in range(ANONYMOUS_ANSWERS_PER_HOUR):
        submit_response(survey=survey, session_key=f"s{number}", client="ip:1", answers=data)
    with pytest.raises(RateLimited):
        submit_response(survey=survey, session_key="one-more", client="ip:1", answers=data)
    submit_response(survey=survey, session_key="other", client="ip:2", answers=data)
    assert Response.objects.count() == ANONYMOUS_ANSWERS_PER_HOUR + 1


def test_a_rate_limited_answer_keeps_what_was_entered(client, survey, questions, monkeypatch):
    from rathaus.participation.surveys import services

    monkeypatch.setattr(services, "ANONYMOUS_ANSWERS_PER_HOUR", 0)
    response = client.post(answer_url(survey), full_answer(questions, text="Mehr Bänke"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have done this too often" in page and "Mehr Bänke</textarea>" in page
    assert not Response.objects.exists()


@pytest.fixture
def tied(survey):
    survey.answer_mode = Survey.AnswerMode.ACCOUNT
    survey.save()
    return survey


def test_a_tied_survey_asks_visitors_to_sign_in(client, tied, questions):
    page = client.get(answer_url(tied)).content.decode()
    assert "Please sign in first" in page and "Send answers" not in page
    response = client.post(answer_url(tied), full_answer(questions))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert not Response.objects.exists()


def test_a_tied_survey_takes_one_answer_per_account(client, tied, questions, citizen):
    client.force_login(citizen)
    assert client.post(answer_url(tied), full_answer(questions)).status_code == 302
    assert Response.objects.get().user == citizen
    page = client.get(answer_url(tied)).content.decode()
    assert "You have already answered" in page
    # A new browser session of the same account is recognised by the account.
    from django.test import Client

    other = Client()
    other.force_login(citizen)
    response = other.post(answer_url(tied), full_answer(questions))
    assert "You have already answered" in response.content.decode()
    assert Response.objects.count() == 1


def test_the_database_refuses_a_second_response_of_an_account(tied, citizen):
    from django.db import IntegrityError, transaction

    Response.objects.create(survey=tied, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=tied, user=citizen)


def test_the_database_refuses_a_second_response_of_a_session(survey):
    from django.db import IntegrityError, transaction

    Response.objects.create(survey=survey, session_key_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, session_key_hash="a" * 64)


# --- when answers are taken ------------------------------------------------------------------


def _phase(survey):
    return survey.process.phases.get()


def test_no_answers_when_the_current_phase_has_no_surveys(client, survey, questions):
    phase = _phase(survey)
    phase.features = [Feature.PROPOSALS]
    phase.save()
    page = client.get(answer_url(survey)).content.decode()
    assert "not open for answers" in page and "Send answers" not in page
    response = client.post(answer_url(survey), full_answer(questions))
    assert "not open for answers" in response.content.decode()
    assert not Response.objects.exists()
    phase.features = [Feature.PROPOSALS, Feature.SURVEYS]
    phase.save()
    assert client.post(answer_url(survey), full_answer(questions)).status_code == 302


def test_no_answers_before_the_phase_starts_or_after_it_ends(client, survey, questions):
    phase = _phase(survey)
    today = timezone.localdate()
    phase.starts_on, phase.ends_on = today + datetime.timedelta(1), today + datetime.timedelta(9)
    phase.save()
    assert "Not open yet" in client.get(answer_url(survey)).content.decode()
    phase.starts_on, phase.ends_on = today - datetime.timedelta(9), today - datetime.timedelta(1)
    phase.save()
    survey.refresh_from_db()
    assert survey.is_closed()
    client.post(answer_url(survey), full_answer(questions))
    assert not Response.objects.exists()


def test_the_surveys_own_dates_limit_the_phase(client, survey, questions, time_machine):
    now = timezone.now()
    survey.opens_at = now + datetime.timedelta(hours=2)
    survey.closes_at = now + datetime.timedelta(days=2)
    survey.save()
    assert "Not open yet" in client.get(answer_url(survey)).content.decode()
    time_machine.move_to(now + datetime.timedelta(hours=3))
    assert client.post(answer_url(survey), full_answer(questions)).status_code == 302
    time_machine.move_to(now + datetime.timedelta(days=3))
    from django.test import Client

    late = Client().post(answer_url(survey), full_answer(questions))
    assert "not open for answers" in late.content.decode()
    assert Response.objects.count() == 1


def test_an_unpublished_survey_or_process_is_not_found(client, survey, questions):
    survey.is_published = False
    survey.save()
    assert client.get(answer_url(survey)).status_code == 404
    survey.is_published = True
    survey.save()
    survey.process.is_published = False
    survey.process.save()
    assert client.get(answer_url(survey)).status_code == 404


def test_the_list_shows_the_published_surveys_of_the_process(client, survey, questions):
    from .factories import SurveyFactory

    SurveyFactory(process=survey.process, title="Entwurf", is_published=False)
    SurveyFactory(title="Anderes Verfahren")
    page = client.get(f"/beteiligung/{survey.process.slug}/umfragen/").content.decode()
    assert survey.title in page and "Open for answers" in page
    assert "Entwurf" not in page and "Anderes Verfahren" not in page


def test_the_service_refuses_answers_that_belong_to_another_survey(survey, questions):
    from .factories import SurveyFactory, every_kind

    foreign = every_kind(SurveyFactory(process=survey.process))
    from ..exceptions import SurveyError

    with pytest.raises(SurveyError):
        submit_response(
            survey=survey,
            session_key="s",
            client="ip:1",
            answers=[
                AnswerData(question=foreign["single"], choice=foreign["single"].choices.first())
            ],
        )
    assert not Response.objects.exists()
