"""The staff builder: who may use it, building a survey with questions of every kind,
reordering and deleting, publishing, and the structure locked once answers exist."""

import pytest
from django.test import Client

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.tests.test_town_isolation import sign_in

from ..exceptions import NotAllowed
from ..models import Choice, MatrixRow, Question, Response, Survey
from ..services import create_survey
from .conftest import sign_in_verified, staff_url, staff_with
from .factories import SurveyFactory, question, survey_process


def _index(process) -> str:
    return f"/staff/beteiligung/{process.slug}/umfragen/"


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EGOV_OFFICER])
def test_staff_without_the_role_get_404(client, survey, questions, role):
    sign_in_verified(client, staff_with(role))
    for url in (_index(survey.process), staff_url(survey), staff_url(survey, "ergebnisse/")):
        assert client.get(url).status_code == 404
    assert client.post(staff_url(survey, "veroeffentlichen/")).status_code == 404


def test_a_clerk_gets_404(client, survey):
    from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory

    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=UnitFactory())
    sign_in_verified(client, clerk)
    assert client.get(staff_url(survey)).status_code == 404


def test_a_citizen_gets_404_and_a_visitor_goes_to_sign_in(client, survey, citizen):
    response = client.get(staff_url(survey))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    client.force_login(citizen)
    assert client.get(staff_url(survey)).status_code == 404


def test_a_manager_without_a_verified_second_factor_is_sent_to_verify(survey, manager):
    client = sign_in(Client(), manager)
    response = client.get(staff_url(survey))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_the_services_refuse_people_without_the_role(citizen):
    with pytest.raises(NotAllowed):
        create_survey(actor=citizen, process=survey_process(), data={"title": "X"})


def test_administrators_may_build_surveys(client, survey):
    sign_in_verified(client, staff_with(Role.ADMINISTRATOR))
    assert client.get(staff_url(survey)).status_code == 200


