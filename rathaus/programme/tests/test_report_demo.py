"""The demo's annual report: this year's report as a generated draft with the officer's texts,
on top of the demo's concept, plan, key figures and funding; loading twice changes nothing
and keeps what the officer changed; it can be previewed and published."""

import pytest
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory

from .. import demo_concept, demo_figures, demo_funding, demo_plan, demo_report
from ..models import AnnualReport, FieldOfAction
from ..services import report as services

UNIT_CODES = ("1", "10", "20", "32", "33", "60", "60.1", "60.2", "67")


@pytest.fixture
def demo():
    units = {code: UnitFactory(code=code, name=f"Amt {code}") for code in UNIT_CODES}
    people = {}
    for email in (
        demo_concept.EGOV,
        demo_concept.ADMINISTRATOR,
        demo_concept.LEAD_60,
        demo_concept.DPO,
        demo_concept.TRAINING_ADMIN,
        "jonas.weber@weiterstadt.example",
    ):
        people[email] = StaffFactory(email=email)
    RoleAssignmentFactory(user=people[demo_concept.EGOV], role=Role.EGOV_OFFICER, unit=None)
    for module in (demo_concept, demo_plan, demo_figures, demo_funding):
        module.load(units=units, people=people)
    return units, people


def test_the_demo_report_is_a_generated_draft_with_texts(demo):
    units, people = demo
    created = demo_report.load(units=units, people=people)
    assert created == 1
    report = AnnualReport.objects.get()
    assert report.year == timezone.localdate().year
    assert report.state == "draft"
    assert report.generated_at is not None
    assert len(report.data["fields"]) == 8
    assert report.data["figures"]
    assert report.data["green_it"], "the demo's CO2 and printing figures"
    assert report.texts["summary"].startswith(f"{report.year} war für die Digitalisierung")
    for field in FieldOfAction.objects.all():
        assert report.texts[services.field_text_key(str(field.pk))]
    for key in services.TEXT_SECTIONS:
        assert report.texts[key]


def test_loading_again_changes_nothing_and_keeps_the_officers_edits(demo):
    units, people = demo
    demo_report.load(units=units, people=people)
    report = AnnualReport.objects.get()
    services.save_texts(
        actor=people[demo_concept.EGOV], report=report, texts={"summary": "Eigene Fassung."}
    )
    generated_at = AnnualReport.objects.get().generated_at

    assert demo_report.load(units=units, people=people) == 0
    report = AnnualReport.objects.get()
    assert report.texts["summary"] == "Eigene Fassung."
    assert report.generated_at == generated_at


def test_the_demo_report_renders_and_can_be_published(demo):
    units, people = demo
    demo_report.load(units=units, people=people)
    report = AnnualReport.objects.get()
    body = services.render_body(report, preview=True)
    assert "Bewohnerparkausweis online" in body
    assert "E-Akte im Bauamt einführen" in body
    published = services.publish_report(actor=people[demo_concept.EGOV], report=report)
    assert published.is_published and published.pdf.size > 10_000
    # A published report is left alone by the demo.
    assert demo_report.load(units=units, people=people) == 0
    assert AnnualReport.objects.get().is_published
