"""Generating, writing and publishing the annual report: the job with its progress keeps the
texts; publishing freezes the web page, the data and an accessible PDF (text layer, title,
language, tags; its pages render), after which nothing changes it any more."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from rathaus.core.audit.models import AuditEntry
from rathaus.core.jobs.models import Job
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import open_stored

from ..models import AnnualReport, Measure
from ..services import report as services
from .factories import (
    THIS_YEAR,
    AnnualReportFactory,
    FieldOfActionFactory,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    KeyFigureValueFactory,
    MeasureFactory,
)


@pytest.fixture
def programme():
    field = FieldOfActionFactory(slug="online-dienste", title="Online-Dienste")
    measure = MeasureFactory(
        field=field,
        code="1.1",
        title="Bewohnerparkausweis online",
        status=Measure.Status.IN_PROGRESS,
        starts_on=datetime.date(THIS_YEAR, 1, 15),
        ends_on=datetime.date(THIS_YEAR + 1, 6, 30),
    )
    figure = KeyFigureFactory(slug="online-anteil", title="Anteil Online-Anträge", unit="%")
    KeyFigureTargetFactory(figure=figure, year=THIS_YEAR, value=Decimal("40"))
    KeyFigureValueFactory(
        figure=figure, month=datetime.date(THIS_YEAR, 1, 1), value=Decimal("31.5")
    )
    return {"field": field, "measure": measure, "figure": figure}


@pytest.fixture
def report(programme):
    return AnnualReportFactory(year=THIS_YEAR)


def generated(report, officer):
    job = services.start_generation(actor=officer, report=report)
    report.refresh_from_db()
    return report, job


def written(report, officer):
    return services.save_texts(
        actor=officer,
        report=report,
        texts={
            "summary": "Weiterstadt hat 2026 viel erreicht.\n\nDer Parkausweis ist online.",
            "outlook": "Im nächsten Jahr folgt die E-Akte.",
            services.field_text_key(str(report.data["fields"][0]["id"])): "Gute Fortschritte.",
        },
    )


def published_by_job(report, officer):
    job = services.start_publishing(actor=officer, report=report)
    report.refresh_from_db()
    job.refresh_from_db()
    return report, job


@pytest.fixture
def published(report, officer):
    report, _job = generated(report, officer)
    report = written(report, officer)
    report, _job = published_by_job(report, officer)
    return report


@pytest.fixture
def no_worker(settings):
    """Jobs wait in the queue (no worker takes them) until a test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run_queued(task, job, report):
    """What a worker does with the queued job."""
    task.call(job_id=str(job.pk), report_id=str(report.pk))
    job.refresh_from_db()
    report.refresh_from_db()


# --- generating -------------------------------------------------------------------------


def test_generating_runs_as_a_job_with_progress_and_stores_the_figures(report, officer):
    report, job = generated(report, officer)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.started_by == officer
    assert job.total >= 7 and job.done == job.total
    assert job.result_url == reverse("programme:report_preview", args=[THIS_YEAR])
    assert report.job == job
    assert report.generated_at is not None
    assert report.data["year"] == THIS_YEAR
    assert report.data["fields"][0]["measures"][0]["title"] == "Bewohnerparkausweis online"
    assert AuditEntry.objects.filter(
        object_id=str(report.pk), summary="annual report generated"
    ).exists()


def test_the_job_reports_each_step(report, officer, monkeypatch):
    seen = []
    from rathaus.core.jobs import services as job_services

    original = job_services.report_progress

    def spy(job_id, *, done, total, message=""):
        seen.append((done, total))
        original(job_id, done=done, total=total, message=message)

    monkeypatch.setattr("rathaus.programme.report_tasks.report_progress", spy)
    generated(report, officer)
    totals = {total for _done, total in seen[1:]}
    assert len(totals) == 1
    assert [done for done, _total in seen[1:]] == list(range(1, totals.pop() + 1))


def test_generating_again_keeps_the_texts_and_takes_new_data(report, officer, programme):
    report, _job = generated(report, officer)
    report = written(report, officer)
    programme["measure"].title = "Parkausweis digital"
    programme["measure"].save()
    report, _job = generated(report, officer)
    assert report.texts["summary"].startswith("Weiterstadt hat 2026")
    assert report.data["fields"][0]["measures"][0]["title"] == "Parkausweis digital"


def article_of(page: str) -> str:
    """The report itself (the page around it carries a fresh CSRF token each time)."""
    return page[page.index("<article") : page.index("</article>")]


