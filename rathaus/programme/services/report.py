"""The annual report (Jahresbericht): the e-Government officer creates the report of a year,
generates its figures from live data (a background job, or directly in the demo), writes the
free-text sections and publishes it. Publishing freezes the report: the web page's HTML and
the tagged PDF (PDF/UA-1) are stored, and the report can no longer be generated again or
edited, so later changes of the data do not alter it.

Publishing runs as a background job too (``start_publishing``): it renders the page and the
PDF and only then marks the report published, in one transaction. While that job waits or
runs, the report's ``job`` is it, and the report can be neither edited, generated again nor
published a second time; if it fails, the report stays a draft and can be published again.

Rendering lives here too, since publishing needs it: ``render_body`` is the report as the
web page shows it (from ``data`` and ``texts``), ``render_pdf`` the same as a PDF.
"""

import copy
import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.jobs.models import Job
from rathaus.core.pdf import html_to_pdf
from rathaus.core.templatetags.rathaus import css_string
from rathaus.core.tenancy import current_town
from rathaus.core.uploads.services import store_upload

# NotAllowed is what require_officer raises: callers catch it from here.
from ..exceptions import NotAllowed as NotAllowed
from ..exceptions import ProgrammeError
from ..models import AnnualReport
from ..report import report_data, report_language, section_title
from .common import require_officer

PDF_VARIANT = "pdf/ua-1"
PDF_MAX_BYTES = 50 * 1024 * 1024
FIRST_YEAR = 2000
# The free-text sections besides one comment per field of action, in the report's order.
TEXT_SECTIONS = ("summary", "figures", "budget", "funding", "outlook")
FIELD_TEXT_PREFIX = "field_"
TEXT_MAX_LENGTH = 20_000


class ReportExists(ProgrammeError):
    message = _("There is already an annual report for this year.")


class YearNotAllowed(ProgrammeError):
    message = _("Choose a year from 2000 up to the current year.")


class ReportPublished(ProgrammeError):
    message = _(
        "This annual report is published and frozen: it cannot be generated again or "
        "edited. Later changes of the data do not alter it."
    )


class ReportPublishing(ProgrammeError):
    message = _(
        "This annual report is being published right now. Until that job is done it cannot "
        "be edited, generated again or published again."
    )


class ReportGenerating(ProgrammeError):
    message = _(
        "The report's figures are being generated right now. Publish the report once that "
        "job is done."
    )


class ReportChanged(ProgrammeError):
    message = _(
        "The report was changed while it was being published. Check the preview and publish "
        "it again."
    )


class ReportNotGenerated(ProgrammeError):
    message = _("Generate the report's figures first; then it can be published.")


class SummaryMissing(ProgrammeError):
    message = _("Write the summary before you publish the report.")


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def field_text_key(field_id: str) -> str:
    return f"{FIELD_TEXT_PREFIX}{field_id}"


# --- the report's jobs ------------------------------------------------------------------


def is_publish_job(job: Job | None) -> bool:
    """Whether ``job`` is one that publishes a report (the report's ``job`` is either that
    or the last generation)."""
    from ..report_tasks import publish_annual_report

    return job is not None and job.task_path == publish_annual_report.module_path


def publishing_job(report: AnnualReport) -> Job | None:
    """The job publishing the report while it waits or runs; None otherwise."""
    job = report.job
    return job if is_publish_job(job) and not job.is_finished else None


def generating_job(report: AnnualReport) -> Job | None:
    """The job generating the report's figures while it waits or runs; None otherwise."""
    job = report.job
    return job if job is not None and not is_publish_job(job) and not job.is_finished else None


def publish_failed(report: AnnualReport) -> bool:
    """The last attempt to publish the draft failed (it can be published again)."""
    job = report.job
    return not report.is_published and is_publish_job(job) and job.state == Job.State.FAILED


def require_editable(report: AnnualReport, *, publishing_job_id=None) -> None:
    """Refuse to change a published report, or one a job is publishing (other than the
    job ``publishing_job_id`` itself)."""
    if report.is_published:
        raise ReportPublished
    job = publishing_job(report)
    if job is not None and str(job.pk) != str(publishing_job_id):
        raise ReportPublishing


# --- creating and generating ------------------------------------------------------------


