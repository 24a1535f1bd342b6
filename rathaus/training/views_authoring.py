"""The training admins' pages: the courses with their state and numbers, a course with its
lessons, a lesson with its text (and a preview), images, handout and step-by-step guide, and
the lesson's question pool. Only training admins (and administrators) get here; everyone
else gets 404. Every change goes through ``services.authoring``."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs
from rathaus.core.uploads.exceptions import UploadError

from . import forms_authoring as forms
from .exceptions import NotAllowed, SlugTaken, TrainingError
from .models import Assignment, Course, GuideStep, Lesson, LessonImage, Question
from .permissions import is_training_admin
from .rendering import image_url, render_lesson
from .services import authoring

# ------------------------------------------------------------------ access and lookups


def training_admin_required(view):
    """Training admins only; anybody else is told the page does not exist."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(
            is_training_admin(request.user),
            actor=request.user,
            summary=f"not a training admin: {request.path[:200]}",
        )
        try:
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise Http404 from None

    return wrapped


def _course(course_id) -> Course:
    return get_object_or_404(Course, pk=course_id)


def _lesson(lesson_id) -> Lesson:
    return get_object_or_404(Lesson.objects.select_related("course", "handout"), pk=lesson_id)


def _step(step_id) -> GuideStep:
    return get_object_or_404(
        GuideStep.objects.select_related("lesson__course", "image"), pk=step_id
    )


def _question(question_id) -> Question:
    return get_object_or_404(Question.objects.select_related("lesson__course"), pk=question_id)


def _trail(*items) -> list[dict]:
    return breadcrumbs((_("Courses"), reverse("training:author_courses")), *items)


def _course_crumb(course) -> tuple[str, str]:
    return (course.title, reverse("training:author_course", args=[course.pk]))


def _lesson_crumb(lesson) -> tuple[str, str]:
    return (lesson.title, reverse("training:author_lesson", args=[lesson.pk]))


def _last(label) -> tuple[str, str]:
    return (label, "")


def _status(*forms_on_page) -> int:
    return 400 if any(form is not None and form.is_bound for form in forms_on_page) else 200


def _up(request) -> bool:
    return request.POST.get("direction") == "up"


# ------------------------------------------------------------------ courses


def _count_of(queryset) -> Coalesce:
    counted = (
        queryset.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@training_admin_required
def course_list(request):
    courses = (
        Course.objects.annotate(
            lesson_count=_count_of(Lesson.objects.all()),
            assigned_count=_count_of(Assignment.objects.all()),
            completed_count=_count_of(Assignment.objects.completed()),
        )
        .prefetch_related("target_units")
        .order_by("title", "pk")
    )
    state = request.GET.get("state", "")
    if state in Course.State.values:
        courses = courses.filter(state=state)
    else:
        state = ""
    return render(
        request,
        "training/authoring/course_list.html",
        {
            "page": paginate(request, courses),
            "state": state,
            "states": Course.State.choices,
            "breadcrumbs": breadcrumbs((_("Courses"), "")),
        },
    )


def _save_course(request, form, course=None):
    """Create or change the course from a valid form; refusals go back onto the form."""
    try:
        if course is None:
            return authoring.create_course(
                actor=request.user,
                target_units=form.cleaned_data["target_units"],
                **form.service_fields(),
            )
        return authoring.update_course(
            actor=request.user,
            course=course,
            target_units=form.cleaned_data["target_units"],
            **form.service_fields(),
        )
    except SlugTaken as error:
        form.add_error("slug", error.message)
    except ValidationError as error:
        add_validation_error(form, error)
    except NotAllowed:
        raise
    except TrainingError as error:
        form.add_error(None, error.message)
    if course is not None:
        course.refresh_from_db()  # the service changed it before it refused
    return None


@training_admin_required
def course_new(request):
    form = forms.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _save_course(request, form)
        if created is not None:
            messages.success(
                request, _("The course is saved as a draft. Add its lessons, then publish it.")
            )
            return redirect("training:author_course", course_id=created.pk)
    return render(
        request,
        "training/authoring/course_form.html",
        {"form": form, "breadcrumbs": _trail(_last(_("New course")))},
        status=_status(form),
    )


@training_admin_required
def course_edit(request, course_id):
    course = _course(course_id)
    form = forms.CourseForm(request.POST or None, initial=forms.CourseForm.initial_for(course))
    if request.method == "POST" and form.is_valid():
        saved = _save_course(request, form, course)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("training:author_course", course_id=saved.pk)
    return render(
        request,
        "training/authoring/course_form.html",
        {
            "form": form,
            "course": course,
            "breadcrumbs": _trail(_course_crumb(course), _last(_("Edit"))),
        },
        status=_status(form),
    )


@training_admin_required
def course(request, course_id):
    found = _course(course_id)
    lessons = list(
        found.lessons.annotate(
            question_count=Count("questions", distinct=True),
            image_count=Count("images", distinct=True),
            step_count=Count("steps", distinct=True),
        ).order_by("position", "title", "pk")
    )
    return render(
        request,
        "training/authoring/course.html",
        {
            "course": found,
            "lessons": lessons,
            "units": found.target_units.order_by("code"),
            "problems": authoring.publish_problems(found),
            "assigned_count": found.assignments.count(),
            "completed_count": found.assignments.completed().count(),
            "breadcrumbs": _trail(_last(found.title)),
        },
    )


@training_admin_required
@require_POST
def course_publish(request, course_id):
    found = _course(course_id)
    try:
        authoring.publish_course(actor=request.user, course=found)
    except NotAllowed:
        raise
    except TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The course is published and assigned to everyone in its target group."),
        )
    return redirect("training:author_course", course_id=found.pk)