# --- publishing -------------------------------------------------------------------------


def test_a_report_without_figures_cannot_be_published(report, officer):
    with pytest.raises(services.ReportNotGenerated):
        services.publish_report(actor=officer, report=report)


def test_a_report_without_summary_cannot_be_published(report, officer):
    report, _job = generated(report, officer)
    with pytest.raises(services.SummaryMissing):
        services.publish_report(actor=officer, report=report)


def test_publishing_stores_page_pdf_and_who_published(published, officer):
    assert published.is_published
    assert published.published_by == officer
    assert published.published_at is not None
    assert "Bewohnerparkausweis online" in published.html
    assert "Der Parkausweis ist online." in published.html
    assert published.pdf is not None
    assert published.pdf.content_type == "application/pdf"
    assert AuditEntry.objects.filter(
        object_id=str(published.pk), summary="annual report published"
    ).exists()


def test_publishing_runs_as_a_job_that_leads_to_the_published_report(report, officer):
    report, _job = generated(report, officer)
    report = written(report, officer)
    report, job = published_by_job(report, officer)
    assert job.state == Job.State.SUCCEEDED
    assert job.started_by == officer
    assert job.total == job.done == 3
    assert job.result_url == reverse("programme:report", args=[THIS_YEAR])
    assert report.job == job
    assert report.is_published and report.published_by == officer
    assert report.pdf is not None and "Bewohnerparkausweis online" in report.html


def test_while_the_publish_job_waits_nobody_changes_the_report_or_sees_it(
    report, officer, client, no_worker
):
    from ..report_tasks import publish_annual_report

    report, _job = generated_now(report, officer)
    report = written(report, officer)
    job = services.start_publishing(actor=officer, report=report)
    report.refresh_from_db()
    assert job.state == Job.State.QUEUED and report.job == job
    assert report.state == AnnualReport.State.DRAFT

    for call in (
        lambda: services.start_publishing(actor=officer, report=report),
        lambda: services.publish_report(actor=officer, report=report),
        lambda: services.start_generation(actor=officer, report=report),
        lambda: services.generate_report(report=report, actor=officer),
        lambda: services.save_texts(actor=officer, report=report, texts={"summary": "Neu"}),
    ):
        with pytest.raises(services.ReportPublishing):
            call()
    assert Job.objects.count() == 1
    for name in ("report", "report_pdf", "report_csv"):
        assert client.get(reverse(f"programme_public:{name}", args=[THIS_YEAR])).status_code == 404
    assert f"/{THIS_YEAR}/" not in client.get(reverse("programme_public:reports")).content.decode()

    # The worker takes the job: only now is the report published, with the texts as they were.
    run_queued(publish_annual_report, job, report)
    assert job.state == Job.State.SUCCEEDED
    assert job.result_url == reverse("programme:report", args=[THIS_YEAR])
    assert report.is_published and report.published_by == officer
    assert "Der Parkausweis ist online." in report.html
    assert client.get(reverse("programme_public:report", args=[THIS_YEAR])).status_code == 200


def generated_now(report, officer):
    """Generated directly (the jobs wait in the queue in these tests)."""
    return services.generate_report(report=report, actor=officer), None


def test_publishing_waits_for_a_generation_still_running(report, officer, no_worker):
    report, _job = generated_now(report, officer)
    report = written(report, officer)
    services.start_generation(actor=officer, report=report)
    report.refresh_from_db()
    with pytest.raises(services.ReportGenerating):
        services.start_publishing(actor=officer, report=report)
    assert Job.objects.count() == 1
    assert not AnnualReport.objects.get().is_published


def test_a_failed_publication_leaves_a_draft_that_can_be_published_again(
    report, officer, client, monkeypatch
):
    report, _job = generated(report, officer)
    report = written(report, officer)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint gave up")

    monkeypatch.setattr(services, "render_pdf", broken)
    report, job = published_by_job(report, officer)
    assert job.state == Job.State.FAILED
    assert report.job == job
    assert report.state == AnnualReport.State.DRAFT
    assert report.html == "" and report.pdf is None
    assert report.published_at is None and report.published_by is None
    assert StoredFile.objects.count() == 0
    assert client.get(reverse("programme_public:report", args=[THIS_YEAR])).status_code == 404
    assert not AuditEntry.objects.filter(summary="annual report published").exists()
    assert services.publish_failed(report)

    # Texts can be corrected and the report published again.
    services.save_texts(actor=officer, report=report, texts={"outlook": "Neuer Ausblick."})
    monkeypatch.undo()
    report, job = published_by_job(report, officer)
    assert job.state == Job.State.SUCCEEDED
    assert report.is_published and "Neuer Ausblick." in report.html
    assert client.get(reverse("programme_public:report", args=[THIS_YEAR])).status_code == 200


