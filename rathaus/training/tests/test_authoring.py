"""Authoring courses: the services (permission, publishing rules, assignment on publish,
lessons, images, handouts, guides, questions) and the training admins' pages."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.exceptions import FileTypeNotAllowed
from rathaus.core.uploads.models import StoredFile

from ..exceptions import BreaksPublishedCourse, NotAllowed, NotPublishable, SlugTaken
from ..models import Assignment, Choice, Course, GuideStep, Lesson, LessonImage, Question
from ..services import authoring
from .conftest import sign_in_verified
from .factories import (
    CourseFactory,
    LessonFactory,
    QuestionFactory,
    pdf_upload,
    png_upload,
)

COURSE_FIELDS = {
    "slug": "e-akte",
    "title": "Die e-Akte in Rathaus",
    "summary": "Akten anlegen, Dokumente ablegen, Vorgänge bearbeiten.",
    "target_roles": [Role.CLERK],
    "estimated_minutes": 45,
    "validity_months": None,
    "due_days": 30,
    "pass_mark": 80,
    "max_attempts": 3,
}


def draft(**fields):
    return CourseFactory(state=Course.State.DRAFT, published_at=None, **fields)


def choices(*pairs):
    return [
        {"text": text, "is_correct": right, "position": position, "feedback": ""}
        for position, (text, right) in enumerate(pairs)
    ]


def audited(summary: str) -> bool:
    return AuditEntry.objects.filter(summary=summary).exists()


# ------------------------------------------------------------------ services: permission


def test_a_training_admin_creates_a_course_as_a_draft(training_admin, training_unit):
    course = authoring.create_course(
        actor=training_admin, target_units=[training_unit], **COURSE_FIELDS
    )
    assert course.state == Course.State.DRAFT
    assert course.target_roles == [Role.CLERK]
    assert list(course.target_units.all()) == [training_unit]
    assert audited("course created")


def test_unknown_target_roles_are_dropped(training_admin):
    fields = {**COURSE_FIELDS, "target_roles": ["clerk", "emperor", "provider_admin"]}
    course = authoring.create_course(actor=training_admin, **fields)
    assert course.target_roles == ["clerk"]


def test_a_short_name_is_used_once(training_admin):
    authoring.create_course(actor=training_admin, **COURSE_FIELDS)
    with pytest.raises(SlugTaken):
        authoring.create_course(actor=training_admin, **COURSE_FIELDS)


@pytest.mark.parametrize("who", ["clerk", "unit_lead", "egov_officer"])
def test_only_training_admins_write(request, who):
    actor = request.getfixturevalue(who)
    course = draft()
    lesson = LessonFactory(course=course)
    question = QuestionFactory(lesson=lesson)
    attempts = [
        lambda: authoring.create_course(actor=actor, **COURSE_FIELDS),
        lambda: authoring.update_course(actor=actor, course=course, title="Neu"),
        lambda: authoring.publish_course(actor=actor, course=course),
        lambda: authoring.archive_course(actor=actor, course=course),
        lambda: authoring.add_lesson(actor=actor, course=course, title="X", body="Y"),
        lambda: authoring.update_lesson(actor=actor, lesson=lesson, title="X"),
        lambda: authoring.delete_lesson(actor=actor, lesson=lesson),
        lambda: authoring.move_lesson(actor=actor, lesson=lesson, up=True),
        lambda: authoring.add_lesson_image(
            actor=actor, lesson=lesson, uploaded_file=png_upload(), alt="Bild"
        ),
        lambda: authoring.set_handout(actor=actor, lesson=lesson, uploaded_file=pdf_upload()),
        lambda: authoring.add_step(actor=actor, lesson=lesson, title="S", text="T"),
        lambda: authoring.add_question(
            actor=actor, lesson=lesson, kind="single", text="?", choices=[]
        ),
        lambda: authoring.delete_question(actor=actor, question=question),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert Course.objects.count() == 1 and Lesson.objects.count() == 1
    assert not StoredFile.objects.exists()


# ------------------------------------------------------------------ services: publishing


def test_publishing_assigns_the_target_group(training_admin, clerk, unit_lead, training_unit):
    course = draft(target_roles=[Role.CLERK])
    course.target_units.set([training_unit])
    LessonFactory(course=course)
    authoring.publish_course(actor=training_admin, course=course)
    course.refresh_from_db()
    assert course.is_published and course.published_at is not None
    assigned = Assignment.objects.filter(course=course)
    assert [a.person for a in assigned] == [clerk]
    assert assigned.get().source == Assignment.Source.ROLE
    assert audited("course published")


def test_a_course_without_target_roles_is_not_published(training_admin):
    course = draft(target_roles=[])
    LessonFactory(course=course)
    with pytest.raises(NotPublishable) as refused:
        authoring.publish_course(actor=training_admin, course=course)
    assert "target role" in str(refused.value.message)
    course.refresh_from_db()
    assert course.state == Course.State.DRAFT


def test_a_course_without_lessons_is_not_published(training_admin):
    course = draft()
    with pytest.raises(NotPublishable) as refused:
        authoring.publish_course(actor=training_admin, course=course)
    assert "lesson" in str(refused.value.message)


def test_a_check_needs_enough_questions(training_admin):
    course = draft()
    lesson = LessonFactory(course=course, questions_per_check=3)
    QuestionFactory.create_batch(2, lesson=lesson)
    with pytest.raises(NotPublishable) as refused:
        authoring.publish_course(actor=training_admin, course=course)
    assert "has only 2" in str(refused.value.message)
    QuestionFactory(lesson=lesson)
    authoring.publish_course(actor=training_admin, course=course)


@pytest.mark.parametrize(
    "kind,answers",
    [
        (Question.Kind.SINGLE, [("A", True), ("B", True)]),
        (Question.Kind.SINGLE, [("A", False), ("B", False)]),
        (Question.Kind.SINGLE, [("A", True)]),
        (Question.Kind.MULTIPLE, [("A", False), ("B", False), ("C", False)]),
        (Question.Kind.ORDERING, [("Nur eine", False)]),
    ],
)
def test_every_question_must_be_answerable(training_admin, kind, answers):
    course = draft()
    lesson = LessonFactory(course=course, questions_per_check=1)
    QuestionFactory(lesson=lesson, kind=kind, answers=answers)
    with pytest.raises(NotPublishable):
        authoring.publish_course(actor=training_admin, course=course)


@pytest.mark.parametrize(
    "kind,answers",
    [
        (Question.Kind.SINGLE, [("A", True), ("B", False)]),
        (Question.Kind.MULTIPLE, [("A", True), ("B", True), ("C", False)]),
        (Question.Kind.ORDERING, [("Erst", False), ("Dann", False)]),
    ],
)
def test_answerable_questions_publish(training_admin, kind, answers):
    course = draft()
    lesson = LessonFactory(course=course, questions_per_check=1)
    QuestionFactory(lesson=lesson, kind=kind, answers=answers)
    assert authoring.publish_course(actor=training_admin, course=course).is_published


def test_a_published_course_cannot_lose_what_its_checks_need(training_admin):
    course = CourseFactory()
    lesson = LessonFactory(course=course, questions_per_check=2)
    first, _second = QuestionFactory.create_batch(2, lesson=lesson)
    with pytest.raises(BreaksPublishedCourse):
        authoring.delete_question(actor=training_admin, question=first)
    with pytest.raises(BreaksPublishedCourse):
        authoring.update_course(actor=training_admin, course=course, target_roles=[])
    assert Question.objects.filter(lesson=lesson).count() == 2
    course.refresh_from_db()
    assert course.target_roles == [Role.CLERK]


def test_changing_the_target_group_of_a_published_course_assigns_newcomers(
    training_admin, unit_lead
):
    course = CourseFactory(target_roles=[Role.CLERK])
    LessonFactory(course=course)
    authoring.update_course(
        actor=training_admin, course=course, target_roles=[Role.CLERK, Role.UNIT_LEAD]
    )
    assert Assignment.objects.filter(course=course, person=unit_lead).exists()
    assert audited("course changed")


def test_archiving_keeps_the_assignments(training_admin, clerk):
    course = CourseFactory()
    Assignment.objects.create(person=clerk, course=course, source="role", due_on="2030-01-01")
    authoring.archive_course(actor=training_admin, course=course)
    course.refresh_from_db()
    assert course.state == Course.State.ARCHIVED
    assert Assignment.objects.filter(course=course).count() == 1


# ------------------------------------------------------------------ services: lessons


def test_lessons_are_added_at_the_end_and_move(training_admin):
    course = draft()
    first = authoring.add_lesson(actor=training_admin, course=course, title="Eins", body="1")
    second = authoring.add_lesson(actor=training_admin, course=course, title="Zwei", body="2")
    third = authoring.add_lesson(actor=training_admin, course=course, title="Drei", body="3")

    def order():
        return list(course.lessons.order_by("position").values_list("title", flat=True))

    assert order() == ["Eins", "Zwei", "Drei"]
    authoring.move_lesson(actor=training_admin, lesson=third, up=True)
    assert order() == ["Eins", "Drei", "Zwei"]
    authoring.move_lesson(actor=training_admin, lesson=first, up=False)
    assert order() == ["Drei", "Eins", "Zwei"]
    authoring.move_lesson(actor=training_admin, lesson=third, up=True)  # already first
    assert order() == ["Drei", "Eins", "Zwei"]
    authoring.delete_lesson(actor=training_admin, lesson=second)
    assert order() == ["Drei", "Eins"]
    assert audited("lesson moved") and audited("lesson deleted")


def test_images_are_numbered_and_stored_publicly(training_admin):
    lesson = LessonFactory(course=draft())
    one = authoring.add_lesson_image(
        actor=training_admin, lesson=lesson, uploaded_file=png_upload(), alt="Aktenplan"
    )
    two = authoring.add_lesson_image(
        actor=training_admin, lesson=lesson, uploaded_file=png_upload(), alt="Maske"
    )
    assert (one.number, two.number) == (1, 2)
    assert not one.file.is_public and one.file.content_type == "image/png"
    authoring.delete_lesson_image(actor=training_admin, image=one)
    assert list(lesson.images.values_list("number", flat=True)) == [2]
    assert not StoredFile.objects.filter(pk=one.file_id).exists()


def test_an_image_must_be_an_image(training_admin):
    lesson = LessonFactory(course=draft())
    with pytest.raises(FileTypeNotAllowed):
        authoring.add_lesson_image(
            actor=training_admin, lesson=lesson, uploaded_file=pdf_upload(), alt="PDF"
        )
    assert not LessonImage.objects.exists()


def test_a_new_handout_replaces_the_old_one(training_admin):
    lesson = LessonFactory(course=draft())
    authoring.set_handout(actor=training_admin, lesson=lesson, uploaded_file=pdf_upload())
    old = lesson.handout_id
    authoring.set_handout(actor=training_admin, lesson=lesson, uploaded_file=pdf_upload("neu.pdf"))
    lesson.refresh_from_db()
    assert lesson.handout.original_name == "neu.pdf"
    assert not StoredFile.objects.filter(pk=old).exists()
    with pytest.raises(FileTypeNotAllowed):
        authoring.set_handout(actor=training_admin, lesson=lesson, uploaded_file=png_upload())
    authoring.remove_handout(actor=training_admin, lesson=lesson)
    lesson.refresh_from_db()
    assert lesson.handout is None


def test_guide_steps_with_a_screenshot(training_admin):
    lesson = LessonFactory(course=draft())
    first = authoring.add_step(
        actor=training_admin,
        lesson=lesson,
        title="Aktenplan öffnen",
        text="Wählen Sie „Akten“.",
        screen="/staff/akten/",
        image_file=png_upload(),
        image_alt="Menü mit dem Eintrag Akten",
    )
    second = authoring.add_step(actor=training_admin, lesson=lesson, title="Akte", text="…")
    authoring.move_step(actor=training_admin, step=second, up=True)
    assert list(lesson.steps.values_list("title", flat=True)) == ["Akte", "Aktenplan öffnen"]
    image_id = first.image_id
    authoring.update_step(actor=training_admin, step=first, remove_image=True, title="Öffnen")
    first.refresh_from_db()
    assert first.image is None and first.title == "Öffnen"
    assert not StoredFile.objects.filter(pk=image_id).exists()
    authoring.delete_step(actor=training_admin, step=second)
    assert GuideStep.objects.count() == 1


def test_a_question_is_saved_with_its_answers(training_admin):
    lesson = LessonFactory(course=draft())
    question = authoring.add_question(
        actor=training_admin,
        lesson=lesson,
        kind=Question.Kind.SINGLE,
        text="Wo legen Sie ein Dokument ab?",
        explanation="In der Akte des Vorgangs.",
        choices=choices(("In der Akte", True), ("Auf dem Desktop", False)),
    )
    assert [c.text for c in question.choices.all()] == ["In der Akte", "Auf dem Desktop"]
    keep = question.choices.get(text="In der Akte")
    authoring.update_question(
        actor=training_admin,
        question=question,
        text="Wohin gehört ein Dokument?",
        choices=[
            {"id": keep.pk, "text": "In die Akte", "is_correct": True, "position": 0},
            {"text": "Ins Postfach", "is_correct": False, "position": 1},
        ],
    )
    question.refresh_from_db()
    assert question.text == "Wohin gehört ein Dokument?"
    assert [c.text for c in question.choices.all()] == ["In die Akte", "Ins Postfach"]
    assert question.choices.get(text="In die Akte").pk == keep.pk
    assert not Choice.objects.filter(text="Auf dem Desktop").exists()
    assert audited("question added") and audited("answers changed")


# ------------------------------------------------------------------ pages


@pytest.fixture
def admin_client(client, training_admin):
    sign_in_verified(client, training_admin)
    return client


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


def test_clerks_get_404_everywhere(clerk_client):
    course = draft()
    lesson = LessonFactory(course=course)
    question = QuestionFactory(lesson=lesson)
    for url in (
        reverse("training:author_courses"),
        reverse("training:author_course_new"),
        reverse("training:author_course", args=[course.pk]),
        reverse("training:author_course_edit", args=[course.pk]),
        reverse("training:author_lesson", args=[lesson.pk]),
        reverse("training:author_questions", args=[lesson.pk]),
        reverse("training:author_question", args=[question.pk]),
    ):
        assert clerk_client.get(url).status_code == 404, url
    response = clerk_client.post(reverse("training:author_course_publish", args=[course.pk]))
    assert response.status_code == 404
    course.refresh_from_db()
    assert course.state == Course.State.DRAFT
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("training:author_courses"))
    assert response.status_code == 302


def test_the_list_shows_state_target_group_and_numbers(admin_client, clerk, training_unit):
    course = CourseFactory(title="Informationssicherheit")
    course.target_units.set([training_unit])
    LessonFactory.create_batch(2, course=course)
    Assignment.objects.create(person=clerk, course=course, source="role", due_on="2030-01-01")
    draft(title="Entwurf")
    html = admin_client.get(reverse("training:author_courses")).content.decode()
    assert "Informationssicherheit" in html and "Entwurf" in html
    assert "Clerk (Sachbearbeitung)" in html and "Bauamt" in html
    assert reverse("training:author_course", args=[course.pk]) in html
    html = admin_client.get(reverse("training:author_courses"), {"state": "draft"}).content
    assert b"Entwurf" in html and b"Informationssicherheit" not in html


def test_the_list_needs_a_constant_number_of_queries(admin_client, django_assert_max_num_queries):
    for _ in range(5):
        LessonFactory(course=CourseFactory())
    with django_assert_max_num_queries(20):
        admin_client.get(reverse("training:author_courses"))


def course_data(**changes) -> dict:
    data = {
        "title": "Online-Anträge bearbeiten",
        "slug": "online-antraege",
        "summary": "Wie Anträge aus dem Portal bei Ihnen ankommen.",
        "target_roles": ["clerk"],
        "estimated_minutes": "30",
        "validity_months": "",
        "due_days": "30",
        "pass_mark": "80",
        "max_attempts": "",
    }
    data.update(changes)
    return data


def test_creating_a_course_through_the_page(admin_client, training_unit):
    response = admin_client.post(
        reverse("training:author_course_new"), course_data(target_units=[str(training_unit.pk)])
    )
    course = Course.objects.get(slug="online-antraege")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:author_course", args=[course.pk])
    assert course.target_roles == ["clerk"] and course.max_attempts is None
    assert list(course.target_units.all()) == [training_unit]


def test_a_form_with_errors_keeps_what_was_entered(admin_client):
    response = admin_client.post(
        reverse("training:author_course_new"), course_data(title="", pass_mark="150")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a title." in html
    assert 'value="online-antraege"' in html
    assert "Wie Anträge aus dem Portal bei Ihnen ankommen." in html
    assert not Course.objects.exists()


def test_a_taken_short_name_is_reported_on_the_field(admin_client):
    CourseFactory(slug="online-antraege")
    response = admin_client.post(reverse("training:author_course_new"), course_data())
    assert response.status_code == 400
    assert "Another course already uses this short name." in response.content.decode()


def test_editing_a_course(admin_client):
    course = draft()
    url = reverse("training:author_course_edit", args=[course.pk])
    assert f'value="{course.slug}"' in admin_client.get(url).content.decode()
    response = admin_client.post(url, course_data(slug=course.slug, title="Neuer Titel"))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Neuer Titel"


def test_the_course_page_lists_lessons_and_what_is_missing(admin_client):
    course = draft(target_roles=[])
    LessonFactory(course=course, title="Erste Schritte", position=0)
    LessonFactory(course=course, title="Ablage", position=1)
    html = admin_client.get(reverse("training:author_course", args=[course.pk])).content.decode()
    assert html.index("Erste Schritte") < html.index("Ablage")
    assert "Choose at least one target role." in html
    assert "Move “Ablage” up" in html and "Move “Erste Schritte” down" in html


def test_moving_a_lesson_with_the_button(admin_client):
    course = draft()
    first = LessonFactory(course=course, title="Eins", position=0)
    LessonFactory(course=course, title="Zwei", position=1)
    response = admin_client.post(
        reverse("training:author_lesson_move", args=[first.pk]), {"direction": "down"}
    )
    assert response.status_code == 302
    assert list(course.lessons.order_by("position").values_list("title", flat=True)) == [
        "Zwei",
        "Eins",
    ]


def test_publishing_through_the_page(admin_client, clerk):
    course = draft()
    LessonFactory(course=course)
    url = reverse("training:author_course_publish", args=[course.pk])
    response = admin_client.post(url, follow=True)
    assert "The course is published" in response.content.decode()
    assert Assignment.objects.filter(course=course, person=clerk).exists()


def test_a_refused_publication_says_why(admin_client):
    course = draft()
    url = reverse("training:author_course_publish", args=[course.pk])
    response = admin_client.post(url, follow=True)
    assert "Add at least one lesson." in response.content.decode()
    course.refresh_from_db()
    assert course.state == Course.State.DRAFT


def test_adding_a_lesson_and_seeing_its_preview(admin_client):
    course = draft()
    response = admin_client.post(
        reverse("training:author_lesson_new", args=[course.pk]),
        {"title": "Akten anlegen", "body": "# Start\n\nText", "questions_per_check": "0"},
    )
    lesson = Lesson.objects.get()
    assert response["Location"] == reverse("training:author_lesson", args=[lesson.pk])
    url = reverse("training:author_lesson", args=[lesson.pk])
    response = admin_client.post(
        url,
        {
            "title": "Akten anlegen",
            "body": "## Neu\n\n<script>x</script> ![Maske](bild:1)",
            "questions_per_check": "0",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "The lesson is saved" in html
    assert "<h2>Neu</h2>" in html and "<script>x" not in html
    assert "bild:1" in html  # the help text explains the references


def test_a_lesson_form_with_errors_keeps_the_text(admin_client):
    lesson = LessonFactory(course=draft())
    response = admin_client.post(
        reverse("training:author_lesson", args=[lesson.pk]),
        {"title": "", "body": "Mein langer Text", "questions_per_check": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a title." in html and "Mein langer Text" in html


def test_uploading_an_image_and_a_handout_on_the_lesson_page(admin_client):
    lesson = LessonFactory(course=draft(), body="![Aktenplan](bild:1)")
    response = admin_client.post(
        reverse("training:author_image_add", args=[lesson.pk]),
        {"new-image-upload": png_upload(), "new-image-alt": "Der Aktenplan"},
    )
    assert response.status_code == 302
    image = lesson.images.get()
    html = admin_client.get(reverse("training:author_lesson", args=[lesson.pk])).content.decode()
    url = reverse("training:file", args=[image.file_id])
    assert f'<img src="{url}" alt="Der Aktenplan">' in html
    response = admin_client.post(
        reverse("training:author_handout", args=[lesson.pk]), {"handout-upload": pdf_upload()}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.handout is not None


def test_a_wrong_image_file_is_refused_on_the_page(admin_client):
    lesson = LessonFactory(course=draft())
    response = admin_client.post(
        reverse("training:author_image_add", args=[lesson.pk]),
        {"new-image-upload": pdf_upload(), "new-image-alt": "Kein Bild"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This type of file is not accepted here." in html and "Kein Bild" in html


def test_adding_a_guide_step(admin_client):
    lesson = LessonFactory(course=draft())
    url = reverse("training:author_step_new", args=[lesson.pk])
    response = admin_client.post(
        url, {"title": "Aktenplan öffnen", "text": "Wählen Sie Akten.", "screen": "akten"}
    )
    assert response.status_code == 400
    assert "starting with /" in response.content.decode()
    response = admin_client.post(
        url, {"title": "Aktenplan öffnen", "text": "Wählen Sie Akten.", "screen": "/staff/akten/"}
    )
    assert response.status_code == 302
    step = lesson.steps.get()
    assert step.screen == "/staff/akten/"
    page = admin_client.get(reverse("training:author_lesson", args=[lesson.pk])).content.decode()
    assert reverse("training:author_step", args=[step.pk]) in page


def question_data(kind="single", rows=(), **changes) -> dict:
    data = {
        "kind": kind,
        "text": "Was gehört in die e-Akte?",
        "explanation": "Alles, was den Vorgang betrifft.",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "20",
    }
    for index, (text, right) in enumerate(rows):
        if not text:
            continue  # a row left empty
        data[f"choices-{index}-text"] = text
        if right:
            data[f"choices-{index}-is_correct"] = "on"
        data[f"choices-{index}-position"] = str(index + 1)
        data[f"choices-{index}-feedback"] = "Genau." if right else "Leider nicht."
    data.update(changes)
    return data


def test_a_question_with_two_right_answers_is_refused_and_kept(admin_client):
    lesson = LessonFactory(course=draft())
    url = reverse("training:author_question_new", args=[lesson.pk])
    response = admin_client.post(
        url, question_data(rows=[("Der Antrag", True), ("Der Bescheid", True), ("", False)])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mark exactly one answer as right." in html
    assert 'value="Der Bescheid"' in html
    assert not Question.objects.exists()


def test_adding_and_editing_a_question(admin_client):
    lesson = LessonFactory(course=draft())
    response = admin_client.post(
        reverse("training:author_question_new", args=[lesson.pk]),
        question_data(rows=[("Der Antrag", True), ("Private Notizen", False), ("", False)]),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Der Antrag", True),
        ("Private Notizen", False),
    ]
    pool = admin_client.get(reverse("training:author_questions", args=[lesson.pk]))
    assert "Was gehört in die e-Akte?" in pool.content.decode()

    url = reverse("training:author_question", args=[question.pk])
    assert 'value="Private Notizen"' in admin_client.get(url).content.decode()
    first, second = question.choices.all()
    data = question_data(
        kind="ordering",
        rows=[("Zuerst", False), ("Danach", False), ("Zuletzt", False)],
        **{"choices-INITIAL_FORMS": "2"},
    )
    data["choices-0-id"] = str(first.pk)
    data["choices-1-id"] = str(second.pk)
    data["choices-1-position"] = "3"
    data["choices-2-position"] = "2"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == Question.Kind.ORDERING
    assert [c.text for c in question.choices.all()] == ["Zuerst", "Zuletzt", "Danach"]
    assert question.choices.get(text="Zuerst").pk == first.pk


def test_deleting_a_question_through_the_confirmation_page(admin_client):
    lesson = LessonFactory(course=draft())
    question = QuestionFactory(lesson=lesson)
    url = reverse("training:author_question_delete", args=[question.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Question.objects.exists()