@training_admin_required
@require_POST
def course_archive(request, course_id):
    found = _course(course_id)
    authoring.archive_course(actor=request.user, course=found)
    messages.success(
        request,
        _("The course is archived. It is no longer assigned; certificates stay valid."),
    )
    return redirect("training:author_course", course_id=found.pk)


# ------------------------------------------------------------------ lessons


def _lesson_error(form, error) -> None:
    if isinstance(error, ValidationError):
        add_validation_error(form, error)
    else:
        form.add_error(None, error.message)


@training_admin_required
def lesson_new(request, course_id):
    found = _course(course_id)
    form = forms.LessonForm(request.POST or None, initial={"questions_per_check": 0})
    if request.method == "POST" and form.is_valid():
        try:
            lesson = authoring.add_lesson(actor=request.user, course=found, **form.cleaned_data)
        except NotAllowed:
            raise
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
        else:
            messages.success(request, _("The lesson is added."))
            return redirect("training:author_lesson", lesson_id=lesson.pk)
    return render(
        request,
        "training/authoring/lesson_new.html",
        {
            "form": form,
            "course": found,
            "breadcrumbs": _trail(_course_crumb(found), _last(_("New lesson"))),
        },
        status=_status(form),
    )


def _lesson_page(request, lesson, *, form=None, image_form=None, alt_forms=None, handout_form=None):
    """The lesson page; a form given here is bound with the errors of a failed POST."""
    images = list(lesson.images.select_related("file"))
    alt_forms = alt_forms or {}
    image_rows = [
        {
            "image": image,
            "url": image_url(image.file_id),
            "form": alt_forms.get(image.pk)
            or forms.ImageAltForm(initial={"alt": image.alt}, prefix=f"image-{image.number}"),
        }
        for image in images
    ]
    steps = list(lesson.steps.select_related("image"))
    return render(
        request,
        "training/authoring/lesson.html",
        {
            "lesson": lesson,
            "course": lesson.course,
            "form": form or forms.LessonForm(initial=forms.LessonForm.initial_for(lesson)),
            "preview": render_lesson(lesson),
            "image_rows": image_rows,
            "image_form": image_form or forms.LessonImageForm(prefix="new-image"),
            "handout_form": handout_form or forms.HandoutForm(prefix="handout"),
            "alt_form_with_errors": next(iter(alt_forms.values()), None),
            "handout_url": image_url(lesson.handout_id) if lesson.handout_id else "",
            "steps": [
                {"step": step, "url": image_url(step.image_id) if step.image_id else ""}
                for step in steps
            ],
            "question_count": lesson.questions.count(),
            "breadcrumbs": _trail(_course_crumb(lesson.course), _last(lesson.title)),
        },
        status=_status(form, image_form, handout_form, *alt_forms.values()),
    )