def test_a_failure_after_storing_the_pdf_removes_it_again(report, officer, monkeypatch):
    from django.core.files.storage import default_storage

    report, _job = generated(report, officer)
    report = written(report, officer)
    stored = []
    original = services.store_upload

    def keep(**kwargs):
        stored.append(original(**kwargs))
        return stored[-1]

    def broken(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(services, "store_upload", keep)
    monkeypatch.setattr(services, "record_update", broken)
    report, job = published_by_job(report, officer)
    assert job.state == Job.State.FAILED
    assert not report.is_published and report.pdf is None
    assert len(stored) == 1
    assert not default_storage.exists(stored[0].storage_name)
    assert StoredFile.objects.count() == 0


def test_a_report_changed_while_rendering_is_not_published(report, officer, monkeypatch):
    report, _job = generated(report, officer)
    report = written(report, officer)
    original = services.render_pdf
    changes = []

    def meanwhile(report_, body):
        # A change that came past the checks (say, straight in the database).
        changes.append(f"Anders, zum {len(changes) + 1}. Mal.")
        AnnualReport.objects.filter(pk=report_.pk).update(texts={"summary": changes[-1]})
        return original(report_, body)

    monkeypatch.setattr(services, "render_pdf", meanwhile)
    with pytest.raises(services.ReportChanged):
        services.publish_report(actor=officer, report=report)
    report, job = published_by_job(report, officer)
    assert job.state == Job.State.FAILED
    assert not report.is_published and report.pdf is None
    assert StoredFile.objects.count() == 0

    monkeypatch.undo()
    report, job = published_by_job(report, officer)
    assert report.is_published and "Anders, zum 2. Mal." in report.html


def test_later_changes_of_the_data_do_not_alter_the_published_report(
    client,
    published,
    programme,
):
    url = reverse("programme_public:report", args=[THIS_YEAR])
    page_before = article_of(client.get(url).content.decode())
    data_before = published.data
    html_before = published.html
    pdf_before = published.pdf.sha256

    programme["measure"].title = "Umbenannte Maßnahme"
    programme["measure"].status = Measure.Status.STOPPED
    programme["measure"].save()
    KeyFigureValueFactory(
        figure=programme["figure"], month=datetime.date(THIS_YEAR, 2, 1), value=Decimal("99")
    )
    MeasureFactory(
        field=programme["field"],
        code="1.9",
        title="Ganz neue Maßnahme",
        status=Measure.Status.IN_PROGRESS,
        starts_on=None,
        ends_on=None,
    )

    published.refresh_from_db()
    assert published.data == data_before
    assert published.html == html_before
    assert published.pdf.sha256 == pdf_before
    page_after = article_of(client.get(url).content.decode())
    assert page_after == page_before
    assert "Bewohnerparkausweis online" in page_after
    assert "Umbenannte Maßnahme" not in page_after
    assert "Ganz neue Maßnahme" not in page_after


def test_a_published_report_cannot_be_generated_again_or_edited(published, officer):
    with pytest.raises(services.ReportPublished):
        services.start_generation(actor=officer, report=published)
    with pytest.raises(services.ReportPublished):
        services.generate_report(report=published, actor=officer)
    with pytest.raises(services.ReportPublished):
        services.save_texts(actor=officer, report=published, texts={"summary": "Neu"})
    with pytest.raises(services.ReportPublished):
        services.publish_report(actor=officer, report=published)
    with pytest.raises(services.ReportPublished):
        services.start_publishing(actor=officer, report=published)
    published.refresh_from_db()
    assert published.texts["summary"].startswith("Weiterstadt hat 2026")


def test_the_officer_is_told_clearly_when_the_report_is_frozen(client, published, officer):
    sign_in_verified(client, officer)
    response = client.post(reverse("programme:report_generate", args=[THIS_YEAR]), follow=True)
    assert "published and frozen" in response.content.decode()
    response = client.get(reverse("programme:report_texts", args=[THIS_YEAR]), follow=True)
    assert "published and frozen" in response.content.decode()
    response = client.post(
        reverse("programme:report_texts", args=[THIS_YEAR]), {"summary": "Neu"}, follow=True
    )
    assert "published and frozen" in response.content.decode()
    published.refresh_from_db()
    assert published.texts["summary"] != "Neu"
    assert Job.objects.count() == 2  # only the generation and the publication


# --- the PDF ----------------------------------------------------------------------------


def pdf_of(report) -> bytes:
    with open_stored(report.pdf) as handle:
        return handle.read()


def test_the_pdf_has_a_text_layer_title_language_and_tags(published):
    data = pdf_of(published)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    with translation.override("de"):
        title = services.report_title(published)
    assert title in text
    assert "Bewohnerparkausweis online" in text
    assert "Der Parkausweis ist online." in text
    assert title in reader.metadata.title
    assert "Weiterstadt" in reader.metadata.title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def _structure_tags(reader) -> list[str]:
    tags = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "keys"):
            if "/S" in node:
                tags.append((str(node["/S"]), str(node.get("/Alt", ""))))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object") or isinstance(kid, dict):
                        walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return tags


