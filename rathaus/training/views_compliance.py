"""The compliance view: completion rates per course and unit, and (for training admins and
unit leads) the status of each person they may see in each course, with filters, a CSV
export of the same, and assigning a course by hand. The e-Government officer sees rates
only; everyone else gets 404."""

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.pagination import paginate
from rathaus.core.staff.views.common import breadcrumbs

from . import compliance
from .exceptions import NotAllowed, TrainingError
from .forms_compliance import AssignForm, FilterForm
from .permissions import can_see_compliance, can_see_names
from .services.assignments import assign_by_hand

PEOPLE_PER_PAGE = 25
# A cell a spreadsheet would take for a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _require_viewer(request) -> None:
    require(can_see_compliance(request.user), actor=request.user, summary="training compliance")


def _filter_form(request) -> FilterForm:
    names = can_see_names(request.user)
    return FilterForm(request.GET or None, viewer=request.user, show_overdue=names)


def _page(request, *, assign_form=None, status=200):
    viewer = request.user
    form = _filter_form(request)
    filters = form.filters()
    summary = compliance.overview(viewer, filters)
    names = can_see_names(viewer)
    rows, page = [], None
    if names:
        page = paginate(
            request, compliance.sorted_people(viewer, filters), per_page=PEOPLE_PER_PAGE
        )
        rows = compliance.person_rows(list(page.object_list), summary.courses)
    return render(
        request,
        "training/compliance/overview.html",
        {
            "form": form,
            "summary": summary,
            "may_see_names": names,
            "page": page,
            "rows": rows,
            "assign_form": assign_form or (AssignForm(viewer=viewer) if names else None),
            "csv_query": request.GET.urlencode(),
            "breadcrumbs": breadcrumbs((_("Training overview"), "")),
        },
        status=status,
    )


@require_GET
def overview(request):
    _require_viewer(request)
    return _page(request)


@require_POST
def assign(request):
    _require_viewer(request)
    require(can_see_names(request.user), actor=request.user, summary="training: assign")
    form = AssignForm(request.POST, viewer=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assign_by_hand(
                actor=request.user,
                person=data["person"],
                course=data["course"],
                due_on=data["due_on"],
            )
        except NotAllowed:
            require(False, actor=request.user, summary="training: assign")
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("“%(course)s” is assigned to %(person)s, due on %(date)s.")
                % {
                    "course": data["course"].title,
                    "person": data["person"].get_full_name() or data["person"].email,
                    "date": data["due_on"].strftime("%d.%m.%Y"),
                },
            )
            return redirect(reverse("training:compliance") + "#assign-title")
    return _page(request, assign_form=form, status=400)


def safe_cell(value) -> str:
    """The value as text; one a spreadsheet would read as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _date(value) -> str:
    return value.isoformat() if value else ""


def _people_rows(viewer, filters):
    courses = compliance.compliance_courses()
    if filters.course is not None:
        courses = courses.filter(pk=filters.course.pk)
    courses = list(courses)
    yield [
        _("Name"),
        _("E-mail address"),
        _("Units"),
        _("Course"),
        _("Status"),
        _("Due on"),
        _("Completed on"),
        _("Valid until"),
    ]
    people = compliance.sorted_people(viewer, filters)
    for row in compliance.person_rows(people, courses):
        units = ", ".join(str(unit) for unit in row.units)
        for course, cell in zip(courses, row.cells, strict=True):
            yield [
                row.name,
                row.person.email,
                units,
                course.title,
                cell.label,
                _date(cell.due_on),
                _date(cell.completed_on),
                _date(cell.valid_until),
            ]


def _rate_rows(summary):
    yield [_("Unit"), _("Course"), _("Assigned"), _("Completed"), _("Rate (%)"), _("Overdue")]
    for course, rate in summary.course_rates:
        yield [
            _("All units"),
            course.title,
            rate.assigned,
            rate.completed,
            rate.percent,
            rate.overdue,
        ]
    for row in summary.unit_rows:
        for course, rate in zip(summary.courses, row.rates, strict=True):
            yield [
                str(row.unit),
                course.title,
                rate.assigned,
                rate.completed,
                rate.percent,
                rate.overdue,
            ]


@require_GET
def overview_csv(request):
    """What the page shows, as CSV: per person and course for those who may see names,
    else the rates. UTF-8 with a byte order mark, so that spreadsheets read the umlauts."""
    _require_viewer(request)
    viewer = request.user
    filters = _filter_form(request).filters()
    if can_see_names(viewer):
        rows, name = _people_rows(viewer, filters), "schulungen-personen"
        # Individual results leave the system: the trail says who took them.
        record(action=AuditEntry.Action.VIEW, actor=viewer, summary="training results exported")
    else:
        rows, name = _rate_rows(compliance.overview(viewer, filters)), "schulungen-quoten"
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    )
    return response