@training_admin_required
def lesson(request, lesson_id):
    found = _lesson(lesson_id)
    if request.method != "POST":
        return _lesson_page(request, found)
    form = forms.LessonForm(request.POST)
    if form.is_valid():
        try:
            authoring.update_lesson(actor=request.user, lesson=found, **form.cleaned_data)
        except NotAllowed:
            raise
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
            found.refresh_from_db()
        else:
            messages.success(request, _("The lesson is saved. The preview shows the new text."))
            return redirect(reverse("training:author_lesson", args=[found.pk]) + "#preview")
    return _lesson_page(request, found, form=form)


@training_admin_required
@require_POST
def lesson_move(request, lesson_id):
    found = _lesson(lesson_id)
    authoring.move_lesson(actor=request.user, lesson=found, up=_up(request))
    messages.success(request, _("The lesson is moved."))
    return redirect(
        reverse("training:author_course", args=[found.course_id]) + f"#lesson-{found.pk}"
    )


def _confirm_delete(request, *, title, text, button, cancel_url, trail):
    return render(
        request,
        "training/authoring/confirm_delete.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "cancel_url": cancel_url,
            "breadcrumbs": trail,
        },
    )


@training_admin_required
def lesson_delete(request, lesson_id):
    found = _lesson(lesson_id)
    course_url = reverse("training:author_course", args=[found.course_id])
    if request.method == "POST":
        try:
            authoring.delete_lesson(actor=request.user, lesson=found)
        except NotAllowed:
            raise
        except TrainingError as error:
            messages.error(request, error.message)
            return redirect("training:author_lesson", lesson_id=found.pk)
        messages.success(request, _("The lesson is deleted."))
        return redirect(course_url)
    return _confirm_delete(
        request,
        title=_("Delete the lesson “%(title)s”?") % {"title": found.title},
        text=_(
            "The lesson is deleted with its images, handout, guide and questions. What people "
            "have done in it is deleted too."
        ),
        button=_("Delete the lesson"),
        cancel_url=reverse("training:author_lesson", args=[found.pk]),
        trail=_trail(_course_crumb(found.course), _lesson_crumb(found), _last(_("Delete"))),
    )


# ------------------------------------------------------------------ images and handout


@training_admin_required
@require_POST
def lesson_image_add(request, lesson_id):
    found = _lesson(lesson_id)
    form = forms.LessonImageForm(request.POST, request.FILES, prefix="new-image")
    if form.is_valid():
        try:
            image = authoring.add_lesson_image(
                actor=request.user,
                lesson=found,
                uploaded_file=form.cleaned_data["upload"],
                alt=form.cleaned_data["alt"],
            )
        except NotAllowed:
            raise
        except UploadError as error:
            form.add_error("upload", error.message)
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
        else:
            messages.success(
                request,
                _("The image is added. Show it in the text with ![%(alt)s](bild:%(number)s).")
                % {"alt": image.alt, "number": image.number},
            )
            return redirect(reverse("training:author_lesson", args=[found.pk]) + "#images")
    return _lesson_page(request, found, image_form=form)


def _image(lesson, number) -> LessonImage:
    return get_object_or_404(
        LessonImage.objects.select_related("file"), lesson=lesson, number=number
    )


@training_admin_required
@require_POST
def lesson_image_edit(request, lesson_id, number):
    found = _lesson(lesson_id)
    image = _image(found, number)
    form = forms.ImageAltForm(request.POST, prefix=f"image-{image.number}")
    if form.is_valid():
        try:
            authoring.update_lesson_image(
                actor=request.user, image=image, alt=form.cleaned_data["alt"]
            )
        except NotAllowed:
            raise
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
        else:
            messages.success(request, _("The text alternative is saved."))
            return redirect(reverse("training:author_lesson", args=[found.pk]) + "#images")
    return _lesson_page(request, found, alt_forms={image.pk: form})


