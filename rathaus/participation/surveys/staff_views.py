"""Staff pages of surveys: the builder (survey, questions and options, preview, publish),
the results with charts, the free-text answers and the CSV export. For participation
managers and administrators with a second factor (the staff area's middleware)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs
from rathaus.participation.models import Process
from rathaus.participation.services.permissions import can_manage_participation

from . import services
from .exceptions import StructureLocked, SurveyError
from .exports import csv_lines
from .forms import AnswerForm, QuestionForm, SurveyForm
from .models import Answer, Question, Survey
from .results import survey_results

TEXT_ANSWERS_PER_PAGE = 50


def _require_builder(request) -> None:
    if not can_manage_participation(request.user):
        raise Http404


def _process_or_404(request, slug: str) -> Process:
    _require_builder(request)
    process = Process.objects.filter(slug=slug).prefetch_related("phases").first()
    if process is None:
        raise Http404
    return process


def _survey_or_404(request, process_slug, pk) -> Survey:
    process = _process_or_404(request, process_slug)
    survey = Survey.objects.filter(process=process, pk=pk).first()
    if survey is None:
        raise Http404
    survey.process = process
    return survey


def _question_or_404(survey: Survey, question_pk) -> Question:
    question = Question.objects.filter(survey=survey, pk=question_pk).first()
    if question is None:
        raise Http404
    question.survey = survey
    return question


def _trail(process: Process, *more):
    return breadcrumbs(
        (
            _("Surveys: %(process)s") % {"process": process.title},
            reverse("surveys_staff:index", args=[process.slug]),
        ),
        *more,
    )


def _survey_trail(survey: Survey, *more):
    return _trail(
        survey.process,
        (survey.title, reverse("surveys_staff:detail", args=[survey.process.slug, survey.pk])),
        *more,
    )


def _detail_url(survey: Survey) -> str:
    return reverse("surveys_staff:detail", args=[survey.process.slug, survey.pk])


@require_GET
@login_required
def index(request, process_slug):
    process = _process_or_404(request, process_slug)
    surveys = Survey.objects.of_process(process).with_response_count().order_by("-created_at")
    page = paginate(request, surveys)
    for survey in page.object_list:
        survey.process = process
    return render(
        request,
        "surveys/staff/index.html",
        {"process": process, "page": page, "breadcrumbs": _trail(process)},
    )


def _survey_form_page(request, *, process: Process, survey: Survey | None):
    locked = survey is not None and survey.has_answers()
    posted = request.POST if request.method == "POST" else None
    form = SurveyForm(posted, instance=survey, locked=locked)
    if posted is not None and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.SURVEY_FIELDS}
        try:
            if survey is None:
                saved = services.create_survey(actor=request.user, process=process, data=data)
            else:
                saved = services.update_survey(actor=request.user, survey=survey, data=data)
        except ValidationError as error:
            add_validation_error(form, error)
        except SurveyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The survey was saved."))
            saved.process = process
            return redirect(_detail_url(saved))
    title = _("New survey") if survey is None else _("Edit survey settings")
    trail = _trail(process, (title, "")) if survey is None else _survey_trail(survey, (title, ""))
    return render(
        request,
        "surveys/staff/survey_form.html",
        {
            "form": form,
            "process": process,
            "survey": survey,
            "locked": locked,
            "title": title,
            "breadcrumbs": trail,
        },
    )


@login_required
def create(request, process_slug):
    process = _process_or_404(request, process_slug)
    return _survey_form_page(request, process=process, survey=None)


@login_required
def edit(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    return _survey_form_page(request, process=survey.process, survey=survey)


@require_GET
@login_required
def detail(request, process_slug, pk):
    """The builder: the survey's settings and questions, with the actions on them."""
    survey = _survey_or_404(request, process_slug, pk)
    questions = list(survey.questions.in_order().prefetch_related("choices", "rows"))
    responses = survey.responses.count()
    return render(
        request,
        "surveys/staff/detail.html",
        {
            "survey": survey,
            "process": survey.process,
            "questions": questions,
            "responses": responses,
            "locked": responses > 0,
            "problems": services.publication_problems(survey),
            "public_url": reverse("surveys:answer", args=[survey.process.slug, survey.pk]),
            "breadcrumbs": _survey_trail(survey),
        },
    )


