"""The annual report's pages: the officer creates, generates, writes, previews and publishes;
other members of staff read; the public sees only published reports; bad input gets a clear
message and keeps what was typed. Also the open dataset of the published reports' figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.jobs.models import Job
from rathaus.core.registries import open_data_registry
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.core.tenancy import for_town
from rathaus.opendata.services.automatic import check_rows

from ..models import AnnualReport, KeyFigure, Measure
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
    MeasureFactory(
        field=field,
        code="1.1",
        title="Bewohnerparkausweis online",
        status=Measure.Status.IN_PROGRESS,
        starts_on=datetime.date(THIS_YEAR, 1, 15),
        ends_on=None,
    )
    figure = KeyFigureFactory(slug="online-anteil", title="Anteil Online-Anträge", unit="%")
    KeyFigureTargetFactory(figure=figure, year=THIS_YEAR, value=Decimal("40"))
    KeyFigureValueFactory(
        figure=figure, month=datetime.date(THIS_YEAR, 1, 1), value=Decimal("-2.5")
    )
    return field


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


def public(name, *args):
    return reverse(f"programme_public:{name}", args=args)


def publish_now(year, officer):
    report = AnnualReportFactory(year=year)
    services.generate_report(report=report, actor=officer)
    report.refresh_from_db()
    services.save_texts(actor=officer, report=report, texts={"summary": f"Das Jahr {year}."})
    return services.publish_report(actor=officer, report=report)


# --- the officer's way through ----------------------------------------------------------


def test_the_officer_creates_generates_writes_previews_and_publishes(client, officer, programme):
    sign_in_verified(client, officer)
    page = client.get(url("reports")).content.decode()
    assert "Create an annual report" in page
    assert f'<option value="{THIS_YEAR}" selected>' in page

    response = client.post(url("report_create"), {"new-year": THIS_YEAR})
    assert response.status_code == 302
    assert response["Location"] == url("report", THIS_YEAR)
    report = AnnualReport.objects.get(year=THIS_YEAR)
    assert report.state == "draft" and not report.generated_at

    response = client.post(url("report_generate", THIS_YEAR))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job_page = client.get(job.get_absolute_url()).content.decode()
    assert "100" in job_page and url("report_preview", THIS_YEAR) in job_page

    page = client.get(url("report_texts", THIS_YEAR)).content.decode()
    assert "Comment on the field of action “Online-Dienste”" in page
    field_key = services.field_text_key(str(programme.pk))
    response = client.post(
        url("report_texts", THIS_YEAR),
        {"summary": "Ein gutes Jahr für Weiterstadt.", field_key: "Der Parkausweis läuft."},
    )
    assert response.status_code == 302

    preview = client.get(url("report_preview", THIS_YEAR)).content.decode()
    assert "Preview: this report is not published yet." in preview
    assert "Ein gutes Jahr für Weiterstadt." in preview
    assert "Der Parkausweis läuft." in preview
    assert "Bewohnerparkausweis online" in preview
    assert "-2,5" in preview

    assert client.get(url("report_publish", THIS_YEAR)).status_code == 200
    response = client.post(url("report_publish", THIS_YEAR))
    publishing = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == publishing.get_absolute_url()
    assert publishing.state == Job.State.SUCCEEDED
    job_page = client.get(publishing.get_absolute_url()).content.decode()
    assert f'href="{url("report", THIS_YEAR)}"' in job_page
    report.refresh_from_db()
    assert report.is_published and report.pdf is not None

    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert public("report", THIS_YEAR) in detail
    assert public("report_pdf", THIS_YEAR) in detail
    assert url("report_generate", THIS_YEAR) not in detail


def test_the_preview_says_when_there_is_nothing_to_show(client, officer):
    AnnualReportFactory(year=THIS_YEAR)
    sign_in_verified(client, officer)
    page = client.get(url("report_preview", THIS_YEAR)).content.decode()
    assert "not generated yet" in page


def test_publishing_before_generating_is_refused_with_a_message(client, officer):
    AnnualReportFactory(year=THIS_YEAR)
    sign_in_verified(client, officer)
    response = client.post(url("report_publish", THIS_YEAR), follow=True)
    assert "Generate the report&#x27;s figures first" in response.content.decode()
    assert AnnualReport.objects.get().state == "draft"


def test_publishing_without_summary_is_refused_with_a_message(client, officer, programme):
    report = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=report, actor=officer)
    sign_in_verified(client, officer)
    response = client.post(url("report_publish", THIS_YEAR), follow=True)
    assert "Write the summary before you publish the report." in response.content.decode()


# --- while the report is being published ------------------------------------------------


@pytest.fixture
def no_worker(settings):
    """Jobs wait in the queue (no worker takes them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def ready_to_publish(officer):
    report = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=report, actor=officer)
    report.refresh_from_db()
    return services.save_texts(actor=officer, report=report, texts={"summary": "Das Jahr."})


