"""The concept's pages and the e-Government officer's dashboard, under /staff/programm/.

Every member of staff reads them (the programme is the town's own plan); the officer and
administrators write; the person responsible for a measure changes its status and its
milestones. Anybody else gets 404. Every change goes through ``services.concept``."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import add_validation_error, breadcrumbs, history_page

from . import forms_concept as forms
from . import querysets
from .exceptions import ConceptError, FieldHasMeasures, NotAllowed
from .models import FieldOfAction, Measure, Milestone, Risk
from .permissions import (
    can_read_programme,
    can_see_expert_group,
    can_update_measure,
    is_officer,
)
from .services import concept
from .trail import programme_trail

# ------------------------------------------------------------------ access and lookups


def staff_required(view):
    """Staff read the programme; a refused write and anybody else get 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(
            can_read_programme(request.user),
            actor=request.user,
            summary=f"not programme staff: {request.path[:200]}",
        )
        try:
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise Http404 from None

    return wrapped


def officer_required(view):
    """The e-Government officer (and administrators) only."""

    @staff_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(
            is_officer(request.user),
            actor=request.user,
            summary=f"not the e-Government officer: {request.path[:200]}",
        )
        return view(request, *args, **kwargs)

    return wrapped


def _field(slug) -> FieldOfAction:
    return get_object_or_404(FieldOfAction, slug=slug)


def _measure(measure_id) -> Measure:
    return get_object_or_404(querysets.measures(), pk=measure_id)


def _milestone(milestone_id) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("measure__field", "measure__responsible_person"),
        pk=milestone_id,
    )


def _risk(risk_id) -> Risk:
    return get_object_or_404(Risk.objects.select_related("measure__field", "owner"), pk=risk_id)


def _may_update(request, measure) -> None:
    require(
        can_update_measure(request.user, measure),
        actor=request.user,
        obj=measure,
        summary="may not update the measure",
    )


def _concept_trail(*items) -> list[dict]:
    return programme_trail((_("Concept"), reverse("programme:fields")), *items)


def _field_crumb(field) -> tuple[str, str]:
    return (field.title, reverse("programme:field", args=[field.slug]))


def _measure_crumb(measure) -> tuple[str, str]:
    return (f"{measure.code} {measure.title}", reverse("programme:measure", args=[measure.pk]))


def _measure_trail(measure, *items) -> list[dict]:
    """Programme › Concept › the measure's field › the measure › …"""
    return _concept_trail(_field_crumb(measure.field), _measure_crumb(measure), *items)


def _last(label) -> tuple[str, str]:
    return (label, "")


def _status(*forms_on_page) -> int:
    return 400 if any(form is not None and form.is_bound for form in forms_on_page) else 200


def _refused(form, error) -> None:
    """A service's refusal onto the form: on the field it concerns, else at the top."""
    if isinstance(error, ValidationError):
        add_validation_error(form, error)
    elif error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


# ------------------------------------------------------------------ the dashboard


@staff_required
def dashboard(request):
    today = timezone.localdate()
    groups = querysets.measures_for_dashboard()
    budget = querysets.budget_totals(today.year)
    deadlines = list(querysets.funding_deadlines(today))
    for programme in deadlines:
        programme.days_left = (programme.deadline - today).days
    return render(
        request,
        "programme/dashboard.html",
        {
            "today": today,
            "year": today.year,
            "groups": groups,
            "measure_count": sum(len(group.measures) for group in groups),
            "overdue_count": sum(
                1 for group in groups for measure in group.measures if measure.is_overdue(today)
            ),
            "risks": list(querysets.open_risks()),
            "budget": budget,
            "figures": querysets.figures_against_targets(today.year),
            "deadlines": deadlines,
            "deadline_days": querysets.FUNDING_DAYS_AHEAD,
            "tasks": list(querysets.open_group_tasks()),
            "is_officer": is_officer(request.user),
            "may_see_group": can_see_expert_group(request.user),
            "breadcrumbs": breadcrumbs((_("e-Government programme"), "")),
        },
    )


# ------------------------------------------------------------------ fields of action


@staff_required
def field_list(request):
    return render(
        request,
        "programme/concept/field_list.html",
        {
            "fields": list(querysets.fields_with_counts()),
            "is_officer": is_officer(request.user),
            "breadcrumbs": programme_trail(_last(_("Concept"))),
        },
    )


