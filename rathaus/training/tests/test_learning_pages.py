"""The learner's pages through the browser's eyes: my courses, a course, a lesson, a check
and its result, and who may open which of them."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory
from rathaus.core.uploads.services import store_upload
from rathaus.core.uploads.tests import samples

from ..models import Assignment, CheckAttempt, Course, LessonCompletion, Question
from ..services.checks import complete_lesson_without_check, start_attempt, submit_attempt
from .conftest import sign_in_verified
from .factories import (
    AssignmentFactory,
    CertificateFactory,
    CourseFactory,
    GuideStepFactory,
    LessonFactory,
    QuestionFactory,
)

ORDER = [("Erfassen", False), ("Prüfen", False), ("Entscheiden", False)]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


@pytest.fixture
def course(clerk):
    """A course for clerks (assigned to the clerk): a lesson to read, then one with a check
    of a single-choice and an ordering question."""
    found = CourseFactory(
        slug="e-akte", title="Die e-Akte in Rathaus", target_roles=[Role.CLERK], pass_mark=100
    )
    LessonFactory(
        course=found, position=1, title="Akten anlegen", body="Jede Akte hat ein Aktenzeichen."
    )
    checked = LessonFactory(course=found, position=2, title="Vorgänge", questions_per_check=2)
    QuestionFactory(lesson=checked, text="Was gehört in die Akte?", position=1)
    QuestionFactory(
        lesson=checked,
        kind=Question.Kind.ORDERING,
        answers=ORDER,
        text="In welcher Reihenfolge?",
        position=2,
    )
    AssignmentFactory(person=clerk, course=found)
    return found


def lessons(course):
    return list(course.lessons.order_by("position"))


def test_my_training_shows_due_courses_progress_certificates_and_more_courses(
    clerk_client, clerk, course
):
    assignment = Assignment.objects.get(person=clerk, course=course)
    assignment.due_on = timezone.localdate() - datetime.timedelta(days=1)
    assignment.save()
    complete_lesson_without_check(clerk, lessons(course)[0])
    done = CourseFactory(title="Informationssicherheit", validity_months=12)
    certificate = CertificateFactory(
        person=clerk,
        course=done,
        valid_until=timezone.localdate() + datetime.timedelta(days=200),
    )
    other = CourseFactory(title="Online-Anträge bearbeiten", target_roles=[])
    LessonFactory(course=other)
    CourseFactory(title="Noch ein Entwurf", state=Course.State.DRAFT)

    page = text(clerk_client.get(reverse("training:mine")))
    assert "Die e-Akte in Rathaus" in page
    assert "overdue" in page
    assert "1 of 2 lessons done (50&nbsp;%)" in page
    assert "Informationssicherheit" in page
    assert reverse("training:certificate", args=[certificate.pk]) in page
    assert "Online-Anträge bearbeiten" in page
    assert "Noch ein Entwurf" not in page


def test_my_training_needs_the_same_queries_for_one_course_or_three(
    clerk_client, clerk, course, django_assert_max_num_queries
):
    clerk_client.get(reverse("training:mine"))  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        clerk_client.get(reverse("training:mine"))
    for number in range(2):
        more = CourseFactory(target_roles=[])
        LessonFactory(course=more)
        LessonFactory(course=more)
        AssignmentFactory(person=clerk, course=more, due_on=timezone.localdate())
        CertificateFactory(person=clerk, course=CourseFactory(title=f"Erledigt {number}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        clerk_client.get(reverse("training:mine"))


def test_the_course_page_lists_lessons_with_their_state(clerk_client, clerk, course):
    first, second = lessons(course)
    page = text(clerk_client.get(reverse("training:course", args=[course.slug])))
    assert "about 30 minutes" in page
    assert "locked" in page
    assert reverse("training:lesson", args=[course.slug, first.pk]) in page
    assert reverse("training:lesson", args=[course.slug, second.pk]) not in page
    assert "Start the course" in page

    complete_lesson_without_check(clerk, first)
    page = text(clerk_client.get(reverse("training:course", args=[course.slug])))
    assert "1 of 2 lessons done" in page
    assert reverse("training:lesson", args=[course.slug, second.pk]) in page
    assert "Continue the course" in page


def test_a_lesson_shows_text_guide_and_handout_and_can_be_marked_as_done(
    clerk_client, clerk, course
):
    first, second = lessons(course)
    GuideStepFactory(lesson=first, title="Akte öffnen", screen="/staff/akten/")
    GuideStepFactory(lesson=first, title="Böser Link", screen="javascript:alert(1)")
    first.handout = store_upload(
        uploaded_file=SimpleUploadedFile("Merkblatt.pdf", samples.pdf()),
        kinds={"pdf"},
    )
    first.save()
    url = reverse("training:lesson", args=[course.slug, first.pk])

    page = text(clerk_client.get(url))
    assert "<h1" in page and "Akten anlegen" in page
    assert "Jede Akte hat ein Aktenzeichen." in page
    assert "Akte öffnen" in page
    assert 'href="/staff/akten/"' in page
    assert "javascript:" not in page
    assert reverse("training:file", args=[first.handout.pk]) in page
    assert "Mark as done" in page

    response = clerk_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:lesson", args=[course.slug, second.pk])
    assert LessonCompletion.objects.filter(person=clerk, lesson=first).exists()


def test_a_locked_lesson_sends_back_to_the_course(clerk_client, course):
    second = lessons(course)[1]
    response = clerk_client.get(reverse("training:lesson", args=[course.slug, second.pk]))
    assert response["Location"] == reverse("training:course", args=[course.slug])
    response = clerk_client.post(reverse("training:check", args=[course.slug, second.pk]))
    assert response["Location"] == reverse("training:course", args=[course.slug])
    assert not CheckAttempt.objects.exists()


def check_form(page: str) -> dict:
    """The names of the inputs and selects of the check form."""
    return {
        "radio": re.findall(r'type="radio" name="([^"]+)" value="(\d+)"', page),
        "select": re.findall(r'<select [^>]*name="([^"]+)"', page),
    }


def test_taking_a_check_with_the_keyboard_friendly_form(clerk_client, clerk, course):
    first, second = lessons(course)
    complete_lesson_without_check(clerk, first)
    check_url = reverse("training:check", args=[course.slug, second.pk])

    page = text(clerk_client.get(reverse("training:lesson", args=[course.slug, second.pk])))
    assert "Start the check" in page
    response = clerk_client.post(check_url, {"action": "start"})
    assert response["Location"] == check_url
    attempt = CheckAttempt.objects.get(person=clerk)

    page = text(clerk_client.get(check_url))
    assert page.count("<fieldset") == 2
    assert page.count("<legend") == 2
    assert "Was gehört in die Akte?" in page
    assert page.count("<select") == 3  # one "position" per answer of the ordering question
    assert "Position of “Erfassen”" in page
    form = check_form(page)
    assert len(form["radio"]) == 3
    single = Question.objects.get(text="Was gehört in die Akte?")
    ordering = Question.objects.get(text="In welcher Reihenfolge?")
    right = single.choices.get(is_correct=True)

    # The ordering question unanswered: the page says which question and keeps the answer.
    response = clerk_client.post(
        check_url,
        {"action": "submit", "attempt": attempt.pk, f"q-{single.pk}": right.pk},
    )
    assert response.status_code == 200
    page = text(response)
    number = 1 + [entry["question"] for entry in attempt.drawn].index(str(ordering.pk))
    assert f"Give every answer of question {number} its own position." in page
    assert re.search(rf'value="{right.pk}" id="[^"]+" checked', page)
    assert len(form["select"]) == 3

    positions = {
        f"q-{ordering.pk}-{choice.pk}": index
        for index, choice in enumerate(ordering.choices.order_by("position"), 1)
    }
    response = clerk_client.post(
        check_url,
        {"action": "submit", "attempt": attempt.pk, f"q-{single.pk}": right.pk, **positions},
    )
    result_url = reverse("training:check_result", args=[course.slug, second.pk, attempt.pk])
    assert response["Location"] == result_url
    page = text(clerk_client.get(result_url))
    assert "Passed" in page
    assert "(100&nbsp;%)" in page
    assert "You have completed the course." in page
    assert "/staff/schulungen/zertifikate/" in page
    assert "So steht es in der Lektion." in page  # the explanation
    assert "Genau." in page  # the feedback of the chosen answer


def test_a_failed_check_shows_what_was_wrong_and_offers_another_attempt(
    clerk_client, clerk, course
):
    first, second = lessons(course)
    complete_lesson_without_check(clerk, first)
    attempt = start_attempt(clerk, second)
    answers = {}
    for entry in attempt.drawn:
        question = Question.objects.get(pk=entry["question"])
        answers[entry["question"]] = (
            list(question.choices.order_by("-position").values_list("pk", flat=True))
            if question.kind == Question.Kind.ORDERING
            else [question.choices.filter(is_correct=False).first().pk]
        )
    submit_attempt(attempt, clerk, answers)
    page = text(
        clerk_client.get(
            reverse("training:check_result", args=[course.slug, second.pk, attempt.pk])
        )
    )
    assert "Not passed" in page
    assert "Wrong" in page
    assert "Leider nicht." in page
    assert "Try again" in page


def test_no_try_again_once_every_attempt_is_used(clerk_client, clerk, course):
    course.max_attempts = 1
    course.save()
    first, second = lessons(course)
    complete_lesson_without_check(clerk, first)
    attempt = start_attempt(clerk, second)
    single = Question.objects.get(text="Was gehört in die Akte?")
    ordering = Question.objects.get(text="In welcher Reihenfolge?")
    submit_attempt(
        attempt,
        clerk,
        {
            str(single.pk): [single.choices.filter(is_correct=False).first().pk],
            str(ordering.pk): list(ordering.choices.values_list("pk", flat=True)),
        },
    )
    page = text(
        clerk_client.get(
            reverse("training:check_result", args=[course.slug, second.pk, attempt.pk])
        )
    )
    assert "Try again" not in page
    assert "You have used every attempt at this check." in page


def test_nobody_sees_another_persons_check_result(client, clerk, course):
    first, second = lessons(course)
    complete_lesson_without_check(clerk, first)
    attempt = start_attempt(clerk, second)
    colleague = StaffFactory()
    sign_in_verified(client, colleague)
    url = reverse("training:check_result", args=[course.slug, second.pk, attempt.pk])
    assert client.get(url).status_code == 404


def test_drafts_are_not_taken(clerk_client):
    draft = CourseFactory(state=Course.State.DRAFT)
    assert clerk_client.get(reverse("training:course", args=[draft.slug])).status_code == 404


def test_citizens_and_visitors_never_see_training(client, course):
    url = reverse("training:mine")
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_other_training_areas_are_not_taken_for_course_slugs():
    for area in ("kurse", "termine", "uebersicht"):
        try:
            match = resolve(f"/staff/schulungen/{area}/")
        except Resolver404:
            continue
        assert match.url_name != "course"
    assert resolve("/staff/schulungen/zertifikate/").url_name == "certificates"


def test_course_material_is_served_to_the_towns_staff_only(clerk_client, course):
    client = Client()
    lesson = LessonFactory(course=course)
    lesson.handout = store_upload(
        uploaded_file=SimpleUploadedFile("Merkblatt.pdf", samples.pdf()), kinds={"pdf"}
    )
    lesson.save()
    url = reverse("training:file", args=[lesson.handout.pk])
    assert clerk_client.get(url).status_code == 200
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())  # a citizen
    assert client.get(url).status_code == 404
    unrelated = store_upload(
        uploaded_file=SimpleUploadedFile("Privat.pdf", samples.pdf()), kinds={"pdf"}
    )
    assert clerk_client.get(reverse("training:file", args=[unrelated.pk])).status_code == 404
