"""Results: SVG charts (content, accessibility, escaping), the staff results page, the
public results when the survey's setting allows, free-text answers, and the CSV export."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from ..charts import Bar, horizontal_bar_chart, stacked_bar_chart
from ..exports import safe_cell
from ..models import Survey
from ..services import AnswerData, submit_response
from .conftest import answer_url, staff_url
from .factories import full_answer

# --- the chart functions -------------------------------------------------------------------


def test_a_bar_chart_has_title_description_counts_and_shares():
    svg = horizontal_bar_chart(
        chart_id="c1", title="Wie oft?", bars=[Bar("Oft", 3), Bar("Selten", 1)], total=4
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Wie oft?</title>' in svg
    assert '<desc id="c1-desc">Oft: 3 (75.0 %); Selten: 1 (25.0 %)</desc>' in svg
    assert ">3 (75.0 %)</text>" in svg and ">1 (25.0 %)</text>" in svg
    # Bars are scaled to the total: 75 % of the 490-unit track.
    assert 'width="367.5"' in svg and 'width="122.5"' in svg


def test_a_bar_chart_escapes_labels_and_title():
    svg = horizontal_bar_chart(
        chart_id='x" onload="alert(1)',
        title="<b>Titel</b>",
        bars=[Bar('<script>alert("x")</script>', 2)],
    )
    assert "<script>" not in svg and "<b>" not in svg and 'onload="' not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    assert "&lt;b&gt;Titel&lt;/b&gt;" in svg


def test_a_bar_chart_without_answers_draws_no_bars():
    svg = horizontal_bar_chart(chart_id="e", title="Leer", bars=[Bar("A", 0), Bar("B", 0)], total=0)
    assert "rh-chart__bar" not in svg and "A: 0; B: 0" in svg


def test_a_stacked_chart_splits_each_row_into_its_shares():
    svg = stacked_bar_chart(
        chart_id="m",
        title="Matrix",
        rows=["Bäume & Schatten"],
        series=["gut", "schlecht"],
        values=[[3, 1]],
    )
    assert "Bäume &amp; Schatten – gut: 3 (75.0 %), schlecht: 1 (25.0 %)" in svg
    assert svg.count('class="rh-chart__bar"') == 2 and ">n = 4</text>" in svg


def test_spreadsheet_formulas_are_defused():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in "+-@":
        assert safe_cell(f"{start}1") == f"'{start}1"
    assert safe_cell("Mehr Bäume") == "Mehr Bäume" and safe_cell(3) == "3"


# --- pages ---------------------------------------------------------------------------------


def _answer(survey, questions, number, *, single="Oft", scale="4", text=""):
    client = Client()
    data = full_answer(questions, text=text)
    data[f"frage_{questions['single'].pk}"] = str(questions["single"].choices.get(label=single).pk)
    data[f"frage_{questions['scale'].pk}"] = scale
    response = client.post(answer_url(survey), data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def answered(survey, questions):
    _answer(survey, questions, 1, single="Oft", scale="5", text="=cmd|' /C calc'!A0")
    _answer(survey, questions, 2, single="Oft", scale="4", text="<b>Mehr Bänke</b>")
    _answer(survey, questions, 3, single="Selten", scale="3")
    return survey


def test_the_staff_results_show_charts_tables_and_the_mean(manager_client, answered, questions):
    page = manager_client.get(staff_url(answered, "ergebnisse/")).content.decode()
    assert "3 people have answered." in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="rh-chart"') == 4
    assert (
        '<title id="chart-{}-title">Question 1: Wie oft sind Sie dort?</title>'.format(
            questions["single"].pk
        )
        in page
    )
    assert "Oft: 2 (66.7 %); Selten: 1 (33.3 %)" in page
    assert "Mean: 4.00" in page
    assert "The numbers as a table" in page
    assert '<th scope="row" class="kern-table__header">5 – sehr</th>' in page
    assert "Read the 2 free-text answers" in page


def test_the_results_page_needs_a_fixed_number_of_queries(
    manager_client, answered, questions, django_assert_max_num_queries
):
    url = staff_url(answered, "ergebnisse/")
    manager_client.get(url)
    with django_assert_max_num_queries(30) as before:
        manager_client.get(url)
    count = len(before.captured_queries)
    for _number in range(5):
        _answer(answered, questions, 9)
    with django_assert_max_num_queries(count):
        manager_client.get(url)


def test_free_text_answers_are_listed_escaped_and_paginated(manager_client, answered, questions):
    url = staff_url(answered, f"ergebnisse/freitext/{questions['text'].pk}/")
    page = manager_client.get(url).content.decode()
    assert "&lt;b&gt;Mehr Bänke&lt;/b&gt;" in page and "<b>Mehr Bänke</b>" not in page
    from ..models import Answer, Response

    response = Response.objects.create(survey=answered, session_key_hash="c" * 64)
    Answer.objects.bulk_create(
        Answer(response=response, question=questions["text"], text=f"Antwort {n}")
        for n in range(60)
    )
    first = manager_client.get(url).content.decode()
    assert "Showing 1 to 50 of 62" in first
    second = manager_client.get(url + "?page=2").content.decode()
    assert "Antwort 59" in second and "Antwort 0<" not in second
    not_text = staff_url(answered, f"ergebnisse/freitext/{questions['single'].pk}/")
    assert manager_client.get(not_text).status_code == 404


def _rows(manager_client, survey) -> list[list[str]]:
    response = manager_client.get(staff_url(survey, "export.csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_export_has_one_row_per_response_and_a_column_per_question(
    manager_client, answered, questions
):
    header, *rows = _rows(manager_client, answered)
    assert header == [
        "Number",
        "Date",
        "1. Wie oft sind Sie dort?",
        "2. Wofür nutzen Sie den Platz?",
        "3. Wie wohl fühlen Sie sich?",
        "4. Wie wichtig ist Ihnen das? – Bäume",
        "4. Wie wichtig ist Ihnen das? – Bänke",
        "5. Was fehlt?",
    ]
    assert len(rows) == 3
    today = timezone.localdate().isoformat()
    assert rows[0] == [
        "1",
        today,
        "Oft",
        "Markt; Parken",
        "5",
        "Wichtig",
        "Unwichtig",
        "'=cmd|' /C calc'!A0",
    ]
    assert rows[1][7] == "<b>Mehr Bänke</b>"
    assert rows[2][2:5] == ["Selten", "Markt; Parken", "3"] and rows[2][7] == ""


def test_the_csv_export_of_a_tied_survey_holds_no_account(
    manager_client, survey, questions, citizen
):
    survey.answer_mode = Survey.AnswerMode.ACCOUNT
    survey.save()
    data = [AnswerData(question=questions["single"], choice=questions["single"].choices.first())]
    survey.questions.update(required=False)
    submit_response(survey=survey, user=citizen, client="user:1", answers=data)
    rows = _rows(manager_client, survey)
    flat = ";".join(";".join(row) for row in rows)
    assert len(rows) == 2
    for personal in (citizen.email, citizen.given_name, citizen.family_name, str(citizen.pk)):
        assert personal not in flat


def test_formula_like_labels_are_defused_in_the_header(manager_client, survey, questions):
    questions["text"].text = "@SUM(1+1)"
    questions["text"].save()
    header, *_rows_ = _rows(manager_client, survey)
    assert header[-1] == "5. @SUM(1+1)"  # starts with a digit: harmless
    questions["single"].choices.filter(label="Selten").update(label="-Selten")
    _answer(survey, questions, 1, single="-Selten")
    header, row = _rows(manager_client, survey)
    assert row[2] == "'-Selten"


# --- public results ------------------------------------------------------------------------


def test_results_after_close_stay_hidden_while_the_survey_runs(client, answered):
    url = answer_url(answered) + "ergebnisse/"
    assert client.get(url).status_code == 404
    assert "See the results" not in client.get(answer_url(answered)).content.decode()
    answered.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    answered.opens_at = timezone.now() - datetime.timedelta(days=1)
    answered.save()
    page = client.get(url).content.decode()
    assert "3 people have answered." in page and "<svg" in page
    # Free text is never published, not even after closing.
    assert "Mehr Bänke" not in page and "calc" not in page
    assert "are not published" in page


def test_results_after_close_appear_when_the_last_survey_phase_has_ended(client, answered):
    phase = answered.process.phases.get()
    phase.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    phase.starts_on = phase.ends_on - datetime.timedelta(days=5)
    phase.save()
    assert client.get(answer_url(answered) + "ergebnisse/").status_code == 200


def test_results_always_are_public_while_the_survey_runs(client, answered):
    answered.results_public = Survey.ResultsPublic.ALWAYS
    answered.save()
    assert client.get(answer_url(answered) + "ergebnisse/").status_code == 200


def test_results_never_stay_hidden_after_close(client, answered):
    answered.results_public = Survey.ResultsPublic.NEVER
    answered.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    answered.opens_at = None
    answered.save()
    assert client.get(answer_url(answered) + "ergebnisse/").status_code == 404
