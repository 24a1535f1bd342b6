"""Staff pages of participatory budgets: budgets and projects of a process, live counts
during voting, results, the selection for implementation and a CSV export."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.core.exceptions import UserFacingError
from rathaus.core.staff.views.common import breadcrumbs
from rathaus.core.uploads.exceptions import UploadError
from rathaus.participation.models import Process

from . import services
from .forms import BudgetForm, ProjectForm
from .models import Budget, Project
from .phases import results_public, voting_end, voting_open
from .results import results_of
from .views import results_chart


def _process(request, process_slug) -> Process:
    services.require_manager(request.user)
    process = Process.objects.filter(slug=process_slug).first()
    if process is None:
        raise Http404
    return process


def _budget(request, process_slug, pk) -> Budget:
    process = _process(request, process_slug)
    budget = Budget.objects.filter(process=process, pk=pk).first()
    if budget is None:
        raise Http404
    budget.process = process
    return budget


def _project(budget, project_pk) -> Project:
    project = Project.objects.filter(budget=budget, pk=project_pk).first()
    if project is None:
        raise Http404
    return project


def _trail(process, *items):
    try:
        process_url = reverse("participation_staff:process", args=[process.slug])
        first = [(process.title, process_url)]
    except NoReverseMatch:
        first = []
    budgets = (_("Participatory budget"), reverse("budgets_staff:index", args=[process.slug]))
    return breadcrumbs(*first, budgets, *items)


def index(request, process_slug):
    process = _process(request, process_slug)
    return render(
        request,
        "budgets/staff/index.html",
        {
            "process": process,
            "budgets": Budget.objects.of_process(process),
            "breadcrumbs": _trail(process),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_create(request, process_slug):
    process = _process(request, process_slug)
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = services.create_budget(
            actor=request.user, process=process, data=form.service_data()
        )
        messages.success(request, _("The budget has been created. Now add its projects."))
        return redirect("budgets_staff:detail", process.slug, budget.pk)
    return render(
        request,
        "budgets/staff/budget_form.html",
        {
            "process": process,
            "form": form,
            "title": _("New participatory budget"),
            "breadcrumbs": _trail(process, (_("New participatory budget"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_edit(request, process_slug, pk):
    budget = _budget(request, process_slug, pk)
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        budget.refresh_from_db()
        services.update_budget(actor=request.user, budget=budget, data=data)
        messages.success(request, _("The budget has been saved."))
        return redirect("budgets_staff:detail", budget.process.slug, budget.pk)
    return render(
        request,
        "budgets/staff/budget_form.html",
        {
            "process": budget.process,
            "budget": budget,
            "form": form,
            "title": _("Edit budget"),
            "breadcrumbs": _trail(budget.process, (budget.title, "")),
        },
    )


def detail(request, process_slug, pk):
    budget = _budget(request, process_slug, pk)
    results = results_of(budget)
    return render(
        request,
        "budgets/staff/detail.html",
        {
            "process": budget.process,
            "budget": budget,
            "results": results,
            "voting_open": voting_open(budget),
            "voting_end": voting_end(budget),
            "results_public": results_public(budget),
            "breadcrumbs": _trail(budget.process, (budget.title, "")),
        },
    )


def _project_form_page(request, budget, project=None):
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("image_upload")
        try:
            if project is None:
                services.create_project(
                    actor=request.user, budget=budget, data=form.service_data(), image=image
                )
            else:
                data = form.service_data()
                project.refresh_from_db()
                services.update_project(
                    actor=request.user,
                    project=project,
                    data=data,
                    image=image,
                    remove_image=form.cleaned_data.get("remove_image", False),
                )
        except (UploadError, UserFacingError) as error:
            form.add_error("image_upload", error.message)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("budgets_staff:detail", budget.process.slug, budget.pk)
    title = project.title if project else _("New project")
    return render(
        request,
        "budgets/staff/project_form.html",
        {
            "process": budget.process,
            "budget": budget,
            "project": project,
            "form": form,
            "title": title,
            "breadcrumbs": _trail(
                budget.process,
                (
                    budget.title,
                    reverse("budgets_staff:detail", args=[budget.process.slug, budget.pk]),
                ),
                (title, ""),
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def project_create(request, process_slug, pk):
    return _project_form_page(request, _budget(request, process_slug, pk))


@require_http_methods(["GET", "POST"])
def project_edit(request, process_slug, pk, project_pk):
    budget = _budget(request, process_slug, pk)
    return _project_form_page(request, budget, _project(budget, project_pk))


@require_POST
def project_delete(request, process_slug, pk, project_pk):
    budget = _budget(request, process_slug, pk)
    project = _project(budget, project_pk)
    try:
        services.delete_project(actor=request.user, project=project)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The project has been deleted."))
    return redirect("budgets_staff:detail", budget.process.slug, budget.pk)


def results(request, process_slug, pk):
    """Live counts for staff, during voting too."""
    budget = _budget(request, process_slug, pk)
    outcome = results_of(budget)
    return render(
        request,
        "budgets/staff/results.html",
        {
            "process": budget.process,
            "budget": budget,
            "results": outcome,
            "chart": results_chart(outcome),
            "voting_open": voting_open(budget),
            "results_public": results_public(budget),
            "breadcrumbs": _trail(
                budget.process,
                (
                    budget.title,
                    reverse("budgets_staff:detail", args=[budget.process.slug, budget.pk]),
                ),
                (_("Results"), ""),
            ),
        },
    )


@require_POST
def select(request, process_slug, pk):
    budget = _budget(request, process_slug, pk)
    try:
        chosen = services.select_for_implementation(actor=request.user, budget=budget)
    except UserFacingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s projects are now marked as selected for implementation.")
            % {"count": len(chosen)},
        )
    return redirect("budgets_staff:results", budget.process.slug, budget.pk)


def export(request, process_slug, pk):
    """The result per project as CSV: counts only, nothing about who voted."""
    budget = _budget(request, process_slug, pk)
    outcome = results_of(budget)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="buergerhaushalt-{budget.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Rank"),
            _("Project"),
            _("Cost (euros)"),
            _("Votes"),
            _("Share of ballots (%)"),
            _("Fits in the total"),
            _("Selected for implementation"),
        ]
    )
    for row in outcome.rows:
        writer.writerow(
            [
                row.rank,
                _csv_safe(row.project.title),
                f"{row.project.cost_cents / 100:.2f}",
                row.votes,
                row.share,
                _("yes") if row.fits else _("no"),
                _("yes") if row.project.is_selected else _("no"),
            ]
        )
    writer.writerow([])
    writer.writerow([_("Ballots cast"), outcome.ballots_cast])
    return response


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a quote stops that."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