@training_admin_required
def lesson_image_delete(request, lesson_id, number):
    found = _lesson(lesson_id)
    image = _image(found, number)
    if request.method == "POST":
        authoring.delete_lesson_image(actor=request.user, image=image)
        messages.success(request, _("The image is deleted."))
        return redirect(reverse("training:author_lesson", args=[found.pk]) + "#images")
    return _confirm_delete(
        request,
        title=_("Delete image %(number)s?") % {"number": image.number},
        text=_(
            "Where the text shows bild:%(number)s, nothing is shown any more. Remove it from "
            "the text too."
        )
        % {"number": image.number},
        button=_("Delete the image"),
        cancel_url=reverse("training:author_lesson", args=[found.pk]) + "#images",
        trail=_trail(_course_crumb(found.course), _lesson_crumb(found), _last(_("Delete"))),
    )


@training_admin_required
@require_POST
def lesson_handout(request, lesson_id):
    found = _lesson(lesson_id)
    form = forms.HandoutForm(request.POST, request.FILES, prefix="handout")
    if form.is_valid():
        try:
            authoring.set_handout(
                actor=request.user, lesson=found, uploaded_file=form.cleaned_data["upload"]
            )
        except NotAllowed:
            raise
        except UploadError as error:
            form.add_error("upload", error.message)
        else:
            messages.success(request, _("The handout is stored."))
            return redirect(reverse("training:author_lesson", args=[found.pk]) + "#handout")
    return _lesson_page(request, found, handout_form=form)


@training_admin_required
@require_POST
def lesson_handout_remove(request, lesson_id):
    found = _lesson(lesson_id)
    authoring.remove_handout(actor=request.user, lesson=found)
    messages.success(request, _("The handout is removed."))
    return redirect(reverse("training:author_lesson", args=[found.pk]) + "#handout")


# ------------------------------------------------------------------ guide steps


def _step_form_page(request, *, lesson, form, step=None):
    label = _("Edit the step") if step else _("New step")
    return render(
        request,
        "training/authoring/step_form.html",
        {
            "form": form,
            "lesson": lesson,
            "step": step,
            "image_url": image_url(step.image_id) if step and step.image_id else "",
            "breadcrumbs": _trail(
                _course_crumb(lesson.course), _lesson_crumb(lesson), _last(label)
            ),
        },
        status=_status(form),
    )


def _step_saved(request, lesson):
    return redirect(reverse("training:author_lesson", args=[lesson.pk]) + "#guide")


@training_admin_required
def step_new(request, lesson_id):
    found = _lesson(lesson_id)
    form = forms.GuideStepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.add_step(
                actor=request.user,
                lesson=found,
                image_file=form.cleaned_data["image"],
                **form.service_fields(),
            )
        except NotAllowed:
            raise
        except UploadError as error:
            form.add_error("image", error.message)
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
        else:
            messages.success(request, _("The step is added."))
            return _step_saved(request, found)
    return _step_form_page(request, lesson=found, form=form)