def test_a_manager_builds_and_publishes_a_survey(manager_client):
    process = survey_process()
    response = manager_client.post(
        _index(process) + "neu/",
        {
            "title": "Radverkehr",
            "intro": "Sagen Sie uns Ihre Meinung.",
            "answer_mode": "account",
            "results_public": "always",
            "opens_at": "",
            "closes_at": "2099-12-31T18:00",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Radverkehr")
    assert survey.answer_mode == "account" and not survey.is_published
    assert survey.closes_at.year == 2099
    questions_url = staff_url(survey, "fragen/neu/")
    posts = [
        {"kind": "single", "text": "Fahren Sie Rad?", "choices": "Ja\nNein\n\n", "required": "on"},
        {"kind": "multiple", "text": "Wohin?", "choices": "Arbeit\nSchule\nEinkauf"},
        {
            "kind": "scale",
            "text": "Wie sicher?",
            "scale_min": "0",
            "scale_max": "10",
            "scale_min_label": "unsicher",
            "scale_max_label": "sicher",
        },
        {"kind": "text", "text": "Was fehlt?"},
        {
            "kind": "matrix",
            "text": "Wie bewerten Sie",
            "choices": "gut\nschlecht",
            "rows": "Radwege\nAbstellanlagen",
            "required": "on",
        },
    ]
    for data in posts:
        data.setdefault("scale_min", "1")
        data.setdefault("scale_max", "5")
        response = manager_client.post(questions_url, data)
        assert response.status_code == 302, response.content.decode()
    kinds = list(survey.questions.in_order().values_list("kind", flat=True))
    assert kinds == ["single", "multiple", "scale", "text", "matrix"]
    single = survey.questions.get(kind="single")
    assert list(single.choices.values_list("label", flat=True)) == ["Ja", "Nein"]
    matrix = survey.questions.get(kind="matrix")
    assert list(matrix.rows.values_list("label", flat=True)) == ["Radwege", "Abstellanlagen"]
    page = manager_client.get(staff_url(survey)).content.decode()
    assert "Fahren Sie Rad?" in page and "Radwege" in page
    preview = manager_client.get(staff_url(survey, "vorschau/")).content.decode()
    assert "Nothing you enter here is sent" in preview and "0 – unsicher" in preview
    assert "Send answers" not in preview
    response = manager_client.post(staff_url(survey, "veroeffentlichen/"), follow=True)
    assert "The survey is published." in response.content.decode()
    survey.refresh_from_db()
    assert survey.is_published and survey.published_at
    actions = AuditEntry.objects.filter(object_id=str(survey.pk)).values_list("summary", flat=True)
    assert "Survey published" in list(actions)


def test_question_form_errors_keep_the_input(manager_client, survey):
    response = manager_client.post(
        staff_url(survey, "fragen/neu/"),
        {
            "kind": "single",
            "text": "Welche Farbe?",
            "choices": "Rot",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter at least two options, one per line." in page and "Welche Farbe?" in page
    response = manager_client.post(
        staff_url(survey, "fragen/neu/"),
        {"kind": "scale", "text": "Wie?", "scale_min": "5", "scale_max": "3"},
    )
    assert "The highest value must be above the lowest." in response.content.decode()
    response = manager_client.post(
        staff_url(survey, "fragen/neu/"),
        {
            "kind": "matrix",
            "text": "Wie?",
            "choices": "a\nb\nA",
            "rows": "",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    page = response.content.decode()
    assert "Each line must be different." in page and "Enter at least one row." in page
    assert not survey.questions.exists()


def test_publishing_needs_complete_questions(manager_client):
    survey = SurveyFactory(is_published=False)
    response = manager_client.post(staff_url(survey, "veroeffentlichen/"), follow=True)
    assert "Add at least one question." in response.content.decode()
    question(survey, Question.Kind.SINGLE, "Nur eine Option", choices=["Ja"])
    response = manager_client.post(staff_url(survey, "veroeffentlichen/"), follow=True)
    assert "Question 1 needs at least two options." in response.content.decode()
    survey.refresh_from_db()
    assert not survey.is_published


def test_questions_are_reordered_and_deleted(manager_client, survey, questions):
    single, multiple = questions["single"], questions["multiple"]
    url = staff_url(survey, f"fragen/{multiple.pk}/verschieben/")
    assert manager_client.post(url, {"direction": "up"}).status_code == 302
    order = list(survey.questions.in_order().values_list("pk", flat=True))
    assert order[:2] == [multiple.pk, single.pk]
    manager_client.post(
        staff_url(survey, f"fragen/{multiple.pk}/verschieben/"), {"direction": "down"}
    )
    assert list(survey.questions.in_order().values_list("pk", flat=True))[:2] == [
        single.pk,
        multiple.pk,
    ]
    manager_client.post(staff_url(survey, f"fragen/{single.pk}/loeschen/"))
    assert not Question.objects.filter(pk=single.pk).exists()
    assert list(survey.questions.in_order().values_list("position", flat=True)) == [0, 1, 2, 3]
    assert (
        manager_client.get(staff_url(survey, f"fragen/{single.pk}/verschieben/")).status_code == 405
    )


def test_options_are_edited_reordered_and_removed_as_lines(manager_client, survey, questions):
    multiple = questions["multiple"]
    response = manager_client.post(
        staff_url(survey, f"fragen/{multiple.pk}/"),
        {
            "kind": "multiple",
            "text": "Wofür?",
            "choices": "Parken\nMarkt\nCafé\nFeste",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    labels = list(Choice.objects.filter(question=multiple).values_list("label", flat=True))
    assert labels == ["Parken", "Markt", "Café", "Feste"]


def _answered(survey):
    Response.objects.create(survey=survey, session_key_hash="b" * 64)


def test_with_answers_the_structure_is_locked_and_explained(manager_client, survey, questions):
    _answered(survey)
    page = manager_client.get(staff_url(survey)).content.decode()
    assert "can no longer be added, removed or reordered" in page
    assert "Add question" not in page and "Move up" not in page
    response = manager_client.get(staff_url(survey, "fragen/neu/"), follow=True)
    assert "This survey already has answers." in response.content.decode()
    for path in (f"fragen/{questions['multiple'].pk}/loeschen/",):
        response = manager_client.post(staff_url(survey, path), follow=True)
        assert "This survey already has answers." in response.content.decode()
    assert Question.objects.filter(pk=questions["multiple"].pk).exists()
    # Adding an option is refused; the form keeps the input and explains why.
    matrix = questions["matrix"]
    url = staff_url(survey, f"fragen/{matrix.pk}/")
    edit_page = manager_client.get(url).content.decode()
    assert "keep the number and order of the lines" in edit_page
    response = manager_client.post(
        url,
        {
            "text": "Wie wichtig?",
            "choices": "Unwichtig\nWichtig\nSehr wichtig",
            "rows": "Bäume\nBänke",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "This survey already has answers." in page
    assert "Sehr wichtig" in page
    assert matrix.choices.count() == 2


def test_with_answers_the_wording_can_still_be_corrected(manager_client, survey, questions):
    _answered(survey)
    matrix = questions["matrix"]
    response = manager_client.post(
        staff_url(survey, f"fragen/{matrix.pk}/"),
        {
            "kind": "single",
            "text": "Wie wichtig ist Ihnen das Folgende?",
            "choices": "Nicht wichtig\nWichtig",
            "rows": "Mehr Bäume\nBänke",
            "scale_min": "3",
        },
    )
    assert response.status_code == 302
    matrix.refresh_from_db()
    assert matrix.text == "Wie wichtig ist Ihnen das Folgende?"
    assert matrix.kind == "matrix"  # the disabled field keeps its value
    assert list(matrix.choices.values_list("label", flat=True)) == ["Nicht wichtig", "Wichtig"]
    assert list(MatrixRow.objects.filter(question=matrix).values_list("label", flat=True)) == [
        "Mehr Bäume",
        "Bänke",
    ]
    response = manager_client.post(
        staff_url(survey, "bearbeiten/"),
        {
            "title": "Neuer Titel",
            "intro": "",
            "answer_mode": "account",
            "results_public": "never",
            "opens_at": "",
            "closes_at": "",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Neuer Titel" and survey.answer_mode == "anonymous"


def test_a_survey_with_answers_cannot_be_deleted(manager_client, survey, questions):
    _answered(survey)
    response = manager_client.post(staff_url(survey, "loeschen/"), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()
    empty = SurveyFactory(process=survey.process, is_published=False)
    assert manager_client.post(staff_url(empty, "loeschen/")).status_code == 302
    assert not Survey.objects.filter(pk=empty.pk).exists()


def test_closing_before_opening_is_refused(manager_client, survey):
    response = manager_client.post(
        staff_url(survey, "bearbeiten/"),
        {
            "title": "T",
            "answer_mode": "anonymous",
            "results_public": "never",
            "opens_at": "2030-05-02T10:00",
            "closes_at": "2030-05-01T10:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "A survey cannot close before it opens." in page
    assert 'value="2030-05-02T10:00"' in page


def test_the_staff_list_shows_the_surveys_of_the_process(manager_client, survey, questions):
    SurveyFactory(title="Anderswo")
    _answered(survey)
    page = manager_client.get(_index(survey.process)).content.decode()
    assert survey.title in page and "Anderswo" not in page
    assert '<td class="kern-table__cell">1</td>' in page
