"""Public pages of a participatory budget: the projects with the ballot, the check before
the vote is cast, a project's page, and the results once voting has ended."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rathaus.core.exceptions import UserFacingError
from rathaus.core.ratelimit import client_key, hit
from rathaus.participation.models import Process

from . import services
from .charts import bar_chart
from .forms import BallotForm
from .models import Budget, Project
from .money import format_euro
from .phases import results_public, voting_end, voting_open
from .results import results_of

VOTES_PER_HOUR = 30


def process_url(process) -> str | None:
    try:
        return reverse("participation:process", args=[process.slug])
    except NoReverseMatch:
        return None


def trail(process, *items) -> list[dict]:
    crumbs = [{"label": _("Participation"), "url": _url_or_none("participation:index")}]
    crumbs.append({"label": process.title, "url": process_url(process)})
    crumbs.extend({"label": label, "url": url} for label, url in items)
    return [crumb for crumb in crumbs if crumb["url"] is not None or crumb is crumbs[-1]]


def _url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _process(process_slug) -> Process:
    process = Process.objects.published().filter(slug=process_slug).first()
    if process is None:
        raise Http404
    return process


def _budget(process, pk) -> Budget:
    budget = Budget.objects.published().filter(process=process, pk=pk).first()
    if budget is None:
        raise Http404
    budget.process = process
    return budget


def progress_sentence(chosen="{chosen}", total="{total}") -> str:
    return _("You have distributed %(chosen)s of %(total)s.") % {"chosen": chosen, "total": total}


def index(request, process_slug):
    process = _process(process_slug)
    budgets = Budget.objects.published().of_process(process)
    return render(
        request,
        "budgets/index.html",
        {
            "process": process,
            "budgets": [
                {
                    "budget": budget,
                    "voting_open": voting_open(budget),
                    "results_public": results_public(budget),
                }
                for budget in budgets
            ],
            "breadcrumbs": trail(process, (_("Participatory budget"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request, process_slug, pk):
    process = _process(process_slug)
    budget = _budget(process, pk)
    projects = list(Project.objects.filter(budget=budget).select_related("image"))
    ballot = services.ballot_of(user=request.user, budget=budget)
    is_open = voting_open(budget)
    initial = {"projects": [str(i.project_id) for i in ballot.items.all()]} if ballot else {}
    form = BallotForm(
        request.POST if request.method == "POST" else None, projects=projects, initial=initial
    )
    may_vote = is_open and request.user.is_authenticated and not (ballot and ballot.is_final)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(_login_url(request))
        if form.is_valid():
            try:
                hit("budgets.vote", client_key(request), limit=VOTES_PER_HOUR, per=3600)
                services.choose_projects(
                    user=request.user, budget=budget, project_ids=form.cleaned_data["projects"]
                )
            except UserFacingError as error:
                form.add_error("projects", error.message)
            else:
                return redirect("budgets:confirm", process.slug, budget.pk)
    chosen = form.chosen_cents()
    return render(
        request,
        "budgets/detail.html",
        {
            "process": process,
            "budget": budget,
            "projects": projects,
            "form": form,
            "chosen_ids": form.chosen_ids(),
            "chosen_cents": chosen,
            "progress": progress_sentence(format_euro(chosen), format_euro(budget.total_cents)),
            "progress_template": progress_sentence(),
            "ballot": ballot,
            "voting_open": is_open,
            "may_vote": may_vote,
            "voting_end": voting_end(budget),
            "results_public": results_public(budget),
            "login_url": _login_url(request),
            "breadcrumbs": trail(
                process,
                (_("Participatory budget"), reverse("budgets:index", args=[process.slug])),
                (budget.title, None),
            ),
        },
    )


def _login_url(request) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


@require_http_methods(["GET", "POST"])
def confirm(request, process_slug, pk):
    """The chosen projects once more, and the button that casts the vote for good."""
    process = _process(process_slug)
    budget = _budget(process, pk)
    if not request.user.is_authenticated:
        return redirect(_login_url(request))
    ballot = services.ballot_of(user=request.user, budget=budget)
    if ballot is None:
        return redirect("budgets:detail", process.slug, budget.pk)
    error = None
    if request.method == "POST":
        try:
            hit("budgets.vote", client_key(request), limit=VOTES_PER_HOUR, per=3600)
            services.cast_vote(user=request.user, budget=budget)
        except UserFacingError as refused:
            error = refused.message
            ballot.refresh_from_db()
        else:
            messages.success(request, _("Thank you: your vote has been cast."))
            return redirect("budgets:detail", process.slug, budget.pk)
    items = list(ballot.items.select_related("project").order_by("project__position"))
    chosen = sum(item.project.cost_cents for item in items)
    return render(
        request,
        "budgets/confirm.html",
        {
            "process": process,
            "budget": budget,
            "ballot": ballot,
            "items": items,
            "chosen_cents": chosen,
            "progress": progress_sentence(format_euro(chosen), format_euro(budget.total_cents)),
            "error": error,
            "voting_open": voting_open(budget),
            "breadcrumbs": trail(
                process,
                (budget.title, reverse("budgets:detail", args=[process.slug, budget.pk])),
                (_("Check and cast your vote"), None),
            ),
        },
    )


def project(request, process_slug, pk, project_pk):
    process = _process(process_slug)
    budget = _budget(process, pk)
    found = Project.objects.filter(budget=budget, pk=project_pk).select_related("image").first()
    if found is None:
        raise Http404
    return render(
        request,
        "budgets/project.html",
        {
            "process": process,
            "budget": budget,
            "project": found,
            "breadcrumbs": trail(
                process,
                (budget.title, reverse("budgets:detail", args=[process.slug, budget.pk])),
                (found.title, None),
            ),
        },
    )


def results_chart(results):
    return bar_chart(
        title=_("Votes per project"),
        description=_("%(count)s ballots were cast. Projects that fit in the total are dark.")
        % {"count": results.ballots_cast},
        items=[(row.project.title, row.votes, str(row.votes), row.fits) for row in results.rows],
    )


def results(request, process_slug, pk):
    """Nothing of the count is shown before voting has ended: 404 until then."""
    process = _process(process_slug)
    budget = _budget(process, pk)
    if not results_public(budget):
        raise Http404
    outcome = results_of(budget)
    return render(
        request,
        "budgets/results.html",
        {
            "process": process,
            "budget": budget,
            "results": outcome,
            "chart": results_chart(outcome),
            "staff_view": False,
            "breadcrumbs": trail(
                process,
                (budget.title, reverse("budgets:detail", args=[process.slug, budget.pk])),
                (_("Results"), None),
            ),
        },
    )
