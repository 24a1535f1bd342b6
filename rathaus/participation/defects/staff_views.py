"""Staff pages of the defect reporter: the queue, a report's workflow, and the
town's set-up (categories and their questions, streets, boundary, settings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rathaus.core.accounts.models import Unit
from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.exceptions import UserFacingError

from . import forms, querysets
from .models import CategoryAttribute, DefectCategory, DefectSettings, ReportUpdate, Status, Street
from .services import administration, workflow


def _crumbs(*items):
    return [{"label": _("Defect reports"), "url": reverse("defects_staff:queue")}, *items]


def _require_staff(user) -> None:
    if not getattr(user, "is_town_staff", False) or not (
        is_administrator(user) or unit_ids_of(user)
    ):
        raise Http404


def _require_admin(user) -> None:
    if not administration.may_administer(user):
        raise Http404


@login_required
def queue(request):
    _require_staff(request.user)
    categories = list(DefectCategory.objects.all())
    units = (
        Unit.objects.all()
        if is_administrator(request.user)
        else Unit.objects.filter(pk__in=unit_ids_of(request.user))
    )
    form = forms.ReportFilterForm(
        request.GET or None,
        categories=categories,
        units=units,
        statuses=[("offen", _("All open")), *Status.choices],
    )
    reports = querysets.staff_reports(request.user)
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        if status == "offen":
            reports = reports.filter(status__in=querysets.OPEN_STATUSES)
        elif status:
            reports = reports.filter(status=status)
        code = form.cleaned_data["category"]
        if code:
            reports = reports.filter(category__code=code)
        if form.cleaned_data["unit"]:
            reports = reports.filter(unit_id=form.cleaned_data["unit"])
    elif not form.is_bound:
        reports = reports.filter(status__in=querysets.OPEN_STATUSES)
    reports = reports.select_related("category", "unit").order_by("-created_at")
    return render(
        request,
        "defects/staff/queue.html",
        {
            "form": form,
            "page": querysets.paginate_capped(request, reports),
            "may_administer": administration.may_administer(request.user),
            "breadcrumbs": _crumbs()[:0],
        },
    )


def _report_for(user, number):
    _require_staff(user)
    report = get_object_or_404(
        querysets.staff_reports(user).select_related(
            "category", "unit", "photo", "duplicate_of", "reporter"
        ),
        number=number,
    )
    return report


def _report_page(request, report, status_form=None, reassign_form=None, status=200):
    others = DefectCategory.objects.filter(is_active=True).exclude(pk=report.category_id)
    return render(
        request,
        "defects/staff/report.html",
        {
            "report": report,
            "history": ReportUpdate.objects.filter(report=report).select_related("author"),
            "answers": querysets.answers_of(report),
            "status_form": status_form or forms.StatusForm(statuses=workflow.next_statuses(report)),
            "reassign_form": reassign_form
            or forms.ReassignForm(categories=others.select_related("unit")),
            "may_reassign": report.status in querysets.OPEN_STATUSES,
            "breadcrumbs": _crumbs(
                {"label": _("Report no. %(number)s") % {"number": report.number}}
            ),
        },
        status=status,
    )


@login_required
def report(request, number):
    return _report_page(request, _report_for(request.user, number))


@login_required
@require_POST
def change_status(request, number):
    found = _report_for(request.user, number)
    form = forms.StatusForm(request.POST, statuses=workflow.next_statuses(found))
    if form.is_valid():
        try:
            workflow.change_status(
                actor=request.user,
                report=found,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_at=form.cleaned_data["expected_at"],
                duplicate_of_number=form.cleaned_data["duplicate_of"],
            )
        except UserFacingError as error:
            field = {
                "DateRequired": "expected_at",
                "DuplicateTargetInvalid": "duplicate_of",
            }.get(type(error).__name__)
            form.add_error(field, error.message)
        else:
            messages.success(request, _("The report's status is changed; followers are told."))
            return redirect("defects_staff:report", number=found.number)
    return _report_page(request, found, status_form=form, status=400)


@login_required
@require_POST
def reassign(request, number):
    found = _report_for(request.user, number)
    others = DefectCategory.objects.filter(is_active=True).exclude(pk=found.category_id)
    form = forms.ReassignForm(request.POST, categories=others.select_related("unit"))
    if form.is_valid():
        category = others.get(code=form.cleaned_data["category"])
        try:
            workflow.reassign(
                actor=request.user, report=found, category=category, note=form.cleaned_data["note"]
            )
        except UserFacingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The report is passed on to %(unit)s.")
                % {"unit": category.unit or category.name},
            )
            if workflow.may_handle(request.user, found):
                return redirect("defects_staff:report", number=found.number)
            return redirect("defects_staff:queue")
    return _report_page(request, found, reassign_form=form, status=400)


# ------------------------------------------------------------------ set-up


@login_required
def categories(request):
    _require_admin(request.user)
    return render(
        request,
        "defects/staff/categories.html",
        {
            "categories": DefectCategory.objects.select_related("unit"),
            "breadcrumbs": _crumbs({"label": _("Categories")}),
        },
    )


@login_required
def category_edit(request, code=None):
    _require_admin(request.user)
    category = get_object_or_404(DefectCategory, code=code) if code else None
    form = forms.CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        saved = administration.save_category(actor=request.user, category=form.instance)
        messages.success(request, _("The category is saved."))
        return redirect("defects_staff:category_edit", code=saved.code)
    return render(
        request,
        "defects/staff/category_form.html",
        {
            "form": form,
            "category": category,
            "attributes": CategoryAttribute.objects.filter(category=category) if category else [],
            "breadcrumbs": _crumbs(
                {"label": _("Categories"), "url": reverse("defects_staff:categories")},
                {"label": category.name if category else _("New category")},
            ),
        },
    )


@login_required
def attribute_edit(request, code, pk=None):
    _require_admin(request.user)
    category = get_object_or_404(DefectCategory, code=code)
    attribute = get_object_or_404(CategoryAttribute, category=category, pk=pk) if pk else None
    form = forms.AttributeForm(request.POST or None, instance=attribute, category=category)
    if request.method == "POST":
        if request.POST.get("delete") and attribute is not None:
            administration.delete_attribute(actor=request.user, attribute=attribute)
            messages.success(request, _("The question is deleted."))
            return redirect("defects_staff:category_edit", code=category.code)
        if form.is_valid():
            administration.save_attribute(actor=request.user, attribute=form.instance)
            messages.success(request, _("The question is saved."))
            return redirect("defects_staff:category_edit", code=category.code)
    return render(
        request,
        "defects/staff/attribute_form.html",
        {
            "form": form,
            "category": category,
            "attribute": attribute,
            "breadcrumbs": _crumbs(
                {"label": _("Categories"), "url": reverse("defects_staff:categories")},
                {
                    "label": category.name,
                    "url": reverse("defects_staff:category_edit", args=[category.code]),
                },
                {"label": _("Question")},
            ),
        },
    )


@login_required
def streets(request):
    _require_admin(request.user)
    form = forms.StreetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            form.add_error("file", _("The file is too large (at most 2 MB)."))
        else:
            try:
                created, updated = administration.import_streets(
                    actor=request.user, data=upload.read()
                )
            except UserFacingError as error:
                form.add_error("file", error.message)
            else:
                messages.success(
                    request,
                    _("%(created)s streets added, %(updated)s updated.")
                    % {"created": created, "updated": updated},
                )
                return redirect("defects_staff:streets")
    return render(
        request,
        "defects/staff/streets.html",
        {
            "form": form,
            "page": querysets.paginate_capped(request, Street.objects.all(), per_page=50),
            "breadcrumbs": _crumbs({"label": _("Street directory")}),
        },
    )


@login_required
def boundary(request):
    _require_admin(request.user)
    current = DefectSettings.objects.first()
    import json

    initial = json.dumps(current.boundary, indent=1) if current and current.boundary else ""
    form = forms.BoundaryForm(request.POST or None, initial={"geojson": initial})
    if request.method == "POST" and form.is_valid():
        try:
            administration.set_boundary(actor=request.user, text=form.cleaned_data["geojson"])
        except UserFacingError as error:
            form.add_error("geojson", error.message)
        else:
            messages.success(request, _("The town boundary is saved."))
            return redirect("defects_staff:boundary")
    return render(
        request,
        "defects/staff/boundary.html",
        {"form": form, "breadcrumbs": _crumbs({"label": _("Town boundary")})},
    )


@login_required
def settings_page(request):
    _require_admin(request.user)
    form = forms.SettingsForm(request.POST or None, instance=administration.settings_for_edit())
    if request.method == "POST" and form.is_valid():
        administration.save_settings(actor=request.user, settings=form.instance)
        messages.success(request, _("The settings are saved."))
        return redirect("defects_staff:settings")
    return render(
        request,
        "defects/staff/settings.html",
        {"form": form, "breadcrumbs": _crumbs({"label": _("Settings")})},
    )
