"""Plan pages under /staff/programm/plan/: the roadmap (every member of staff; an SVG
timeline with its table alternative), the cost plan and the staff plan (the e-Government
officer), with their CSV and XLSX exports. Writes go through ``services.plan``."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate

from . import exports
from .exceptions_plan import PlanError
from .forms_plan import CostItemForm, RoadmapFilterForm, StaffEntryForm, YearForm
from .models import CostItem, Measure, StaffPlanEntry
from .permissions import can_read_programme, is_officer
from .plan import cost_plan, staff_plan, year_bounds, year_totals
from .roadmap import group_by_field, quarter_end, quarter_start, roadmap_rows, roadmap_svg
from .services import plan as services
from .trail import programme_trail

ITEMS_PER_PAGE = 50


# ------------------------------------------------------------------ shared


def plan_tabs(user, current: str) -> list[dict]:
    """The tabs between the plan and budget pages a person may open; ``current`` is the
    URL name of the tab the page belongs to."""
    names = ["programme:plan_roadmap"]
    if is_officer(user):
        names += ["programme:plan_costs", "programme:plan_staff", "programme:budget"]
    labels = {
        "programme:plan_roadmap": _("Roadmap"),
        "programme:plan_costs": _("Cost plan"),
        "programme:plan_staff": _("Staff plan"),
        "programme:budget": _("Budget account"),
    }
    return [
        {"label": labels[name], "url": reverse(name), "current": name == current} for name in names
    ]


def require_officer(request, obj=None) -> None:
    require(is_officer(request.user), actor=request.user, obj=obj, summary="programme plan")


def _require_reader(request) -> None:
    require(can_read_programme(request.user), actor=request.user, summary="programme roadmap")


def year_context(request) -> dict:
    """The year a page shows (``?year=``, this year by default), its form and neighbours."""
    form = YearForm(request.GET if "year" in request.GET else None)
    year = form.chosen_year()
    first, last = year_bounds()
    return {
        "year_form": form,
        "year": year,
        "previous_year": year - 1 if year > first else None,
        "next_year": year + 1 if year < last else None,
    }


def _typed_year(form) -> int:
    """The year typed into ``form`` if it is one, else this year: where "Cancel" leads."""
    try:
        return int(form["year"].value())
    except (TypeError, ValueError):
        return timezone.localdate().year


def _with_year(url_name: str, year: int, anchor: str = "") -> str:
    return f"{reverse(url_name)}?year={year}{anchor}"


# ------------------------------------------------------------------ roadmap


def _roadmap_measures(choices: dict):
    first = quarter_start((choices["first_year"], 1))
    last = quarter_end((choices["last_year"], 4))
    measures = (
        Measure.objects.select_related("field")
        .prefetch_related("milestones")
        .filter(
            (Q(starts_on__lte=last) | Q(starts_on__isnull=True))
            & (Q(ends_on__gte=first) | Q(ends_on__isnull=True))
        )
        .order_by("field__position", "field__title", "code")
    )
    if choices["field"] is not None:
        measures = measures.filter(field=choices["field"])
    if choices["status"]:
        measures = measures.filter(status=choices["status"])
    return list(measures)


@require_GET
def roadmap(request):
    _require_reader(request)
    year = timezone.localdate().year
    form = RoadmapFilterForm(
        request.GET or None, initial={"first_year": year - 1, "last_year": year + 1}
    )
    choices = form.choices()
    today = timezone.localdate()
    measures = _roadmap_measures(choices)
    first_quarter, last_quarter = (choices["first_year"], 1), (choices["last_year"], 4)
    rows = roadmap_rows(measures, today)
    return render(
        request,
        "programme/plan/roadmap.html",
        {
            "form": form,
            "choices": choices,
            "svg": mark_safe(  # noqa: S308 - roadmap_svg escapes every text
                roadmap_svg(
                    measures, first_quarter=first_quarter, last_quarter=last_quarter, today=today
                )
            ),
            "groups": group_by_field(rows),
            "rows": rows,
            "overdue": sum(1 for row in rows if row.has_overdue),
            "today": today,
            "tabs": plan_tabs(request.user, "programme:plan_roadmap"),
            "breadcrumbs": programme_trail((_("Roadmap"), "")),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# ------------------------------------------------------------------ cost plan


@require_GET
def costs(request):
    require_officer(request)
    context = year_context(request)
    year = context["year"]
    plan = cost_plan(year)
    items = (
        CostItem.objects.filter(year=year)
        .select_related("measure")
        .order_by("measure__code", "category", "kind", "pk")
    )
    return render(
        request,
        "programme/plan/costs.html",
        {
            **context,
            "plan": plan,
            "totals": year_totals(year),
            "page": paginate(request, items, per_page=ITEMS_PER_PAGE),
            "tabs": plan_tabs(request.user, "programme:plan_costs"),
            "breadcrumbs": programme_trail((_("Cost plan"), "")),
        },
    )


@require_GET
def costs_export(request, kind: str):
    require_officer(request)
    year = year_context(request)["year"]
    return exports.response(
        exports.cost_plan_table(year), file_name=f"kostenplan-{year}", kind=kind
    )


def _plan_form_page(request, form, *, plan: tuple[str, str], title: str, year, status: int):
    """The form of a cost item or staff plan entry, under the plan (label, url name) it
    belongs to, shown for the item's year."""
    plan_label, plan_url_name = plan
    back_url = _with_year(plan_url_name, year)
    return render(
        request,
        "programme/plan/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "breadcrumbs": programme_trail((plan_label, back_url), (title, "")),
        },
        status=status,
    )


