"""The demo's funding catalogue, best practices and expert group: real programmes with their
sources, matched to the demo concept's measures, one granted application with a reporting
duty, and an expert group whose pages work; loading twice changes nothing."""

import re

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.staff.tests.conftest import sign_in_verified

from .. import demo_concept, demo_funding
from ..models import (
    BestPractice,
    ExpertGroupMember,
    FundingApplication,
    FundingProgramme,
    GroupDocument,
    GroupTask,
    Meeting,
)

URL = re.compile(r"https?://\S+")


@pytest.fixture
def people():
    officer = StaffFactory(email=demo_funding.OFFICER, given_name="Sabine", family_name="Krüger")
    RoleAssignmentFactory(user=officer, role=Role.EGOV_OFFICER, unit=None)
    expert = StaffFactory(email=demo_funding.EXPERT_STAFF, given_name="Jonas", family_name="Weber")
    RoleAssignmentFactory(user=expert, role=Role.EXPERT_GROUP, unit=None)
    dpo = StaffFactory(email=demo_funding.DPO, given_name="Petra", family_name="Schneider")
    return {person.email: person for person in (officer, expert, dpo)}


@pytest.fixture
def loaded(people):
    demo_concept.load(units={}, people=people)
    return demo_funding.load(units={}, people=people)


def test_every_demo_programme_and_practice_names_its_source(loaded):
    programmes = list(FundingProgramme.objects.all())
    assert 4 <= len(programmes) <= 6
    assert {p.level for p in programmes} >= {"eu", "federal", "land"}
    for programme in programmes:
        assert URL.search(programme.source), programme.name
        assert "29.11.2026" in programme.source, programme.name
    practices = list(BestPractice.objects.all())
    assert 3 <= len(practices) <= 5
    assert any("Darmstadt" in practice.municipality for practice in practices)
    for practice in practices:
        assert URL.search(practice.source) and "29.11.2026" in practice.source


def test_demo_programmes_are_matched_to_the_concepts_measures(loaded):
    smart = FundingProgramme.objects.get(name=demo_funding.SMARTE_KOMMUNEN)
    assert "3.1" in set(smart.measures.values_list("code", flat=True))
    fulda = BestPractice.objects.get(municipality__startswith="Landkreis Fulda")
    assert set(fulda.fields.values_list("slug", flat=True)) >= {"e-akte"}


def test_one_demo_application_is_granted_with_a_reporting_duty(loaded):
    granted = FundingApplication.objects.get(status="granted")
    assert granted.amount_granted <= granted.amount_requested
    assert granted.reporting_duties and granted.next_report_due
    assert granted.measure.code == "3.1"


def test_the_demo_expert_group_has_members_meetings_and_an_overdue_task(loaded, people):
    members = ExpertGroupMember.objects.filter(left_on__isnull=True)
    assert members.filter(is_external=True).count() == 1
    assert members.filter(is_chair=True).count() == 1
    assert Meeting.objects.count() == 3
    assert GroupTask.objects.filter(done_on__isnull=True).count() >= 2
    assert any(task.is_overdue() for task in GroupTask.objects.all())
    assert GroupDocument.objects.get().file.content_type == "application/pdf"


def test_loading_the_demo_twice_creates_nothing_more(loaded, people):
    counts = [
        model.objects.count()
        for model in (FundingProgramme, BestPractice, FundingApplication, Meeting, GroupTask)
    ]
    assert loaded > 0
    assert demo_funding.load(units={}, people=people) == 0
    assert counts == [
        model.objects.count()
        for model in (FundingProgramme, BestPractice, FundingApplication, Meeting, GroupTask)
    ]


def test_the_demo_pages_answer(loaded, people, client):
    sign_in_verified(client, people[demo_funding.OFFICER])
    for path in (
        "/staff/programm/foerderung/",
        "/staff/programm/foerderung/antraege/",
        "/staff/programm/foerderung/beispiele/",
        "/expertengruppe/",
        "/expertengruppe/aufgaben/",
        "/expertengruppe/sitzungen/",
    ):
        assert client.get(path).status_code == 200, path
    for programme in FundingProgramme.objects.all():
        assert client.get(f"/staff/programm/foerderung/{programme.pk}/").status_code == 200
    for meeting in Meeting.objects.all():
        assert client.get(f"/expertengruppe/sitzungen/{meeting.pk}/").status_code == 200
