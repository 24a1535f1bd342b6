"""Pages of the annual report (Jahresbericht).

Staff (under /staff/programm/jahresbericht/): the list of reports and each report's page;
every member of staff reads them and the preview, the e-Government officer creates a
report, starts its generation (a background job), writes its texts and publishes it (a
background job too: the officer follows it on the job's page).
The public (under /egovernment/): the published reports, each as its frozen web page and
PDF, with its figures as CSV; drafts answer 404.
"""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.accounts.permissions import require
from rathaus.core.pagination import paginate
from rathaus.core.uploads.responses import serve_stored_file

from .exceptions import NotAllowed, ProgrammeError
from .forms_report import ReportCreateForm, ReportTextsForm
from .models import AnnualReport
from .open_data import figure_rows
from .permissions import can_read_programme, is_officer
from .services import report as services
from .trail import programme_trail

REPORTS_PER_PAGE = 20
# A cell a spreadsheet would take for a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- staff ------------------------------------------------------------------------------


def _require_reader(request) -> None:
    require(can_read_programme(request.user), actor=request.user, summary="annual reports")


def _require_officer(request, report=None) -> None:
    require(is_officer(request.user), actor=request.user, obj=report, summary="annual report")


def _report(year: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.select_related("job", "pdf"), year=year)


def _trail(*items: tuple[str, str]) -> list[dict]:
    return programme_trail((_("Annual reports"), reverse("programme:reports")), *items)


def _report_crumb(report: AnnualReport) -> tuple[str, str]:
    return (str(report.year), reverse("programme:report", args=[report.year]))


def _list_page(request, *, form=None, status=200):
    page = paginate(
        request,
        AnnualReport.objects.select_related("published_by").order_by("-year"),
        REPORTS_PER_PAGE,
    )
    officer = is_officer(request.user)
    return render(
        request,
        "programme/report/list.html",
        {
            "page": page,
            "may_edit": officer,
            "form": form or (ReportCreateForm() if officer else None),
            "breadcrumbs": _trail((_("Annual reports"), "")),
        },
        status=status,
    )


@require_GET
def report_list(request):
    _require_reader(request)
    return _list_page(request)


@require_POST
def report_create(request):
    _require_officer(request)
    form = ReportCreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.create_report(actor=request.user, year=form.cleaned_data["year"])
        except NotAllowed:
            require(False, actor=request.user, summary="annual report: create")
        except ProgrammeError as error:
            form.add_error("year", error.message)
        else:
            messages.success(
                request,
                _("The annual report %(year)s is created. Generate its figures next.")
                % {"year": report.year},
            )
            return redirect("programme:report", report.year)
    return _list_page(request, form=form, status=400)


def _text_sections(report: AnnualReport) -> list[dict]:
    """Which sections have a text yet (for the report's page)."""
    from .forms_report import TEXT_LABELS

    texts = report.texts or {}
    sections = [{"label": TEXT_LABELS["summary"][0], "written": bool(texts.get("summary"))}]
    for field in services.text_fields(report):
        sections.append(
            {
                "label": _("Comment on the field of action “%(title)s”")
                % {"title": field["title"]},
                "written": bool(texts.get(services.field_text_key(field["id"]))),
            }
        )
    for key in ("figures", "budget", "funding", "outlook"):
        sections.append({"label": TEXT_LABELS[key][0], "written": bool(texts.get(key))})
    return sections


@require_GET
def report_detail(request, year):
    _require_reader(request)
    report = _report(year)
    is_publish_job = services.is_publish_job(report.job)
    return render(
        request,
        "programme/report/detail.html",
        {
            "report": report,
            "title": services.report_title(report),
            "may_edit": is_officer(request.user),
            "sections": _text_sections(report),
            "job_is_mine": report.job is not None and report.job.started_by_id == request.user.pk,
            "is_publish_job": is_publish_job,
            "publishing": services.publishing_job(report) is not None,
            "publish_failed": services.publish_failed(report),
            "breadcrumbs": _trail((str(report.year), "")),
        },
    )


def _refused(request, report: AnnualReport):
    """Back to the report's page with the reason, if it cannot be changed now."""
    try:
        services.require_editable(report)
    except ProgrammeError as error:
        messages.error(request, error.message)
        return redirect("programme:report", report.year)
    return None