def test_while_publishing_the_page_says_so_and_links_to_the_job(
    client, officer, colleague, programme, no_worker
):
    ready_to_publish(officer)
    sign_in_verified(client, officer)
    response = client.post(url("report_publish", THIS_YEAR))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.QUEUED

    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert 'id="report-publishing"' in detail
    assert "is being published in the background" in detail
    assert job.get_absolute_url() in detail
    for name in ("report_generate", "report_texts", "report_publish"):
        assert url(name, THIS_YEAR) not in detail
    assert client.get(public("report", THIS_YEAR)).status_code == 404

    client.logout()
    sign_in_verified(client, colleague)
    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert 'id="report-publishing"' in detail
    assert job.get_absolute_url() not in detail  # only its starter sees the job's page


def test_while_publishing_edits_and_a_second_publish_are_refused(
    client, officer, programme, no_worker
):
    ready_to_publish(officer)
    sign_in_verified(client, officer)
    client.post(url("report_publish", THIS_YEAR))
    for method, name, data in (
        ("get", "report_texts", None),
        ("post", "report_texts", {"summary": "Neu."}),
        ("post", "report_generate", None),
        ("get", "report_publish", None),
        ("post", "report_publish", None),
    ):
        response = getattr(client, method)(url(name, THIS_YEAR), data, follow=True)
        assert response.redirect_chain[-1][0] == url("report", THIS_YEAR), name
        assert "is being published right now" in response.content.decode(), name
    report = AnnualReport.objects.get()
    assert report.texts == {"summary": "Das Jahr."}
    assert report.state == "draft"
    assert Job.objects.count() == 1


def test_after_a_failed_publication_the_officer_can_publish_again(
    client, officer, programme, monkeypatch
):
    ready_to_publish(officer)
    sign_in_verified(client, officer)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint gave up")

    monkeypatch.setattr(services, "render_pdf", broken)
    response = client.post(url("report_publish", THIS_YEAR), follow=True)
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert client.get(public("report", THIS_YEAR)).status_code == 404
    assert public("report", THIS_YEAR) not in client.get(public("reports")).content.decode()

    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert 'id="report-publish-failed"' in detail
    assert job.get_absolute_url() in detail
    assert url("report_publish", THIS_YEAR) in detail

    monkeypatch.undo()
    response = client.post(url("report_publish", THIS_YEAR))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert again.state == Job.State.SUCCEEDED
    assert client.get(public("report", THIS_YEAR)).status_code == 200
    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert 'id="report-publish-failed"' not in detail


# --- bad input --------------------------------------------------------------------------


def test_a_year_that_has_a_report_is_refused_and_the_form_stays(client, officer):
    AnnualReportFactory(year=THIS_YEAR)
    sign_in_verified(client, officer)
    response = client.post(url("report_create"), {"new-year": THIS_YEAR})
    assert response.status_code == 400
    assert "Choose a year that has no annual report yet." in response.content.decode()
    assert AnnualReport.objects.count() == 1