@transaction.atomic
def create_report(*, actor, year: int) -> AnnualReport:
    """Create the draft report of ``year`` (without figures until it is generated)."""
    require_officer(actor)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise YearNotAllowed
    if AnnualReport.objects.filter(year=year).exists():
        raise ReportExists
    report = AnnualReport.objects.create(year=year)
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=report, summary="annual report")
    return report


def _start_report_job(*, actor, report: AnnualReport, task, label: str, check) -> Job:
    """Start ``task`` for the report and make it the report's job, once ``check(locked
    report)`` passes. The row is locked, so a second press waits for this one and then sees
    its job."""
    from rathaus.core.jobs.services import start_job

    require_officer(actor)
    with transaction.atomic():
        check(_lock(report))
        job = start_job(
            task=task, label=label, started_by=actor, kwargs={"report_id": str(report.pk)}
        )
        AnnualReport.objects.filter(pk=report.pk).update(job=job)
    report.job = job
    return job


def start_generation(*, actor, report: AnnualReport) -> Job:
    """Start the background job that generates the report's figures; returns the job."""
    from ..report_tasks import generate_annual_report

    return _start_report_job(
        actor=actor,
        report=report,
        task=generate_annual_report,
        label=gettext("Generate the e-Government annual report %(year)s") % {"year": report.year},
        check=require_editable,
    )