@require_POST
def report_generate(request, year):
    report = _report(year)
    _require_officer(request, report)
    try:
        job = services.start_generation(actor=request.user, report=report)
    except NotAllowed:
        require(False, actor=request.user, obj=report, summary="annual report: generate")
    except ProgrammeError as error:
        messages.error(request, error.message)
        return redirect("programme:report", report.year)
    return redirect(job)


@require_http_methods(["GET", "POST"])
def report_texts(request, year):
    report = _report(year)
    _require_officer(request, report)
    if refused := _refused(request, report):
        return refused
    fields_of_action = services.text_fields(report)
    if request.method == "POST":
        form = ReportTextsForm(request.POST, fields_of_action=fields_of_action)
        if form.is_valid():
            try:
                services.save_texts(actor=request.user, report=report, texts=form.cleaned_data)
            except NotAllowed:
                require(False, actor=request.user, obj=report, summary="annual report: texts")
            except ProgrammeError as error:
                messages.error(request, error.message)
                return redirect("programme:report", report.year)
            messages.success(request, _("The texts are saved."))
            return redirect("programme:report", report.year)
        status = 400
    else:
        form = ReportTextsForm(initial=report.texts, fields_of_action=fields_of_action)
        status = 200
    return render(
        request,
        "programme/report/texts.html",
        {
            "report": report,
            "form": form,
            "title": _("Texts of the annual report %(year)s") % {"year": report.year},
            "breadcrumbs": _trail(_report_crumb(report), (_("Texts"), "")),
        },
        status=status,
    )


@require_GET
def report_preview(request, year):
    _require_reader(request)
    report = _report(year)
    if report.is_published:
        body = mark_safe(report.html)  # noqa: S308 - rendered by us when it was published
    elif report.generated_at:
        body = mark_safe(services.render_body(report, preview=True))  # noqa: S308
    else:
        body = ""
    return render(
        request,
        "programme/report/preview.html",
        {
            "report": report,
            "body": body,
            "title": services.report_title(report),
            "may_edit": is_officer(request.user),
            "breadcrumbs": _trail(_report_crumb(report), (_("Preview"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
def report_publish(request, year):
    report = _report(year)
    _require_officer(request, report)
    if request.method == "POST":
        try:
            job = services.start_publishing(actor=request.user, report=report)
        except NotAllowed:
            require(False, actor=request.user, obj=report, summary="annual report: publish")
        except ProgrammeError as error:
            messages.error(request, error.message)
            return redirect("programme:report", report.year)
        return redirect(job)
    if refused := _refused(request, report):
        return refused
    return render(
        request,
        "programme/report/publish.html",
        {
            "report": report,
            "title": _("Publish the annual report %(year)s") % {"year": report.year},
            "breadcrumbs": _trail(_report_crumb(report), (_("Publish"), "")),
        },
    )


# --- public -----------------------------------------------------------------------------


def _public_trail(*items: dict) -> list[dict]:
    return [
        {"label": _("e-Government annual reports"), "url": reverse("programme_public:reports")},
        *items,
    ]


def _published(year: int) -> AnnualReport:
    report = AnnualReport.objects.filter(year=year, state=AnnualReport.State.PUBLISHED)
    return get_object_or_404(report.select_related("pdf"))


@require_GET
def public_list(request):
    reports = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("pdf")
    return render(
        request,
        "programme/report/public_list.html",
        {"page": paginate(request, reports.order_by("-year"), REPORTS_PER_PAGE)},
    )


@require_GET
def public_report(request, year):
    report = _published(year)
    return render(
        request,
        "programme/report/public_report.html",
        {
            "report": report,
            "body": mark_safe(report.html),  # noqa: S308 - rendered by us when it was published
            "title": services.report_title(report),
            "breadcrumbs": _public_trail({"label": str(report.year), "url": ""}),
        },
    )


@require_GET
def public_pdf(request, year):
    report = _published(year)
    if report.pdf is None:
        raise Http404
    return serve_stored_file(request, report.pdf, public=True)


def safe_cell(value) -> str:
    """Text a spreadsheet would take for a formula gets a leading quote; numbers stay."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@require_GET
def public_csv(request, year):
    """The published report's key figures as CSV (UTF-8 with a byte order mark)."""
    report = _published(year)
    rows = figure_rows(report)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    columns = ["year", "section", "key", "key_figure", "unit", "value", "target"]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row[column]) for column in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="e-government-jahresbericht-{report.year}-kennzahlen.csv"'
    )
    return response