def test_a_future_or_missing_year_is_refused(client, officer):
    sign_in_verified(client, officer)
    for value in (THIS_YEAR + 1, "", "zwanzig"):
        response = client.post(url("report_create"), {"new-year": value})
        assert response.status_code == 400
    assert AnnualReport.objects.count() == 0
    with pytest.raises(services.YearNotAllowed):
        services.create_report(actor=officer, year=THIS_YEAR + 1)
    services.create_report(actor=officer, year=THIS_YEAR)
    with pytest.raises(services.ReportExists):
        services.create_report(actor=officer, year=THIS_YEAR)


def test_a_text_too_long_is_refused_and_what_was_typed_stays(client, officer, programme):
    AnnualReportFactory(year=THIS_YEAR, texts={"summary": "Alt."})
    sign_in_verified(client, officer)
    long_text = "Weiterstadt " * 2000
    response = client.post(
        url("report_texts", THIS_YEAR), {"summary": "Neuer Anfang.", "outlook": long_text}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "A section may have at most 20000 characters" in page
    assert "Neuer Anfang." in page
    assert AnnualReport.objects.get().texts == {"summary": "Alt."}


# --- who may do what --------------------------------------------------------------------


def test_other_staff_read_the_reports_but_change_nothing(client, colleague, officer, programme):
    report = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=report, actor=officer)
    sign_in_verified(client, colleague)
    page = client.get(url("reports")).content.decode()
    assert url("report", THIS_YEAR) in page
    assert "Create an annual report" not in page
    detail = client.get(url("report", THIS_YEAR)).content.decode()
    assert url("report_generate", THIS_YEAR) not in detail
    assert client.get(url("report_preview", THIS_YEAR)).status_code == 200

    assert client.post(url("report_create"), {"new-year": THIS_YEAR - 1}).status_code == 404
    assert client.post(url("report_generate", THIS_YEAR)).status_code == 404
    assert client.get(url("report_texts", THIS_YEAR)).status_code == 404
    assert client.post(url("report_texts", THIS_YEAR), {"summary": "x"}).status_code == 404
    assert client.get(url("report_publish", THIS_YEAR)).status_code == 404
    assert client.post(url("report_publish", THIS_YEAR)).status_code == 404
    report.refresh_from_db()
    assert report.state == "draft" and report.texts == {}
    assert AnnualReport.objects.count() == 1
    assert Job.objects.count() == 0
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, actor_id=str(colleague.pk)
    ).exists()


def test_the_services_refuse_anyone_but_the_officer(colleague, officer, programme):
    report = AnnualReportFactory(year=THIS_YEAR)
    for call in (
        lambda: services.create_report(actor=colleague, year=THIS_YEAR - 1),
        lambda: services.start_generation(actor=colleague, report=report),
        lambda: services.save_texts(actor=colleague, report=report, texts={"summary": "x"}),
        lambda: services.publish_report(actor=colleague, report=report),
        lambda: services.start_publishing(actor=colleague, report=report),
    ):
        with pytest.raises(services.NotAllowed):
            call()


def test_citizens_and_visitors_do_not_reach_the_staff_pages(client, citizen, officer):
    AnnualReportFactory(year=THIS_YEAR)
    for name in ("reports",):
        assert client.get(url(name)).status_code in (302, 404)
    assert client.get(url("report", THIS_YEAR)).status_code in (302, 404)
    client.force_login(citizen)
    assert client.get(url("reports")).status_code in (302, 404)
    assert client.get(url("report_preview", THIS_YEAR)).status_code in (302, 404)


# --- the public -------------------------------------------------------------------------