def generate_report(
    *, report: AnnualReport, actor=None, progress=None, today: datetime.date | None = None
) -> AnnualReport:
    """Gather the figures of the report's year from live data and store them; the texts
    are kept. What the job runs, and the demo directly. Refused once published, and while
    a job publishes the report."""
    require_editable(AnnualReport.objects.select_related("job").get(pk=report.pk))
    with translation.override(report_language()):
        data = report_data(report.year, today=today, progress=progress)
    with transaction.atomic():
        locked = _lock(report)
        require_editable(locked)
        locked.data = data
        locked.generated_at = timezone.now()
        locked.save(update_fields=["data", "generated_at"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=locked,
            summary="annual report generated",
            changes={"generated_at": [None, locked.generated_at.isoformat()]},
        )
    return locked


# --- texts ------------------------------------------------------------------------------


def text_fields(report: AnnualReport) -> list[dict]:
    """The fields of action the report comments on: those of its figures once generated,
    else the concept's current ones."""
    if report.data.get("fields"):
        return [{"id": f["id"], "title": f["title"]} for f in report.data["fields"]]
    from ..models import FieldOfAction

    return [
        {"id": str(field.pk), "title": field.title}
        for field in FieldOfAction.objects.order_by("position", "title")
    ]


@transaction.atomic
def save_texts(*, actor, report: AnnualReport, texts: dict) -> AnnualReport:
    """Store the officer's free-text sections (keys of ``TEXT_SECTIONS`` and one per field
    of action); sections not given are kept."""
    require_officer(actor)
    locked = _lock(report)
    require_editable(locked)
    before = snapshot(locked)
    allowed = set(TEXT_SECTIONS)
    merged = dict(locked.texts)
    for key, value in texts.items():
        if key in allowed or key.startswith(FIELD_TEXT_PREFIX):
            merged[key] = str(value or "").strip()[:TEXT_MAX_LENGTH]
    locked.texts = merged
    locked.save(update_fields=["texts"])
    record_update(actor=actor, obj=locked, before=before, summary="annual report texts")
    return locked


# --- rendering --------------------------------------------------------------------------

DATE_KEYS = ("starts_on", "ends_on", "due_on", "reached_on", "decided_on", "first", "last")


def _dates(value):
    """The stored data with its ISO dates as dates (for the ``date`` filter)."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if key in DATE_KEYS and isinstance(item, str):
                result[key] = datetime.date.fromisoformat(item)
            else:
                result[key] = _dates(item)
        return result
    if isinstance(value, list):
        return [_dates(item) for item in value]
    return value


def report_context(report: AnnualReport, *, preview: bool = False) -> dict:
    """What the report's template needs, from the stored figures and the texts."""
    data = _dates(copy.deepcopy(report.data))
    texts = report.texts or {}
    for field in data.get("fields", []):
        field["comment"] = texts.get(field_text_key(field["id"]), "")
    for figure in data.get("figures", []):
        # Drawn by charts.line_chart_svg, which escapes what it writes.
        figure["chart"] = mark_safe(figure.pop("chart_svg", ""))  # noqa: S308
    for figure in data.get("green_it", []):
        figure.pop("chart_svg", None)
    platform = data.get("platform", {})
    data["platform_sections"] = [
        {"key": key, "title": section_title(key), "figures": rows} for key, rows in platform.items()
    ]
    return {
        "report": report,
        "data": data,
        "texts": {key: texts.get(key, "") for key in TEXT_SECTIONS},
        "title": report_title(report),
        "town": current_town(),
        "preview": preview,
    }


def report_title(report: AnnualReport) -> str:
    return gettext("e-Government annual report %(year)s") % {"year": report.year}


def render_body(report: AnnualReport, *, preview: bool = False) -> str:
    """The report as the web page shows it, in the report's language."""
    with translation.override(report_language()):
        return render_to_string(
            "programme/report/_body.html", report_context(report, preview=preview)
        )


def render_pdf(report: AnnualReport, body: str) -> bytes:
    """The report as a tagged PDF (PDF/UA-1): document title and language, headings, table
    headers and the charts' titles as their alternative texts."""
    language = report_language()
    with translation.override(language):
        html = render_to_string(
            "programme/report/pdf.html",
            {
                "body": mark_safe(body),  # noqa: S308 - rendered by render_body just now
                "title": report_title(report),
                "footer": mark_safe(  # noqa: S308 - escaped for CSS
                    css_string(f"{report_title(report)} – {current_town()}")
                ),
                "town": current_town(),
                "language": language,
                "report": report,
            },
        )
    return html_to_pdf(html, variant=PDF_VARIANT)


def pdf_file_name(report: AnnualReport) -> str:
    return f"e-government-jahresbericht-{report.year}.pdf"


# --- publishing -------------------------------------------------------------------------


def _check_publishable(report: AnnualReport, *, job_id=None) -> None:
    require_editable(report, publishing_job_id=job_id)
    if not report.generated_at or not report.data:
        raise ReportNotGenerated
    if not (report.texts or {}).get("summary", "").strip():
        raise SummaryMissing


def start_publishing(*, actor, report: AnnualReport) -> Job:
    """Start the background job that publishes the report (see ``publish_report``); returns
    the job. From now until the job is done, the report cannot be changed."""
    from ..report_tasks import publish_annual_report

    def check(locked: AnnualReport) -> None:
        _check_publishable(locked)
        if generating_job(locked) is not None:
            raise ReportGenerating

    return _start_report_job(
        actor=actor,
        report=report,
        task=publish_annual_report,
        label=gettext("Publish the e-Government annual report %(year)s") % {"year": report.year},
        check=check,
    )


def publish_report(*, actor, report: AnnualReport, job_id=None, progress=None) -> AnnualReport:
    """Freeze the report: render its web page and PDF, then store them and mark the report
    published in one transaction; it is public from then on. What the publish job runs
    (``job_id`` is that job, which the check for a running publication lets through), and
    the demo directly. ``progress(done, total, message)`` is told after each step."""
    require_officer(actor)
    current = AnnualReport.objects.select_related("job").get(pk=report.pk)
    _check_publishable(current, job_id=job_id)
    # Set first: the frozen page and PDF say when they were published.
    current.published_at = timezone.now()
    current.published_by = actor
    body = render_body(current)
    if progress is not None:
        progress(1, 3, gettext("Web page rendered."))
    pdf = render_pdf(current, body)
    if progress is not None:
        progress(2, 3, gettext("PDF rendered."))
    stored = None
    try:
        with transaction.atomic():
            locked = _lock(report)
            _check_publishable(locked, job_id=job_id)
            if locked.generated_at != current.generated_at or locked.texts != current.texts:
                raise ReportChanged
            before = snapshot(locked)
            stored = store_upload(
                uploaded_file=ContentFile(pdf, name=pdf_file_name(locked)),
                kinds={"pdf"},
                max_bytes=PDF_MAX_BYTES,
                uploaded_by=actor,
                is_public=True,
            )
            locked.html = body
            locked.pdf = stored
            locked.published_at = current.published_at
            locked.published_by = actor
            locked.state = AnnualReport.State.PUBLISHED
            locked.save(update_fields=["html", "pdf", "state", "published_at", "published_by"])
            record_update(
                actor=actor,
                obj=locked,
                before=before,
                summary="annual report published",
                ignore=("html",),
            )
    except BaseException:
        # Nothing was published: the PDF written to the storage goes as well.
        if stored is not None:
            default_storage.delete(stored.storage_name)
        raise
    return locked
