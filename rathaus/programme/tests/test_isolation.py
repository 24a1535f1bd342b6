"""Nothing of one town's programme reaches another town's host. Every page of the programme,
the expert group and the public reports with an object of town A in its URL is requested on
town B's host, by a visitor and by B's staff holding every town-wide role (e-Government
officer and expert-group member included); the answer refuses and shows nothing of A. B's
own lists show nothing of A either."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.core.tests.isolation import HOST_B, assert_refused, pages, staff_of_town_b
from rathaus.core.uploads.services import store_upload

from .factories import (
    AnnualReportFactory,
    BestPracticeFactory,
    BudgetAccountFactory,
    BudgetAllocationFactory,
    CostItemFactory,
    DecisionFactory,
    ExpertGroupMemberFactory,
    FieldOfActionFactory,
    FundingApplicationFactory,
    FundingProgrammeFactory,
    GroupDocumentFactory,
    GroupTaskFactory,
    KeyFigureFactory,
    KeyFigureValueFactory,
    MeasureFactory,
    MeetingFactory,
    MilestoneFactory,
    PostingFactory,
    RiskFactory,
    StaffPlanEntryFactory,
    pdf_upload,
)

MARK = "Lindenhof"
NAMESPACES = ("programme:", "expert_group:", "programme_public:")
REPORT_YEAR = 2025


@pytest.fixture
def town_a_programme(officer, colleague):
    field = FieldOfActionFactory(slug="feld-lindenhof", title=f"Feld {MARK}")
    measure = MeasureFactory(field=field, title=f"Maßnahme {MARK}")
    figure = KeyFigureFactory(slug="kennzahl-lindenhof", title=f"Kennzahl {MARK}")
    evidence = store_upload(
        uploaded_file=pdf_upload(f"{MARK}.pdf"), kinds={"pdf"}, uploaded_by=officer
    )
    value = KeyFigureValueFactory(
        figure=figure, month=datetime.date(2026, 1, 1), evidence=MARK, evidence_file=evidence
    )
    account = BudgetAccountFactory(title=f"Konto {MARK}")
    programme = FundingProgrammeFactory(name=f"Programm {MARK}")
    member = ExpertGroupMemberFactory(person=colleague, organisation=f"Verein {MARK}")
    meeting = MeetingFactory(title=f"Sitzung {MARK}")
    decision = DecisionFactory(meeting=meeting, text=f"Beschluss {MARK}")
    document = GroupDocumentFactory(meeting=meeting, title=f"Unterlage {MARK}")
    AnnualReportFactory(
        year=REPORT_YEAR, state="published", html=f"<p>{MARK}</p>", data={"mark": MARK}
    )
    pk_of = {
        "budget_delete": BudgetAllocationFactory(account=account).pk,
        "budget_posting_edit": PostingFactory(account=account, text=MARK).pk,
        "budget_posting_delete": None,  # the posting above
        "figure_evidence": value.pk,
        "funding_application_edit": FundingApplicationFactory(
            programme=programme, measure=measure, reporting_duties=MARK
        ).pk,
        "practice": BestPracticeFactory(municipality=MARK).pk,
        "plan_cost": CostItemFactory(measure=measure, description=MARK).pk,
        "plan_staff": StaffPlanEntryFactory(measure=measure, note=MARK).pk,
        "member": member.pk,
        "meeting": meeting.pk,
        "decision_new": meeting.pk,
        "document_new": meeting.pk,
        "document": document.pk,
        "task_new": decision.pk,
        "task": GroupTaskFactory(decision=decision, title=f"Aufgabe {MARK}").pk,
        "budget": account.pk,
        "funding": programme.pk,
    }
    pk_of["budget_posting_delete"] = pk_of["budget_posting_edit"]
    values = {
        "measure_id": measure.pk,
        "milestone_id": MilestoneFactory(measure=measure, title=MARK).pk,
        "risk_id": RiskFactory(measure=measure, description=MARK).pk,
        "kind": "csv",
        "year": REPORT_YEAR,
        "field_slug": field.slug,
        "figure_slug": figure.slug,
    }
    return values, pk_of


def _pk_for(name: str, pk_of: dict):
    """The object a page's ``pk`` names: its own entry, or its family's (``plan_cost_edit``
    → ``plan_cost``, ``budget_account_edit`` → ``budget``)."""
    short = name.split(":", 1)[1]
    for key in sorted(pk_of, key=len, reverse=True):
        if short == key or short.startswith(key + "_"):
            return pk_of[key]
    raise KeyError(name)


def object_pages(town_a_programme) -> dict[str, dict]:
    values, pk_of = town_a_programme
    found = {}
    for name, keys in pages(NAMESPACES).items():
        if not keys - {"kind"}:
            continue  # B's own lists and exports: test_town_b_lists_show_nothing_of_town_a
        kwargs = {}
        for key in keys:
            if key == "pk":
                kwargs["pk"] = _pk_for(name, pk_of)
            elif key == "slug":
                prefix = "figure" if name.startswith("programme:figure") else "field"
                kwargs["slug"] = values[f"{prefix}_slug"]
            else:
                kwargs[key] = values[key]
        found[name] = kwargs
    return found


def test_no_page_of_town_b_leads_to_town_a_programme(town_a_programme, other_town):
    found = object_pages(town_a_programme)
    assert {
        "programme:measure",
        "programme:field",
        "programme:figure",
        "programme:figure_evidence",
        "programme:budget_account",
        "programme:funding_detail",
        "programme:report",
        "expert_group:meeting",
        "expert_group:document",
        "programme_public:report",
        "programme_public:report_pdf",
    } <= found.keys()
    visitor = Client(HTTP_HOST=HOST_B)
    staff = staff_of_town_b(other_town)
    for name, kwargs in found.items():
        url = reverse(name, kwargs=kwargs)
        assert_refused(visitor, url, f"{name} (visitor)", MARK)
        assert_refused(staff, url, f"{name} (staff of B)", MARK)


def test_town_b_lists_show_nothing_of_town_a(town_a_programme, other_town):
    staff = staff_of_town_b(other_town)
    visitor = Client(HTTP_HOST=HOST_B)
    lists = [
        reverse(name, kwargs={"kind": kind} if keys else {})
        for name, keys in pages(NAMESPACES).items()
        if not keys - {"kind"}
        for kind in (("csv", "xlsx") if keys else (None,))
    ]
    assert reverse("programme:dashboard") in lists and "/egovernment/" in lists
    for url in lists:
        for who, client in (("staff of B", staff), ("visitor", visitor)):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARK.encode() not in body, f"{url} ({who}) shows town A"