@officer_required
def field_new(request):
    form = forms.FieldOfActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            field = concept.create_field(actor=request.user, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The field of action is added to the concept."))
            return redirect("programme:field", slug=field.slug)
    return render(
        request,
        "programme/concept/field_form.html",
        {"form": form, "breadcrumbs": _concept_trail(_last(_("New field of action")))},
        status=_status(form),
    )


@officer_required
def field_edit(request, slug):
    field = _field(slug)
    form = forms.FieldOfActionForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        try:
            concept.update_field(actor=request.user, field=field, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:field", slug=field.slug)
    return render(
        request,
        "programme/concept/field_form.html",
        {
            "form": form,
            "field": field,
            "breadcrumbs": _concept_trail(_field_crumb(field), _last(_("Edit"))),
        },
        status=_status(form),
    )


@officer_required
@require_POST
def field_move(request, slug):
    field = _field(slug)
    concept.move_field(actor=request.user, field=field, up=request.POST.get("direction") == "up")
    messages.success(request, _("The order of the fields of action is saved."))
    return redirect("programme:fields")


@officer_required
@require_http_methods(["GET", "POST"])
def field_delete(request, slug):
    field = _field(slug)
    back = reverse("programme:field", args=[field.slug])
    if request.method == "POST":
        try:
            concept.delete_field(actor=request.user, field=field)
        except ConceptError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("The field of action is deleted."))
        return redirect("programme:fields")
    title = _("Delete the field of action")
    measure_count = field.measures.count()
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _("“%(title)s” is removed from the concept. The audit trail keeps a record.")
            % {"title": field.title},
            "refusal": FieldHasMeasures.message if measure_count else "",
            "button": _("Delete"),
            "cancel_url": back,
            "breadcrumbs": _concept_trail(_field_crumb(field), _last(title)),
        },
    )


@staff_required
def field_detail(request, slug):
    field = _field(slug)
    return render(
        request,
        "programme/concept/field_detail.html",
        {
            "field": field,
            "measures": list(querysets.measures().filter(field=field)),
            "is_officer": is_officer(request.user),
            "breadcrumbs": _concept_trail(_last(field.title)),
        },
    )


# ------------------------------------------------------------------ measures


@staff_required
def measure_list(request):
    form = forms.MeasureFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    return render(
        request,
        "programme/concept/measure_list.html",
        {
            "form": form if request.GET else forms.MeasureFilterForm(),
            "page": paginate(request, querysets.filter_measures(**filters)),
            "filtered": any(filters.values()),
            "is_officer": is_officer(request.user),
            "breadcrumbs": programme_trail(_last(_("Measures"))),
        },
    )


def _save_measure(request, form, measure=None):
    """Create or change the measure from a valid form; refusals go back onto the form."""
    try:
        if measure is None:
            return concept.create_measure(
                actor=request.user, **form.service_fields(), **form.links()
            )
        return concept.update_measure(
            actor=request.user, measure=measure, **form.service_fields(), **form.links()
        )
    except (ConceptError, ValidationError) as error:
        _refused(form, error)
    return None


@officer_required
def measure_new(request):
    initial = {}
    chosen = FieldOfAction.objects.filter(slug=request.GET.get("feld", "")).first()
    if chosen is not None:
        initial["field"] = chosen.pk
    form = forms.MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = _save_measure(request, form)
        if created is not None:
            messages.success(request, _("The measure is added to the concept."))
            return redirect("programme:measure", measure_id=created.pk)
    return render(
        request,
        "programme/concept/measure_form.html",
        {
            "form": form,
            "breadcrumbs": programme_trail(
                (_("Measures"), reverse("programme:measures")), _last(_("New measure"))
            ),
        },
        status=_status(form),
    )


@officer_required
def measure_edit(request, measure_id):
    measure = _measure(measure_id)
    form = forms.MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        saved = _save_measure(request, form, measure)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:measure", measure_id=measure.pk)
    return render(
        request,
        "programme/concept/measure_form.html",
        {
            "form": form,
            "measure": measure,
            "breadcrumbs": _measure_trail(measure, _last(_("Edit"))),
        },
        status=_status(form),
    )


