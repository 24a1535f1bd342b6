"""Co-signing route (Umlauf) pages: starting a route, the route with its history,
deciding a step, withdrawing, and the inbox (Postkorb)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.permissions import direct_unit_ids
from rathaus.core.pagination import paginate

from ..access import require_records_user
from ..exceptions import RecordsError
from ..forms.routes import DecisionForm, RouteForm, step_formset
from ..models import Procedure, Route, RouteStep
from ..services import routes as services
from .files import file_trail
from .plan import perform
from .procedures import _trail, visible_procedure


def visible_route(request, pk) -> Route:
    require_records_user(request.user)
    try:
        return (
            Route.objects.filter(procedure__in=Procedure.objects.visible_to(request.user))
            .select_related(
                "procedure", "procedure__file", "document", "started_by", "procedure__assigned_unit"
            )
            .get(pk=pk)
        )
    except (Route.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def route_start(request, pk):
    procedure = visible_procedure(request, pk)
    if not services.can_start_route(request.user, procedure):
        raise Http404
    if request.method == "POST":
        form = RouteForm(request.POST, procedure=procedure)
        steps = step_formset(data=request.POST)
        if "add_step" in request.POST:
            # Another empty row: show what was entered again, without complaining yet.
            form = RouteForm(
                initial={
                    "subject": request.POST.get("subject", ""),
                    "instructions": request.POST.get("instructions", ""),
                    "document": request.POST.get("document") or None,
                },
                procedure=procedure,
            )
            steps = step_formset(rows=steps.entered_rows())
        elif form.is_valid() and steps.is_valid():
            try:
                route = services.start_route(
                    actor=request.user,
                    procedure=procedure,
                    subject=form.cleaned_data["subject"],
                    instructions=form.cleaned_data["instructions"],
                    document=form.cleaned_data["document"],
                    steps=[
                        services.StepData(
                            position=row["position"],
                            kind=row["kind"],
                            user=row.get("user"),
                            unit=row.get("unit"),
                            due_on=row.get("due_on"),
                        )
                        for row in steps.filled_rows()
                    ],
                )
            except RecordsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The route was started."))
                return redirect("records:route_detail", route.pk)
    else:
        form = RouteForm(procedure=procedure)
        steps = step_formset()
    return render(
        request,
        "records/routes/start.html",
        {
            "form": form,
            "steps": steps,
            "procedure": procedure,
            "breadcrumbs": _trail(request, procedure, (_("Send on a route"), "")),
        },
    )


def _detail_context(request, route, forms=None) -> dict:
    steps = list(
        route.steps.select_related("assigned_user", "assigned_unit", "decided_by").order_by(
            "position", "assigned_unit__code", "pk"
        )
    )
    unit_ids = direct_unit_ids(request.user)
    forms = forms or {}
    for step in steps:
        step.decision_form = None
        decidable = step.state == RouteStep.State.PENDING and services.may_decide(
            request.user, step, unit_ids
        )
        if decidable and (step.kind == RouteStep.Kind.INFORM or route.state == Route.State.RUNNING):
            step.decision_form = forms.get(step.pk) or DecisionForm(
                step=step, prefix=f"s{step.pk.hex[:8]}"
            )
    return {
        "route": route,
        "procedure": route.procedure,
        "steps": steps,
        "my_steps": [s for s in steps if s.decision_form],
        "may_withdraw": route.state == Route.State.RUNNING
        and route.started_by_id == request.user.pk,
        "today": timezone.localdate(),
        "breadcrumbs": _trail(request, route.procedure, (route.subject, "")),
        "error_form": next(iter(forms.values()), None),
    }


@require_GET
@login_required
def route_detail(request, pk):
    route = visible_route(request, pk)
    return render(request, "records/routes/detail.html", _detail_context(request, route))


@require_POST
@login_required
def step_decide(request, pk):
    require_records_user(request.user)
    step = get_object_or_404(
        RouteStep.objects.filter(
            route__procedure__in=Procedure.objects.visible_to(request.user)
        ).select_related("route"),
        pk=pk,
    )
    route = visible_route(request, step.route_id)
    form = DecisionForm(request.POST, step=step, prefix=f"s{step.pk.hex[:8]}")
    if form.is_valid():
        try:
            services.decide(
                actor=request.user,
                step=step,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data.get("comment", ""),
            )
        except RecordsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your decision was saved."))
            if request.POST.get("next") == "inbox":
                return redirect("records:inbox")
        return redirect("records:route_detail", route.pk)
    return render(
        request,
        "records/routes/detail.html",
        _detail_context(request, route, forms={step.pk: form}),
        status=400,
    )


@require_POST
@login_required
def route_withdraw(request, pk):
    route = visible_route(request, pk)
    return perform(
        request,
        lambda: services.withdraw_route(actor=request.user, route=route),
        _("The route was withdrawn."),
        then=reverse("records:route_detail", args=[route.pk]),
    )


@require_GET
@login_required
def inbox(request):
    require_records_user(request.user)
    return render(
        request,
        "records/routes/inbox.html",
        {
            "page": paginate(request, services.inbox_steps(request.user)),
            "started": services.started_routes(request.user)[:50],
            "today": timezone.localdate(),
            "breadcrumbs": file_trail()[:2] + [{"label": _("Inbox"), "url": ""}],
        },
    )