def _item_form_page(request, form, item=None, status=200):
    return _plan_form_page(
        request,
        form,
        plan=(_("Cost plan"), "programme:plan_costs"),
        title=_("Change the cost item") if item else _("Add a cost item"),
        year=item.year if item else _typed_year(form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def cost_new(request):
    require_officer(request)
    if request.method == "POST":
        form = CostItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.add_cost_item(actor=request.user, **form.service_fields())
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The cost item is added."))
                return redirect(_with_year("programme:plan_costs", item.year, "#items-title"))
        return _item_form_page(request, form, status=400)
    initial = {"year": request.GET.get("year") or timezone.localdate().year}
    measure = request.GET.get("measure")
    if measure:
        initial["measure"] = measure
    return _item_form_page(request, CostItemForm(initial=initial))


@require_http_methods(["GET", "POST"])
def cost_edit(request, pk):
    require_officer(request)
    item = get_object_or_404(CostItem.objects.select_related("measure"), pk=pk)
    if request.method == "POST":
        form = CostItemForm(request.POST, instance=item)
        if form.is_valid():
            # The form changed the instance in memory; the service saves from the database.
            item.refresh_from_db()
            try:
                item = services.change_cost_item(
                    actor=request.user, item=item, **form.service_fields()
                )
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The cost item is changed."))
                return redirect(_with_year("programme:plan_costs", item.year, "#items-title"))
        return _item_form_page(request, form, item, status=400)
    return _item_form_page(request, CostItemForm(instance=item), item)


@require_http_methods(["GET", "POST"])
def cost_delete(request, pk):
    require_officer(request)
    item = get_object_or_404(CostItem.objects.select_related("measure"), pk=pk)
    back = _with_year("programme:plan_costs", item.year)
    if request.method == "POST":
        services.remove_cost_item(actor=request.user, item=item)
        messages.success(request, _("The cost item is removed."))
        return redirect(back + "#items-title")
    title = _("Remove the cost item")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _(
                "“%(item)s” (%(amount)s € planned) is removed from the cost plan. "
                "The postings stay on the budget account."
            )
            % {"item": str(item), "amount": _money_text(item.planned)},
            "button": _("Remove"),
            "cancel_url": back,
            "breadcrumbs": programme_trail((_("Cost plan"), back), (title, "")),
        },
    )


def _money_text(amount) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


# ------------------------------------------------------------------ staff plan


@require_GET
def staff(request):
    require_officer(request)
    context = year_context(request)
    year = context["year"]
    years = [year - 1, year, year + 1, year + 2]
    entries = exports.staff_entries(year)
    return render(
        request,
        "programme/plan/staff.html",
        {
            **context,
            "matrix": staff_plan(years),
            "page": paginate(request, entries, per_page=ITEMS_PER_PAGE),
            "tabs": plan_tabs(request.user, "programme:plan_staff"),
            "breadcrumbs": programme_trail((_("Staff plan"), "")),
        },
    )


@require_GET
def staff_export(request, kind: str):
    require_officer(request)
    year = year_context(request)["year"]
    return exports.response(
        exports.staff_plan_table(year), file_name=f"personalplan-{year}", kind=kind
    )


def _entry_form_page(request, form, entry=None, status=200):
    return _plan_form_page(
        request,
        form,
        plan=(_("Staff plan"), "programme:plan_staff"),
        title=_("Change the staff plan entry") if entry else _("Add to the staff plan"),
        year=entry.year if entry else _typed_year(form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def staff_new(request):
    require_officer(request)
    if request.method == "POST":
        form = StaffEntryForm(request.POST)
        if form.is_valid():
            try:
                entry = services.add_staff_entry(actor=request.user, **form.service_fields())
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The staff plan entry is added."))
                return redirect(_with_year("programme:plan_staff", entry.year, "#entries-title"))
        return _entry_form_page(request, form, status=400)
    initial = {"year": request.GET.get("year") or timezone.localdate().year}
    return _entry_form_page(request, StaffEntryForm(initial=initial))


@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    require_officer(request)
    entry = get_object_or_404(StaffPlanEntry.objects.select_related("unit", "measure"), pk=pk)
    if request.method == "POST":
        form = StaffEntryForm(request.POST, instance=entry)
        if form.is_valid():
            entry.refresh_from_db()
            try:
                entry = services.change_staff_entry(
                    actor=request.user, entry=entry, **form.service_fields()
                )
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The staff plan entry is changed."))
                return redirect(_with_year("programme:plan_staff", entry.year, "#entries-title"))
        return _entry_form_page(request, form, entry, status=400)
    return _entry_form_page(request, StaffEntryForm(instance=entry), entry)


@require_http_methods(["GET", "POST"])
def staff_delete(request, pk):
    require_officer(request)
    entry = get_object_or_404(StaffPlanEntry.objects.select_related("unit", "measure"), pk=pk)
    back = _with_year("programme:plan_staff", entry.year)
    if request.method == "POST":
        services.remove_staff_entry(actor=request.user, entry=entry)
        messages.success(request, _("The staff plan entry is removed."))
        return redirect(back + "#entries-title")
    title = _("Remove the staff plan entry")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _("%(unit)s, %(year)s: %(fte)s full-time equivalents are removed.")
            % {"unit": entry.unit, "year": entry.year, "fte": _money_text(entry.fte)},
            "button": _("Remove"),
            "cancel_url": back,
            "breadcrumbs": programme_trail((_("Staff plan"), back), (title, "")),
        },
    )