def test_the_pdf_has_headings_table_headers_and_alt_texts_for_charts(published):
    reader = PdfReader(io.BytesIO(pdf_of(published)))
    tags = _structure_tags(reader)
    names = [name for name, _alt in tags]
    assert "/H1" in names and "/H2" in names and "/H3" in names
    assert "/Table" in names and "/TH" in names
    figures = [alt for name, alt in tags if name == "/Figure"]
    assert figures and all(figures), "every chart needs its alternative text"
    assert any("Anteil Online-Anträge" in alt for alt in figures)


def test_the_pdf_pages_render_as_images(published, tmp_path):
    data = pdf_of(published)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    source = tmp_path / "bericht.pdf"
    source.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", "40", str(source), str(tmp_path / "page")],  # noqa: S607
            check=True,
            timeout=120,
        )
        images = sorted(tmp_path.glob("page*.png"))
    else:
        pdfium = pytest.importorskip("pypdfium2", reason="needs pdftoppm or pypdfium2")
        document = pdfium.PdfDocument(data)
        images = []
        for number, page in enumerate(document, 1):
            path = tmp_path / f"page-{number}.png"
            page.render(scale=0.5).to_pil().save(path)
            images.append(path)
    assert len(images) == pages >= 2
    for image in images:
        content = image.read_bytes()
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(content) > 1000


def test_the_pdf_is_served_to_everyone_once_published(client, published):
    response = client.get(reverse("programme_public:report_pdf", args=[THIS_YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "e-government-jahresbericht" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_report_is_rendered_in_the_towns_language(published):
    assert '<html lang="de">' not in published.html  # a fragment, embedded in the page
    assert 'id="report-title"' in published.html
    assert "31,5" in published.html  # German decimal comma
    assert AnnualReport.objects.get(pk=published.pk).state == "published"


def test_the_officers_texts_are_shown_as_text_never_as_markup(report, officer, client):
    report, _job = generated(report, officer)
    services.save_texts(
        actor=officer,
        report=report,
        texts={"summary": 'Ein <script>alert("x")</script> Jahr & mehr'},
    )
    report.refresh_from_db()
    preview = services.render_body(report, preview=True)
    assert "<script>" not in preview and "&lt;script&gt;" in preview
    published, _job = published_by_job(report, officer)
    assert "<script>" not in published.html and "&lt;script&gt;" in published.html
    page = client.get(reverse("programme_public:report", args=[published.year]))
    assert b"<script>alert" not in page.content


def test_a_publish_job_whose_worker_was_lost_frees_the_report(report, officer, no_worker):
    from rathaus.core.jobs.services import fail_stalled_jobs

    report, _job = generated_now(report, officer)
    report = written(report, officer)
    job = services.start_publishing(actor=officer, report=report)
    # A worker took the job and was killed: it shows "running" and holds the report.
    started = timezone.now() - datetime.timedelta(hours=3)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=started)
    report.refresh_from_db()
    with pytest.raises(services.ReportPublishing):
        services.start_publishing(actor=officer, report=report)

    assert fail_stalled_jobs() == 1
    report.refresh_from_db()
    assert services.publish_failed(report)
    again = services.start_publishing(actor=officer, report=report)
    assert again != job and Job.objects.get(pk=again.pk).state == Job.State.QUEUED
