"""The e-Government annual report in a real browser (German, as the officer and the public
see it).

On the demo's programme (concept, plan, key figures, funding) with this year's report as a
draft with her texts, the e-Government officer generates the figures again, follows the
job, opens the preview, and publishes: a job as well, whose page leads back to the report.
The public list then shows the report; its page is the frozen report with charts and their
tables, and links the PDF, which has a text layer. While no worker has run the publishing
job yet, the report's page says so and the public does not see the report. Every page
passes axe-core (see conftest.py).
"""

import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from helpers import sign_in, staff_member
from pypdf import PdfReader

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.programme import demo_concept, demo_figures, demo_funding, demo_plan, demo_report
from rathaus.programme.models import AnnualReport
from rathaus.programme.report_tasks import publish_annual_report
from rathaus.programme.services import report as services
from rathaus.programme.tests.factories import (
    AnnualReportFactory,
    FieldOfActionFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.browser

REPORTS = "/staff/programm/jahresbericht/"
UNIT_CODES = ("1", "10", "20", "32", "33", "60", "60.1", "60.2", "67")


@pytest.fixture
def officer():
    officer = staff_member(demo_concept.EGOV, "Sabine", "Krüger", (Role.EGOV_OFFICER, None))
    units = {code: UnitFactory(code=code, name=f"Amt {code}") for code in UNIT_CODES}
    people = {demo_concept.EGOV: officer}
    for module in (demo_concept, demo_plan, demo_figures, demo_funding, demo_report):
        module.load(units=units, people=people)
    return officer


def test_the_officer_generates_previews_and_publishes_the_demo_years_report(page, visit, officer):
    year = timezone.localdate().year
    report = AnnualReport.objects.get(year=year)
    assert report.state == "draft" and report.texts["summary"]
    main = page.locator("main")

    sign_in(page, visit, officer, REPORTS)
    main.locator(f"a[href='{REPORTS}{year}/']").click()
    page.wait_for_url(re.compile(rf"/jahresbericht/{year}/$"))

    # Generate again: a background job whose page shows the progress and the result.
    main.locator(f"form[action='{REPORTS}{year}/erzeugen/'] button").click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    assert "100" in main.locator("progress").get_attribute("value")
    main.locator(f"a[href='{REPORTS}{year}/vorschau/']").click()
    page.wait_for_url(re.compile(rf"/jahresbericht/{year}/vorschau/$"))

    # The preview: the officer's texts beside the live figures, charts with tables.
    text = main.inner_text()
    assert f"{year} war für die Digitalisierung" in text
    assert "E-Akte im Bauamt einführen" in text
    assert main.locator("svg[role=img] title").count() >= 1
    assert main.locator("table caption").count() >= 5

    # Publishing is a background job too: its page leads to the published report.
    visit(f"{REPORTS}{year}/veroeffentlichen/")
    main.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    assert "100" in main.locator("progress").get_attribute("value")
    assert "ist veröffentlicht" in main.inner_text()
    main.locator(f"a[href='{REPORTS}{year}/']").click()
    page.wait_for_url(re.compile(rf"/jahresbericht/{year}/$"))
    assert main.locator(f"a[href='/egovernment/jahresbericht/{year}/']").count() == 1
    report.refresh_from_db()
    assert report.is_published and report.pdf is not None

    # The public: the list, the frozen page, and the PDF it links.
    page.context.clear_cookies()
    visit("/egovernment/")
    main.locator(f"a[href='/egovernment/jahresbericht/{year}/']").click()
    page.wait_for_url(re.compile(rf"/egovernment/jahresbericht/{year}/$"))
    assert f"{year} war für die Digitalisierung" in main.inner_text()
    assert main.locator("h1").count() == 1
    pdf_link = main.locator(f"a[href='/egovernment/jahresbericht/{year}/bericht.pdf']")
    assert pdf_link.count() == 1
    with page.expect_download() as download:
        pdf_link.click()
    pdf = PdfReader(download.value.path())
    content = " ".join(page_.extract_text() for page_ in pdf.pages)
    assert "E-Akte im Bauamt einführen" in content
    assert pdf.trailer["/Root"]["/Lang"] == "de"


def test_while_no_worker_has_published_it_yet_the_report_waits_as_a_draft(page, visit, settings):
    """Publishing waits for a worker: the report's page says so and links the job, the
    public does not see the report; once the worker ran the job, its page leads to the
    published report."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    officer = staff_member(demo_concept.EGOV, "Sabine", "Krüger", (Role.EGOV_OFFICER, None))
    year = timezone.localdate().year
    MeasureFactory(field=FieldOfActionFactory(title="Online-Dienste"), title="Parkausweis online")
    report = AnnualReportFactory(year=year)
    services.generate_report(report=report, actor=officer)
    services.save_texts(actor=officer, report=report, texts={"summary": "Ein gutes Jahr."})
    main = page.locator("main")

    sign_in(page, visit, officer, f"{REPORTS}{year}/veroeffentlichen/")
    main.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    job_url = urlparse(page.url).path
    assert main.locator("progress").get_attribute("value") == "0"

    visit(f"{REPORTS}{year}/")
    assert main.locator("#report-publishing").count() == 1
    assert main.locator(f"a[href='{REPORTS}{year}/veroeffentlichen/']").count() == 0
    assert main.locator(f"a[href='{REPORTS}{year}/texte/']").count() == 0
    response = page.request.get(f"/egovernment/jahresbericht/{year}/")
    assert response.status == 404

    # A worker takes the job; its page (which follows the job) then leads to the report.
    main.locator(f"#report-publishing a[href='{job_url}']").click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    publish_annual_report.call(job_id=job_url.split("/")[-2], report_id=str(report.pk))
    result = main.locator(f"a[href='{REPORTS}{year}/']")
    result.wait_for()
    assert main.locator("progress").get_attribute("value") == "100"
    result.click()
    page.wait_for_url(re.compile(rf"/jahresbericht/{year}/$"))
    assert main.locator(f"a[href='/egovernment/jahresbericht/{year}/']").count() == 1
    assert page.request.get(f"/egovernment/jahresbericht/{year}/").status == 200