def test_the_public_sees_published_reports_only(client, officer, programme):
    publish_now(THIS_YEAR - 1, officer)
    draft = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=draft, actor=officer)

    page = client.get(public("reports")).content.decode()
    assert public("report", THIS_YEAR - 1) in page
    assert public("report_pdf", THIS_YEAR - 1) in page
    assert public("report", THIS_YEAR) not in page

    report_page = client.get(public("report", THIS_YEAR - 1)).content.decode()
    assert f"Das Jahr {THIS_YEAR - 1}." in report_page
    assert public("report_pdf", THIS_YEAR - 1) in report_page
    assert public("report_csv", THIS_YEAR - 1) in report_page

    for name in ("report", "report_pdf", "report_csv"):
        assert client.get(public(name, THIS_YEAR)).status_code == 404
        assert client.get(public(name, THIS_YEAR - 5)).status_code == 404


def test_the_public_page_has_no_staff_preview_notes(client, officer, programme):
    publish_now(THIS_YEAR, officer)
    page = client.get(public("report", THIS_YEAR)).content.decode()
    assert "This note is not part of the published report" not in page
    assert "Preview" not in page


def test_the_figures_come_as_csv(client, officer, programme):
    publish_now(THIS_YEAR, officer)
    response = client.get(public("report_csv", THIS_YEAR))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "year,section,key,key_figure,unit,value,target"
    assert f"{THIS_YEAR},key_figures,online-anteil,Anteil Online-Anträge,%,-2.50,40.00" in lines


# --- open data --------------------------------------------------------------------------


def build(town):
    return open_data_registry.get("programme.annual_report_figures").build(town)


def test_the_open_dataset_has_the_published_reports_figures_only(town, officer, programme):
    assert build(town) == []
    draft = AnnualReportFactory(year=THIS_YEAR)
    services.generate_report(report=draft, actor=officer)
    assert build(town) == []

    publish_now(THIS_YEAR - 1, officer)
    rows = build(town)
    assert rows, "the published report's figures"
    assert {row["year"] for row in rows} == {THIS_YEAR - 1}
    checked, columns = check_rows(rows)
    assert columns == [
        "year",
        "section",
        "key",
        "key_figure",
        "unit",
        "value",
        "target",
        "meets_target",
    ]
    sections = {row["section"] for row in rows}
    assert {"key_figures", "participation", "opendata", "training", "budget"} <= sections
    share = next(row for row in rows if row["key"] == "online-anteil")
    assert share["key_figure"] == "Anteil Online-Anträge"
    assert share["unit"] == "%"
    # The report of last year: the January value of this year is not in it.
    assert share["value"] is None
    assert share["target"] is None


def test_the_open_dataset_keeps_what_was_published(town, officer, programme):
    publish_now(THIS_YEAR, officer)
    before = build(town)
    KeyFigureValueFactory(
        figure=KeyFigure.objects.get(slug="online-anteil"),
        month=datetime.date(THIS_YEAR, 2, 1),
        value=Decimal("77"),
    )
    assert build(town) == before
    share = next(row for row in before if row["key"] == "online-anteil")
    assert share["value"] == Decimal("-2.50")
    assert share["target"] == Decimal("40.00")
    assert share["meets_target"] is False


# --- lists ------------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_however_many_reports(client, officer):
    sign_in_verified(client, officer)
    publish_now(THIS_YEAR - 1, officer)
    few = (_queries(client, url("reports")), _queries(client, public("reports")))
    for year in (THIS_YEAR - 2, THIS_YEAR - 3):
        publish_now(year, officer)
    AnnualReportFactory(year=THIS_YEAR)
    many = (_queries(client, url("reports")), _queries(client, public("reports")))
    assert many == few


def test_another_towns_report_stays_there(client, town, other_town):
    with for_town(other_town):
        AnnualReportFactory(
            year=THIS_YEAR - 1,
            state=AnnualReport.State.PUBLISHED,
            html="<article><h1>Bericht der Musterstadt</h1></article>",
            published_at=timezone.now(),
        )
    assert "Musterstadt" not in client.get(public("reports")).content.decode()
    assert client.get(public("report", THIS_YEAR - 1)).status_code == 404
    assert build(town) == []