def _question_form_page(request, *, survey: Survey, question: Question | None):
    locked = survey.has_answers()
    if question is None and locked:
        messages.error(request, StructureLocked.message)
        return redirect(_detail_url(survey))
    posted = request.POST if request.method == "POST" else None
    form = QuestionForm(
        posted,
        instance=question,
        locked=locked,
        initial=None if question else {"kind": Question.Kind.SINGLE},
    )
    if posted is not None and form.is_valid():
        arguments = {
            "actor": request.user,
            "data": form.question_data(),
            "choices": form.cleaned_data["choices"],
            "rows": form.cleaned_data["rows"],
        }
        try:
            if question is None:
                services.add_question(survey=survey, **arguments)
            else:
                services.update_question(question=question, **arguments)
        except ValidationError as error:
            add_validation_error(form, error)
        except SurveyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question was saved."))
            return redirect(_detail_url(survey))
    title = _("New question") if question is None else _("Edit question")
    return render(
        request,
        "surveys/staff/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "locked": locked,
            "title": title,
            "breadcrumbs": _survey_trail(survey, (title, "")),
        },
    )


@login_required
def question_create(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    return _question_form_page(request, survey=survey, question=None)


@login_required
def question_edit(request, process_slug, pk, question_pk):
    survey = _survey_or_404(request, process_slug, pk)
    question = _question_or_404(survey, question_pk)
    return _question_form_page(request, survey=survey, question=question)


def _perform(request, survey: Survey, action, success: str):
    try:
        action()
    except SurveyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(survey))


@require_POST
@login_required
def question_move(request, process_slug, pk, question_pk):
    survey = _survey_or_404(request, process_slug, pk)
    question = _question_or_404(survey, question_pk)
    up = request.POST.get("direction") != "down"
    return _perform(
        request,
        survey,
        lambda: services.move_question(actor=request.user, question=question, up=up),
        _("The question was moved."),
    )


@require_POST
@login_required
def question_delete(request, process_slug, pk, question_pk):
    survey = _survey_or_404(request, process_slug, pk)
    question = _question_or_404(survey, question_pk)
    return _perform(
        request,
        survey,
        lambda: services.delete_question(actor=request.user, question=question),
        _("The question was deleted."),
    )


@require_POST
@login_required
def publish(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    return _perform(
        request,
        survey,
        lambda: services.publish_survey(actor=request.user, survey=survey),
        _("The survey is published."),
    )


@require_POST
@login_required
def unpublish(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    return _perform(
        request,
        survey,
        lambda: services.unpublish_survey(actor=request.user, survey=survey),
        _("The survey was withdrawn from publication."),
    )


@require_POST
@login_required
def delete(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    try:
        services.delete_survey(actor=request.user, survey=survey)
    except SurveyError as error:
        messages.error(request, error.message)
        return redirect(_detail_url(survey))
    messages.success(request, _("The survey was deleted."))
    return redirect("surveys_staff:index", survey.process.slug)


@require_GET
@login_required
def preview(request, process_slug, pk):
    """The answer page as the public will see it; it sends nothing."""
    process = _process_or_404(request, process_slug)
    survey = Survey.objects.filter(process=process, pk=pk).with_questions().first()
    if survey is None:
        raise Http404
    survey.process = process
    return render(
        request,
        "surveys/staff/preview.html",
        {
            "survey": survey,
            "process": survey.process,
            "form": AnswerForm(survey=survey),
            "breadcrumbs": _survey_trail(survey, (_("Preview"), "")),
        },
    )


@require_GET
@login_required
def results(request, process_slug, pk):
    survey = _survey_or_404(request, process_slug, pk)
    return render(
        request,
        "surveys/staff/results.html",
        {
            "survey": survey,
            "process": survey.process,
            "results": survey_results(survey),
            "breadcrumbs": _survey_trail(survey, (_("Results"), "")),
        },
    )


@require_GET
@login_required
def text_answers(request, process_slug, pk, question_pk):
    """The free-text answers to one question, page by page."""
    survey = _survey_or_404(request, process_slug, pk)
    question = _question_or_404(survey, question_pk)
    if question.kind != Question.Kind.TEXT:
        raise Http404
    page = paginate(request, Answer.objects.texts_of(question), per_page=TEXT_ANSWERS_PER_PAGE)
    return render(
        request,
        "surveys/staff/text_answers.html",
        {
            "survey": survey,
            "question": question,
            "page": page,
            "breadcrumbs": _survey_trail(
                survey,
                (_("Results"), reverse("surveys_staff:results", args=[process_slug, survey.pk])),
                (_("Free-text answers"), ""),
            ),
        },
    )


@require_GET
@login_required
def export(request, process_slug, pk):
    """All responses as CSV: no personal data, formula-safe cells."""
    survey = _survey_or_404(request, process_slug, pk)
    record(
        action=AuditEntry.Action.VIEW,
        actor=request.user,
        obj=survey,
        summary="Survey answers exported as CSV",
    )
    response = StreamingHttpResponse(csv_lines(survey), content_type="text/csv; charset=utf-8")
    filename = f"umfrage-{survey.created_at:%Y-%m-%d}-{str(survey.pk)[:8]}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
