"""The demo process, the benchmark's seeding, key figures and open data."""

import datetime

from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.registries import kpi_registry, open_data_registry
from rathaus.participation import demo, services
from rathaus.participation.engagement import services as engagement
from rathaus.participation.models import Feature, Process, Proposal

from .factories import ProposalFactory


def test_the_demo_process_runs_today_and_loads_once(client, outbox):
    manager = StaffFactory(email=demo.MANAGER)
    RoleAssignmentFactory(user=manager, role=Role.PARTICIPATION_MANAGER, unit=None)
    arguments = {"units": {"60": UnitFactory(code="60")}, "people": {demo.MANAGER: manager}}
    assert demo.load(**arguments) > 20
    assert demo.load(**arguments) == 0
    process = Process.objects.prefetch_related("phases").get(slug=demo.PROCESS_SLUG)
    assert process.feature_active(Feature.PROPOSALS)
    assert process.feature_active(Feature.SUPPORT) and process.feature_active(Feature.COMMENTS)
    later = timezone.localdate() + datetime.timedelta(days=20)
    assert process.feature_active(Feature.BUDGET_VOTING, later)
    assert process.feature_active(Feature.SURVEYS, later)
    assert Proposal.objects.count() == 8
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {"accepted", "rejected", "evaluating", "published"} <= states
    accepted = Proposal.objects.get(state="accepted")
    assert accepted.milestones.count() == 3 and accepted.support_count == 5
    assert Proposal.objects.get(title="Mehr Schatten durch Bäume").comment_count == 2
    page = client.get("/beteiligung/neugestaltung-marktplatz/umsetzung/").content.decode()
    assert "Barrierefreie Wege über den Platz" in page


def test_seed_proposals_makes_many_quickly(process, client):
    assert demo.seed_proposals(process, 2500) == 2500
    assert Proposal.objects.filter(process=process).count() == 2500
    response = client.get("/beteiligung/marktplatz/vorschlaege/?sortierung=most_supported")
    assert response.status_code == 200 and "2500 proposals" in response.content.decode()


def test_key_figures(town, process, citizen, other_citizen):
    mine = ProposalFactory(process=process, author=citizen, state=Proposal.State.ACCEPTED)
    ProposalFactory(process=process, author=citizen, state=Proposal.State.REJECTED)
    ProposalFactory(process=process, author=citizen, state=Proposal.State.REJECTED)
    ProposalFactory(process=process, author=citizen)
    services.support_proposal(user=other_citizen, proposal=mine)
    commenter = UserFactory()
    engagement.add_comment(author=commenter, target=mine, text="Ja!")
    figures = {
        key: kpi_registry.get(f"participation.{key}").compute(town, None)
        for key in ("participants", "proposals", "accepted_share", "participants_per_process")
    }
    assert figures == {
        "participants": 3,
        "proposals": 4,
        "accepted_share": 33.3,
        "participants_per_process": 3.0,
    }
    past = (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert kpi_registry.get("participation.proposals").compute(town, past) == 0
    assert "participation.proposals_per_state" in open_data_registry
