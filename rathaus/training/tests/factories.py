"""Factories of the training tests. Shared by every test module: append, do not rewrite."""

import datetime

import factory
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory

from ..models import (
    Assignment,
    Certificate,
    Choice,
    ClassroomSession,
    Course,
    GuideStep,
    Lesson,
    Question,
    SessionRegistration,
)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"kurs-{n}")
    title = factory.Sequence(lambda n: f"Kurs {n}")
    summary = "Was die Beschäftigten im Umgang mit Rathaus wissen müssen."
    target_roles = factory.LazyFunction(lambda: [Role.CLERK])
    estimated_minutes = 30
    validity_months = None
    due_days = 30
    pass_mark = 80
    state = Course.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Lektion {n}")
    body = "## Worum es geht\n\nEin Absatz mit **wichtigen** Hinweisen."
    questions_per_check = 0


class GuideStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideStep

    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(int)
    title = "Akte öffnen"
    text = "Wählen Sie im Aktenplan die Akte aus."
    screen = "/staff/akten/"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with one right and two wrong answers (``right`` and
    ``wrong`` name their texts)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    lesson = factory.SubFactory(LessonFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Frage {n}?")
    explanation = "So steht es in der Lektion."
    position = factory.Sequence(int)

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        if not create:
            return
        for position, (text, correct) in enumerate(
            extracted or [("Richtig", True), ("Falsch", False), ("Auch falsch", False)]
        ):
            Choice.objects.create(
                question=self,
                text=text,
                is_correct=correct,
                position=position,
                feedback="Genau." if correct else "Leider nicht.",
            )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(StaffFactory)
    course = factory.SubFactory(CourseFactory)
    source = Assignment.Source.MANUAL
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"SCH-2026-{n:08X}")
    person = factory.SubFactory(StaffFactory)
    course = factory.SubFactory(CourseFactory)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    way = Certificate.Way.ONLINE
    issued_on = factory.LazyFunction(timezone.localdate)


class ClassroomSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassroomSession

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Rathaus, Sitzungssaal"
    capacity = 12
    trainer = factory.SubFactory(StaffFactory)


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(ClassroomSessionFactory)
    person = factory.SubFactory(StaffFactory)


# ------------------------------------------------------------------ authoring (helper 1)


def png_upload(name: str = "bild.png"):
    """A small PNG as an uploaded file."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 200)).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def pdf_upload(name: str = "handout.pdf"):
    """A minimal PDF as an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _stored_png():
    from rathaus.core.uploads.services import store_upload

    return store_upload(uploaded_file=png_upload(), kinds={"png"})


class LessonImageFactory(factory.django.DjangoModelFactory):
    """A lesson image with a stored PNG (public, as the authoring service stores them)."""

    class Meta:
        model = "training.LessonImage"

    lesson = factory.SubFactory(LessonFactory)
    number = factory.Sequence(lambda n: n + 1)
    alt = "Bildschirm mit dem Aktenplan"
    file = factory.LazyFunction(_stored_png)
