"""Nothing of one town's training reaches another town's host. Every page of the ``training``
namespace with an object of town A in its URL is requested on town B's host, by a visitor and
by B's staff holding every town-wide role (training admin and e-Government officer included);
the answer refuses and shows nothing of A. B's own lists show nothing of A either."""

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.core.tests.isolation import HOST_B, assert_refused, pages, staff_of_town_b

from ..services.assignments import assign_target_group
from ..services.checks import start_attempt
from ..services.completion import complete_course
from .factories import (
    ClassroomSessionFactory,
    CourseFactory,
    GuideStepFactory,
    LessonFactory,
    LessonImageFactory,
    QuestionFactory,
    SessionRegistrationFactory,
)

MARK = "Lindenhof"
NAMESPACES = ("training:",)


@pytest.fixture
def town_a_training(clerk, training_admin):
    course = CourseFactory(slug="kurs-lindenhof", title=f"Kurs {MARK}", summary=f"Über {MARK}.")
    lesson = LessonFactory(course=course, title=f"Lektion {MARK}", questions_per_check=1)
    QuestionFactory(lesson=lesson, text=f"Frage zu {MARK}?")
    step = GuideStepFactory(lesson=lesson, title=f"Schritt {MARK}")
    image = LessonImageFactory(lesson=lesson, number=1, alt=f"Bild {MARK}")
    assign_target_group(course)
    attempt = start_attempt(clerk, lesson)
    certificate = complete_course(person=clerk, course=course, way="online")
    session = ClassroomSessionFactory(course=course, place=f"Saal {MARK}", trainer=training_admin)
    SessionRegistrationFactory(session=session, person=clerk)
    pk_of = {
        "training:certificate": certificate.pk,
        "training:file": image.file_id,
    }
    values = {
        "slug": course.slug,
        "course_id": course.pk,
        "lesson_id": lesson.pk,
        "attempt_id": attempt.pk,
        "step_id": step.pk,
        "question_id": lesson.questions.get().pk,
        "number": image.number,
    }
    return values, pk_of, session.pk


def object_pages(town_a_training) -> dict[str, dict]:
    values, pk_of, session_pk = town_a_training
    found = {}
    for name, keys in pages(NAMESPACES).items():
        if not keys:
            continue
        kwargs = {key: values[key] for key in keys - {"pk"}}
        if "pk" in keys:
            kwargs["pk"] = pk_of.get(name, session_pk)
        found[name] = kwargs
    return found


def test_no_page_of_town_b_leads_to_town_a_training(town_a_training, other_town):
    found = object_pages(town_a_training)
    assert {"training:course", "training:certificate", "training:session", "training:file"} <= (
        found.keys()
    )
    visitor = Client(HTTP_HOST=HOST_B)
    staff = staff_of_town_b(other_town)
    for name, kwargs in found.items():
        url = reverse(name, kwargs=kwargs)
        assert_refused(visitor, url, f"{name} (visitor)", MARK)
        assert_refused(staff, url, f"{name} (staff of B)", MARK)


def test_the_lists_of_town_b_show_nothing_of_town_a(town_a_training, other_town):
    staff = staff_of_town_b(other_town)
    plain = [name for name, keys in pages(NAMESPACES).items() if not keys]
    assert {"training:mine", "training:compliance", "training:sessions"} <= set(plain)
    for name in plain:
        response = staff.get(reverse(name))
        assert response.status_code in {200, 302, 404, 405}, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARK.encode() not in body, f"{name} shows town A's training"
