"""Public survey pages of a process: the list, the answer form (one page, every kind of
question, no JavaScript), the thank-you page and the public results."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rathaus.core.exceptions import UserFacingError
from rathaus.core.pagination import paginate
from rathaus.core.ratelimit import client_key
from rathaus.participation.models import Process

from .exceptions import AlreadyAnswered
from .forms import AnswerForm
from .models import Survey
from .results import survey_results
from .services import has_answered, submit_response

ANSWERED_SESSION_KEY = "surveys.answered"


def _process_or_404(slug: str) -> Process:
    process = Process.objects.published().filter(slug=slug).prefetch_related("phases").first()
    if process is None:
        raise Http404
    return process


def _survey_or_404(process: Process, pk, *, with_questions: bool = False) -> Survey:
    surveys = Survey.objects.published().filter(process=process, pk=pk)
    if with_questions:
        surveys = surveys.with_questions()
    survey = surveys.first()
    if survey is None:
        raise Http404
    survey.process = process  # shares the process's prefetched phases
    return survey


def process_url(process: Process) -> str:
    """The process's own page, or the participation start page while it has none."""
    try:
        return process.get_absolute_url()
    except NoReverseMatch:
        return "/beteiligung/"


def _trail(process: Process, *more) -> list[dict]:
    trail = [
        {"label": _("Participation"), "url": "/beteiligung/"},
        {"label": process.title, "url": process_url(process)},
        {"label": _("Surveys"), "url": reverse("surveys:index", args=[process.slug])},
    ]
    trail.extend({"label": label, "url": url} for label, url in more)
    return trail


@require_GET
def index(request, process_slug):
    process = _process_or_404(process_slug)
    surveys = Survey.objects.published().of_process(process).order_by("-published_at", "title")
    page = paginate(request, surveys)
    for survey in page.object_list:
        survey.process = process
    return render(
        request,
        "surveys/index.html",
        {"process": process, "page": page, "breadcrumbs": _trail(process)[:-1]},
    )


def _answered_here(request, survey: Survey) -> bool:
    if str(survey.pk) in request.session.get(ANSWERED_SESSION_KEY, []):
        return True
    return has_answered(survey=survey, user=request.user, session_key=request.session.session_key)


def _remember_answer(request, survey: Survey) -> None:
    answered = request.session.get(ANSWERED_SESSION_KEY, [])
    request.session[ANSWERED_SESSION_KEY] = [*answered, str(survey.pk)][-50:]


@never_cache
def answer(request, process_slug, pk):
    """The survey page: the questions while it takes answers, else where it stands."""
    process = _process_or_404(process_slug)
    survey = _survey_or_404(process, pk, with_questions=True)
    context = {
        "process": process,
        "survey": survey,
        "results_public": survey.results_visible_to_public(),
        "breadcrumbs": _trail(process, (survey.title, "")),
    }
    if not survey.accepts_answers():
        if request.method == "POST":
            context["refusal"] = _("This survey is not open for answers at the moment.")
        return render(request, "surveys/closed.html", context, status=200)
    needs_account = survey.answer_mode == Survey.AnswerMode.ACCOUNT
    if needs_account and not request.user.is_authenticated and request.method == "POST":
        return redirect_to_login(request.get_full_path())
    if _answered_here(request, survey):
        return render(request, "surveys/already_answered.html", context)
    form = AnswerForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        try:
            submit_response(
                survey=survey,
                user=request.user if needs_account else None,
                session_key=request.session.session_key,
                client=client_key(request),
                answers=form.answers(),
            )
        except AlreadyAnswered:
            _remember_answer(request, survey)
            return render(request, "surveys/already_answered.html", context)
        except UserFacingError as error:  # closed meanwhile, rate limited, …
            form.add_error(None, error.message)
        else:
            _remember_answer(request, survey)
            return redirect("surveys:thanks", process.slug, survey.pk)
    context.update(
        {
            "form": form,
            "needs_sign_in": needs_account and not request.user.is_authenticated,
            "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path})}",
        }
    )
    return render(request, "surveys/answer.html", context)


@require_GET
def thanks(request, process_slug, pk):
    process = _process_or_404(process_slug)
    survey = _survey_or_404(process, pk)
    return render(
        request,
        "surveys/thanks.html",
        {
            "process": process,
            "survey": survey,
            "results_public": survey.results_visible_to_public(),
            "breadcrumbs": _trail(process, (survey.title, "")),
        },
    )


@require_GET
def results(request, process_slug, pk):
    """The results, when the survey's setting allows the public to see them."""
    process = _process_or_404(process_slug)
    survey = _survey_or_404(process, pk)
    if not survey.results_visible_to_public():
        raise Http404
    return render(
        request,
        "surveys/results.html",
        {
            "process": process,
            "survey": survey,
            "results": survey_results(survey),
            "breadcrumbs": _trail(
                process,
                (survey.title, reverse("surveys:answer", args=[process.slug, survey.pk])),
                (_("Results"), ""),
            ),
        },
    )