def _measure_page(request, measure, *, status_form=None):
    may_update = can_update_measure(request.user, measure)
    return render(
        request,
        "programme/concept/measure_detail.html",
        {
            "measure": measure,
            "related": querysets.measure_relations(measure),
            "today": timezone.localdate(),
            "is_officer": is_officer(request.user),
            "may_update": may_update,
            "status_form": status_form
            or (forms.StatusForm(initial={"status": measure.status}) if may_update else None),
            "breadcrumbs": _concept_trail(
                _field_crumb(measure.field), _last(f"{measure.code} {measure.title}")
            ),
        },
        status=_status(status_form),
    )


@staff_required
def measure_detail(request, measure_id):
    return _measure_page(request, _measure(measure_id))


@staff_required
@require_POST
def measure_status(request, measure_id):
    measure = _measure(measure_id)
    _may_update(request, measure)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        return _measure_page(request, measure, status_form=form)
    concept.change_measure_status(
        actor=request.user, measure=measure, status=form.cleaned_data["status"]
    )
    messages.success(
        request,
        _("The status is now “%(status)s”.") % {"status": measure.get_status_display()},
    )
    return redirect("programme:measure", measure_id=measure.pk)


@staff_required
def measure_history(request, measure_id):
    measure = _measure(measure_id)
    return history_page(
        request,
        obj=measure,
        subject=f"{measure.code} {measure.title}",
        back_url=reverse("programme:measure", args=[measure.pk]),
        trail=_measure_trail(measure, _last(_("History"))),
    )


# ------------------------------------------------------------------ milestones


def _under_measure_page(request, template, form, measure, label, **extra):
    """A form for something of a measure (a milestone, a risk), under the measure."""
    return render(
        request,
        template,
        {
            "form": form,
            "measure": measure,
            **extra,
            "breadcrumbs": _measure_trail(measure, _last(label)),
        },
        status=_status(form),
    )


def _milestone_form_page(request, form, measure, milestone=None):
    label = _("Edit milestone") if milestone else _("New milestone")
    return _under_measure_page(
        request, "programme/concept/milestone_form.html", form, measure, label, milestone=milestone
    )


@staff_required
def milestone_new(request, measure_id):
    measure = _measure(measure_id)
    _may_update(request, measure)
    form = forms.MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concept.add_milestone(actor=request.user, measure=measure, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect("programme:measure", measure_id=measure.pk)
    return _milestone_form_page(request, form, measure)


@staff_required
def milestone_edit(request, milestone_id):
    milestone = _milestone(milestone_id)
    measure = milestone.measure
    _may_update(request, measure)
    form = forms.MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            concept.update_milestone(actor=request.user, milestone=milestone, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:measure", measure_id=measure.pk)
    return _milestone_form_page(request, form, measure, milestone)


@staff_required
@require_POST
def milestone_reached(request, milestone_id):
    milestone = _milestone(milestone_id)
    _may_update(request, milestone.measure)
    concept.mark_milestone_reached(actor=request.user, milestone=milestone)
    messages.success(request, _("“%(title)s” is marked as reached.") % {"title": milestone.title})
    return redirect("programme:measure", measure_id=milestone.measure_id)


# ------------------------------------------------------------------ risks


def _risk_form_page(request, form, measure, risk=None):
    label = _("Edit risk") if risk else _("New risk")
    return _under_measure_page(
        request, "programme/concept/risk_form.html", form, measure, label, risk=risk
    )


@officer_required
def risk_new(request, measure_id):
    measure = _measure(measure_id)
    form = forms.RiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concept.add_risk(actor=request.user, measure=measure, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The risk is added."))
            return redirect("programme:measure", measure_id=measure.pk)
    return _risk_form_page(request, form, measure)


@officer_required
def risk_edit(request, risk_id):
    risk = _risk(risk_id)
    form = forms.RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        try:
            concept.update_risk(actor=request.user, risk=risk, **form.cleaned_data)
        except (ConceptError, ValidationError) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:measure", measure_id=risk.measure_id)
    return _risk_form_page(request, form, risk.measure, risk)


@officer_required
@require_POST
def risk_close(request, risk_id):
    risk = _risk(risk_id)
    reopen = request.POST.get("action") == "reopen"
    concept.close_risk(actor=request.user, risk=risk, is_open=reopen)
    messages.success(request, _("The risk is open again.") if reopen else _("The risk is closed."))
    return redirect("programme:measure", measure_id=risk.measure_id)
