"""Key-figure pages under /staff/programm/kennzahlen/: the list of figures with their value
and target of a year, a figure's page with its monthly values as chart and table, and the
officer's forms (definition, targets, manual values with evidence). Every member of staff
reads them; the e-Government officer writes. Writes go through ``services.figures``."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.responses import serve_stored_file

from . import figures
from .charts import line_chart_svg
from .exceptions import ProgrammeError
from .forms_figures import FigureForm, TargetForm, ValueForm, YearForm
from .models import KeyFigure, KeyFigureTarget, KeyFigureValue
from .permissions import can_read_programme, is_officer
from .services import figures as services
from .trail import programme_trail

FIGURES_PER_PAGE = 25
YEAR_PARAM = "jahr"
TARGET_PREFIX = "target"
VALUE_PREFIX = "entry"


def _trail(*more):
    return programme_trail((_("Key figures"), reverse("programme:figures")), *more)


def _figure_crumb(figure):
    return (figure.title, reverse("programme:figure", args=[figure.slug]))


def _require_reader(request) -> None:
    require(can_read_programme(request.user), actor=request.user, summary="programme figures")


def _require_officer(request, figure=None) -> None:
    require(
        is_officer(request.user),
        actor=request.user,
        obj=figure,
        summary="programme figures: not the e-Government officer",
    )


def _figure(slug) -> KeyFigure:
    return get_object_or_404(KeyFigure, slug=slug)


def _years(today: datetime.date, *more: int) -> list[int]:
    """The years a page offers: two back and one ahead of this year, and any with data."""
    return sorted({*range(today.year - 2, today.year + 2), *more}, reverse=True)


def _year(request, years: list[int], today: datetime.date) -> tuple[int, YearForm]:
    form = YearForm(request.GET if YEAR_PARAM in request.GET else None, years=years)
    year = form.cleaned_data[YEAR_PARAM] if form.is_bound and form.is_valid() else today.year
    if not form.is_bound or not form.is_valid():
        form = YearForm(initial={YEAR_PARAM: year}, years=years)
    return year, form


# --- List -----------------------------------------------------------------------------------


@require_GET
def figure_list(request):
    _require_reader(request)
    today = timezone.localdate()
    year, year_form = _year(request, _years(today), today)
    page = paginate(request, KeyFigure.objects.all(), per_page=FIGURES_PER_PAGE)
    return render(
        request,
        "programme/figures/list.html",
        {
            "page": page,
            "rows": figures.statuses(page.object_list, year, today=today),
            "year": year,
            "year_form": year_form,
            "is_current_year": year == today.year,
            "is_officer": is_officer(request.user),
            "breadcrumbs": programme_trail((_("Key figures"), "")),
        },
    )


# --- Definition -----------------------------------------------------------------------------


def _form_page(request, form, figure=None, status=200):
    title = _("Change the key figure") if figure else _("Define a key figure")
    trail = _trail(_figure_crumb(figure), (title, "")) if figure else _trail((title, ""))
    return render(
        request,
        "programme/figures/form.html",
        {"form": form, "figure": figure, "title": title, "breadcrumbs": trail},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def figure_new(request):
    _require_officer(request)
    form = FigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            figure = services.create_figure(actor=request.user, **form.service_fields())
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The key figure is defined. Set its targets now."))
            return redirect("programme:figure", slug=figure.slug)
    return _form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def figure_edit(request, slug):
    figure = _figure(slug)
    _require_officer(request, figure)
    form = FigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_figure(actor=request.user, figure=figure, **form.service_fields())
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("programme:figure", slug=figure.slug)
    return _form_page(request, form, figure, status=400 if form.is_bound else 200)


def _what_goes_with(figure: KeyFigure) -> list[str]:
    details = []
    values = figure.values.count()
    if values:
        details.append(
            ngettext(
                "%(count)s recorded monthly value, with its evidence",
                "%(count)s recorded monthly values, with their evidence",
                values,
            )
            % {"count": values}
        )
    targets = figure.targets.count()
    if targets:
        details.append(
            ngettext("%(count)s target", "%(count)s targets", targets) % {"count": targets}
        )
    measures = [str(measure) for measure in figure.measures.order_by("code")]
    if measures:
        details.append(
            _("The link from these measures: %(measures)s") % {"measures": ", ".join(measures)}
        )
    return details


@require_http_methods(["GET", "POST"])
def figure_delete(request, slug):
    figure = _figure(slug)
    _require_officer(request, figure)
    if request.method == "POST":
        services.delete_figure(actor=request.user, figure=figure)
        messages.success(request, _("The key figure is deleted."))
        return redirect("programme:figures")
    title = _("Delete the key figure")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _(
                "“%(title)s” is deleted, and with it what follows. Published annual reports "
                "keep it. The audit trail keeps a record."
            )
            % {"title": figure.title},
            "details": _what_goes_with(figure),
            "button": _("Delete"),
            "cancel_url": reverse("programme:figure", args=[figure.slug]),
            "breadcrumbs": _trail(_figure_crumb(figure), (title, "")),
        },
    )


# --- A figure's page ------------------------------------------------------------------------


def _month_rows(figure, year, target, today):
    """The rows of the table under the chart: month, value, verdict, evidence."""
    values = figures.monthly_values(figure, year, today=today)
    provisional = figures.provisional_month(figure, year, today=today)
    entries = {
        entry.month: entry
        for entry in KeyFigureValue.objects.filter(
            figure=figure,
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, 12, 1),
        ).select_related("recorded_by", "evidence_file")
    }
    rows = []
    for month, value in values:
        meets = figures.meets_target(figure, value, target)
        entry = None if month == provisional else entries.get(month)
        rows.append(
            {
                "month": month,
                "label": date_format(month, "F Y"),
                "short_label": date_format(month, "M"),
                "value": value,
                "value_text": figures.format_value(value, figure.unit) if value is not None else "",
                "provisional": month == provisional,
                "future": month > figures.month_start(today),
                "meets": meets,
                "status_text": figures.target_status(meets) if target is not None else "",
                "entry": entry,
            }
        )
    return rows


def _detail_page(request, figure, *, target_form=None, value_form=None, status=200):
    today = timezone.localdate()
    targets = list(KeyFigureTarget.objects.filter(figure=figure).order_by("-year"))
    year, year_form = _year(request, _years(today, *(t.year for t in targets)), today)
    target = next((t.value for t in targets if t.year == year), None)
    rows = _month_rows(figure, year, target, today)
    chart = line_chart_svg(
        title=_("%(figure)s: monthly values %(year)s") % {"figure": figure.title, "year": year},
        unit=figure.unit,
        points=[(row["short_label"], row["value"]) for row in rows],
        target=target,
    )
    officer = is_officer(request.user)
    entry = figures.registry_entry(figure.registry_key) if figure.is_computed else None
    value = figures.value_for_year(figure, year, today=today)
    meets = figures.meets_target(figure, value, target)
    if officer and not figure.is_computed and value_form is None:
        value_form = ValueForm(
            today=today, initial={"month": figures.previous_month(today)}, prefix=VALUE_PREFIX
        )
    if officer and target_form is None:
        target_form = TargetForm(initial={"year": today.year}, prefix=TARGET_PREFIX)
    return render(
        request,
        "programme/figures/detail.html",
        {
            "figure": figure,
            "year": year,
            "year_form": year_form,
            "is_current_year": year == today.year,
            "registry_entry": entry,
            "registry_label": figures.registry_label(figure.registry_key),
            "value_text": figures.format_value(value, figure.unit),
            "target_text": figures.format_value(target, figure.unit) if target is not None else "",
            "status_text": figures.target_status(meets),
            "targets": [
                {"year": t.year, "text": figures.format_value(t.value, figure.unit)}
                for t in targets
            ],
            "chart": chart,
            "rows": rows,
            "has_provisional": any(row["provisional"] for row in rows),
            "is_officer": officer,
            "target_form": target_form,
            "value_form": value_form,
            # The form sent, if any: the page title then begins with "Error:".
            "form": next((f for f in (target_form, value_form) if f and f.is_bound), None),
            "breadcrumbs": _trail((figure.title, "")),
        },
        status=status,
    )


@require_GET
def figure_detail(request, slug):
    _require_reader(request)
    return _detail_page(request, _figure(slug))


@require_POST
def figure_target(request, slug):
    figure = _figure(slug)
    _require_officer(request, figure)
    form = TargetForm(request.POST, prefix=TARGET_PREFIX)
    if form.is_valid():
        year, value = form.cleaned_data["year"], form.cleaned_data["value"]
        try:
            services.set_target(actor=request.user, figure=figure, year=year, value=value)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            if value is None:
                message = _("The target of %(year)s is removed.") % {"year": year}
            else:
                message = _("The target of %(year)s is saved.") % {"year": year}
            messages.success(request, message)
            return redirect(f"{reverse('programme:figure', args=[slug])}?{YEAR_PARAM}={year}")
    return _detail_page(request, figure, target_form=form, status=400)


@require_POST
def figure_value(request, slug):
    figure = _figure(slug)
    _require_officer(request, figure)
    if figure.is_computed:
        raise Http404
    today = timezone.localdate()
    form = ValueForm(request.POST, request.FILES, today=today, prefix=VALUE_PREFIX)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_value(
                actor=request.user,
                figure=figure,
                month=data["month"],
                value=data["value"],
                evidence=data["evidence"],
                evidence_upload=data["evidence_file"],
                today=today,
            )
        except UploadError as error:
            form.add_error("evidence_file", error.message)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The value of %(month)s is recorded.")
                % {"month": date_format(data["month"], "F Y")},
            )
            return redirect(
                f"{reverse('programme:figure', args=[slug])}?{YEAR_PARAM}={data['month'].year}"
            )
    return _detail_page(request, figure, value_form=form, status=400)


@require_GET
def evidence_file(request, pk):
    """An evidence file of a manual figure's value, for the town's staff."""
    _require_reader(request)
    if not KeyFigureValue.objects.filter(evidence_file_id=pk).exists():
        raise Http404
    stored_file = get_object_or_404(StoredFile, pk=pk)
    return serve_stored_file(request, stored_file, inline=stored_file.is_image)