@training_admin_required
def step(request, step_id):
    found = _step(step_id)
    form = forms.GuideStepForm(
        request.POST or None,
        request.FILES or None,
        initial=forms.GuideStepForm.initial_for(found),
        step=found,
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.update_step(
                actor=request.user,
                step=found,
                image_file=form.cleaned_data["image"],
                remove_image=form.cleaned_data.get("remove_image", False),
                **form.service_fields(),
            )
        except NotAllowed:
            raise
        except UploadError as error:
            form.add_error("image", error.message)
        except (TrainingError, ValidationError) as error:
            _lesson_error(form, error)
        else:
            messages.success(request, _("The step is saved."))
            return _step_saved(request, found.lesson)
    return _step_form_page(request, lesson=found.lesson, form=form, step=found)


@training_admin_required
@require_POST
def step_move(request, step_id):
    found = _step(step_id)
    authoring.move_step(actor=request.user, step=found, up=_up(request))
    messages.success(request, _("The step is moved."))
    return _step_saved(request, found.lesson)


@training_admin_required
def step_delete(request, step_id):
    found = _step(step_id)
    lesson = found.lesson
    if request.method == "POST":
        authoring.delete_step(actor=request.user, step=found)
        messages.success(request, _("The step is deleted."))
        return _step_saved(request, lesson)
    return _confirm_delete(
        request,
        title=_("Delete the step “%(title)s”?") % {"title": found.title},
        text=_("The step and its screenshot are deleted from the guide."),
        button=_("Delete the step"),
        cancel_url=reverse("training:author_lesson", args=[lesson.pk]) + "#guide",
        trail=_trail(_course_crumb(lesson.course), _lesson_crumb(lesson), _last(_("Delete"))),
    )


# ------------------------------------------------------------------ questions


def _questions_url(lesson) -> str:
    return reverse("training:author_questions", args=[lesson.pk])


@training_admin_required
def questions(request, lesson_id):
    found = _lesson(lesson_id)
    pool = list(found.questions.prefetch_related("choices"))
    rows = [{"question": q, "problem": authoring.why_unanswerable(q)} for q in pool]
    return render(
        request,
        "training/authoring/questions.html",
        {
            "lesson": found,
            "rows": rows,
            "breadcrumbs": _trail(
                _course_crumb(found.course), _lesson_crumb(found), _last(_("Questions"))
            ),
        },
    )


def _question_page(request, *, lesson, form, formset, question=None):
    label = _("Edit the question") if question else _("New question")
    return render(
        request,
        "training/authoring/question_form.html",
        {
            "form": form,
            "formset": formset,
            "lesson": lesson,
            "question": question,
            "breadcrumbs": _trail(
                _course_crumb(lesson.course),
                _lesson_crumb(lesson),
                (_("Questions"), _questions_url(lesson)),
                _last(label),
            ),
        },
        status=_status(form, formset),
    )


def _save_question(request, *, form, formset, lesson, question=None) -> bool:
    """Validate both forms and the answers together, then save; False with the errors on
    the forms otherwise."""
    if not (form.is_valid() and formset.is_valid()):
        return False
    choices = formset.choices()
    problem = authoring.answer_problem(form.cleaned_data["kind"], choices)
    if problem:
        form.add_error(None, problem)
        return False
    try:
        if question is None:
            authoring.add_question(
                actor=request.user, lesson=lesson, choices=choices, **form.cleaned_data
            )
        else:
            authoring.update_question(
                actor=request.user, question=question, choices=choices, **form.cleaned_data
            )
    except NotAllowed:
        raise
    except (TrainingError, ValidationError) as error:
        _lesson_error(form, error)
        return False
    return True


@training_admin_required
def question_new(request, lesson_id):
    found = _lesson(lesson_id)
    form = forms.QuestionForm(request.POST or None, initial={"kind": Question.Kind.SINGLE})
    formset = forms.NewChoiceFormSet(request.POST or None, prefix="choices")
    if request.method == "POST" and _save_question(
        request, form=form, formset=formset, lesson=found
    ):
        messages.success(request, _("The question is added."))
        return redirect(_questions_url(found))
    return _question_page(request, lesson=found, form=form, formset=formset)


@training_admin_required
def question(request, question_id):
    found = _question(question_id)
    form = forms.QuestionForm(request.POST or None, initial=forms.QuestionForm.initial_for(found))
    formset = forms.ChoiceFormSet(
        request.POST or None,
        prefix="choices",
        initial=[
            forms.ChoiceForm.initial_for(choice, number)
            for number, choice in enumerate(found.choices.all(), start=1)
        ],
    )
    if request.method == "POST" and _save_question(
        request, form=form, formset=formset, lesson=found.lesson, question=found
    ):
        messages.success(request, _("The question is saved."))
        return redirect(_questions_url(found.lesson) + f"#question-{found.pk}")
    return _question_page(request, lesson=found.lesson, form=form, formset=formset, question=found)


@training_admin_required
def question_delete(request, question_id):
    found = _question(question_id)
    lesson = found.lesson
    if request.method == "POST":
        try:
            authoring.delete_question(actor=request.user, question=found)
        except NotAllowed:
            raise
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question is deleted."))
        return redirect(_questions_url(lesson))
    return _confirm_delete(
        request,
        title=_("Delete this question?"),
        text=found.text,
        button=_("Delete the question"),
        cancel_url=_questions_url(lesson),
        trail=_trail(
            _course_crumb(lesson.course),
            _lesson_crumb(lesson),
            (_("Questions"), _questions_url(lesson)),
            _last(_("Delete")),
        ),
    )
