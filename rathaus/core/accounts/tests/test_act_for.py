import pytest
from django.urls import reverse

from rathaus.core.accounts.models import Membership
from rathaus.core.accounts.organisations import SESSION_KEY

from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

ACT_FOR = reverse("accounts:act_for")


@pytest.fixture
def membership(client):
    membership = MembershipFactory(organisation__name="Schreinerei Holz KG")
    client.force_login(membership.user)
    return membership


def test_member_switches_to_acting_for_the_organisation_and_back(client, membership):
    page = client.get(ACT_FOR).content.decode()
    assert "Schreinerei Holz KG" in page and "Myself" in page

    response = client.post(ACT_FOR, {"acting_for": str(membership.organisation_id)})
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.session[SESSION_KEY] == str(membership.organisation_id)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "You are acting for Schreinerei Holz KG" in dashboard

    client.post(ACT_FOR, {"acting_for": "self"})
    assert SESSION_KEY not in client.session
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "You are acting as a private person" in dashboard


def test_non_member_cannot_act_for_an_organisation(client, membership):
    stranger_org = OrganisationFactory()
    response = client.post(ACT_FOR, {"acting_for": str(stranger_org.pk)})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_next_after_switching_stays_on_this_site(client, membership):
    target = reverse("accounts:profile")
    ok = client.post(ACT_FOR, {"acting_for": "self", "next": target})
    assert ok["Location"] == target
    evil = client.post(ACT_FOR, {"acting_for": "self", "next": "//evil.example/"})
    assert evil["Location"] == reverse("accounts:dashboard")


def test_choice_lapses_when_the_membership_ends(client, membership):
    MembershipFactory(organisation=membership.organisation, role=Membership.Role.OWNER)
    client.post(ACT_FOR, {"acting_for": str(membership.organisation_id)}, follow=True)
    membership.delete()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Schreinerei Holz KG" not in dashboard


def test_person_without_organisations_acts_for_themselves(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:dashboard"))
    assert response.context["acting_organisation"] is None
