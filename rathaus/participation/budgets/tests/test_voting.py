"""Voting in a participatory budget: choose projects within the total, check, cast once."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.participation.engagement.exceptions import AccountBlocked
from rathaus.participation.engagement.models import Block
from rathaus.participation.models import Feature

from .. import exceptions, services
from ..models import Ballot, BallotItem
from .factories import BudgetFactory, ProjectFactory


def detail_url(budget):
    return reverse("budgets:detail", args=[budget.process.slug, budget.pk])


def confirm_url(budget):
    return reverse("budgets:confirm", args=[budget.process.slug, budget.pk])


def test_a_choice_within_the_total_is_checked_then_cast(citizen_client, citizen, budget, projects):
    chosen = [projects["Trinkbrunnen"], projects["Sitzbänke"], projects["Spielgeräte"]]
    response = citizen_client.post(detail_url(budget), {"projects": [p.pk for p in chosen]})
    assert response.status_code == 302 and response["Location"] == confirm_url(budget)
    page = citizen_client.get(confirm_url(budget)).content.decode()
    assert "You have distributed 193,000\xa0€ of 250,000\xa0€." in page
    assert "Trinkbrunnen" in page and "Beleuchtung" not in page
    ballot = Ballot.objects.get(user=citizen)
    assert ballot.checked_out_at is None  # not counted before it is cast

    response = citizen_client.post(confirm_url(budget), follow=True)
    ballot.refresh_from_db()
    assert ballot.is_final
    assert {item.project_id for item in ballot.items.all()} == {p.pk for p in chosen}
    assert "Your vote was cast on" in response.content.decode()


def test_the_page_shows_the_distributed_amount_without_javascript(
    citizen_client, citizen, budget, projects
):
    services.choose_projects(
        user=citizen,
        budget=budget,
        project_ids=[projects["Spielgeräte"].pk, projects["Fahrradbügel"].pk],
    )
    page = citizen_client.get(detail_url(budget)).content.decode()
    assert "You have distributed 108,000\xa0€ of 250,000\xa0€." in page
    assert f'value="{projects["Spielgeräte"].pk}" id=' in page
    assert page.count(" checked>") == 2
    assert "budgets/ballot" in page and 'type="module"' in page


def test_over_the_total_is_refused_naming_total_and_excess_and_keeps_the_choice(
    citizen_client, citizen, budget, projects
):
    everything = [project.pk for project in projects.values()]  # 328,000 €
    response = citizen_client.post(detail_url(budget), {"projects": everything})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your selection costs 328,000\xa0€, which is 78,000\xa0€ more than the total of " in page
    assert "250,000\xa0€" in page
    assert page.count(" checked>") == len(everything)
    assert "You have distributed 328,000\xa0€ of 250,000\xa0€." in page
    assert not Ballot.objects.filter(user=citizen).exists()


def test_a_minimum_share_is_enforced(citizen, budget, projects):
    budget.minimum_percent = 50
    budget.save()
    with pytest.raises(exceptions.UnderMinimum) as refused:
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Fahrradbügel"].pk]
        )
    assert "at least 125,000\xa0€ (50 % of 250,000\xa0€)" in str(refused.value.message)
    assert "107,000\xa0€ too little" in str(refused.value.message)
    services.choose_projects(
        user=citizen,
        budget=budget,
        project_ids=[projects["Spielgeräte"].pk, projects["Beleuchtung"].pk],
    )


def test_exactly_the_total_is_allowed(citizen, budget):
    project = ProjectFactory(budget=budget, cost_cents=budget.total_cents)
    ballot = services.choose_projects(user=citizen, budget=budget, project_ids=[project.pk])
    assert services.cast_vote(user=citizen, budget=budget).pk == ballot.pk


def test_an_empty_choice_is_refused_on_the_page(citizen_client, budget, projects):
    response = citizen_client.post(detail_url(budget), {})
    assert "Please choose at least one project." in response.content.decode()


def test_a_project_of_another_budget_is_refused(citizen, budget, projects, process):
    stranger = ProjectFactory(budget=BudgetFactory(process=process))
    with pytest.raises(exceptions.UnknownProject):
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk, stranger.pk]
        )


def test_a_cast_vote_cannot_be_changed(citizen_client, citizen, budget, projects):
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Beleuchtung"].pk])
    services.cast_vote(user=citizen, budget=budget)
    with pytest.raises(exceptions.AlreadyVoted):
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
        )
    with pytest.raises(exceptions.AlreadyVoted):
        services.cast_vote(user=citizen, budget=budget)
    response = citizen_client.post(detail_url(budget), {"projects": [projects["Trinkbrunnen"].pk]})
    assert "cannot be changed" in response.content.decode()
    assert [i.project_id for i in BallotItem.objects.all()] == [projects["Beleuchtung"].pk]


def test_a_double_submit_of_the_cast_counts_once(citizen_client, citizen, budget, projects):
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Beleuchtung"].pk])
    first = citizen_client.post(confirm_url(budget))
    second = citizen_client.post(confirm_url(budget))
    assert first.status_code == 302
    assert "You have already cast your vote" in second.content.decode()
    assert Ballot.objects.cast().count() == 1


def test_choosing_twice_keeps_one_ballot_with_the_last_choice(citizen, budget, projects):
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Beleuchtung"].pk])
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk])
    ballot = Ballot.objects.get()
    assert [item.project_id for item in ballot.items.all()] == [projects["Trinkbrunnen"].pk]


def test_the_database_allows_one_ballot_per_person_and_budget(citizen, budget):
    Ballot.objects.create(budget=budget, user=citizen)
    with pytest.raises(IntegrityError):
        Ballot.objects.create(budget=budget, user=citizen)


def test_a_project_appears_once_on_a_ballot(citizen, budget, projects):
    ballot = Ballot.objects.create(budget=budget, user=citizen)
    BallotItem.objects.create(ballot=ballot, project=projects["Trinkbrunnen"])
    with pytest.raises(IntegrityError):
        BallotItem.objects.create(ballot=ballot, project=projects["Trinkbrunnen"])


def test_voting_needs_the_budget_feature_in_the_current_phase(citizen, budget, projects):
    phase = budget.process.phases.get()
    phase.features = [Feature.PROPOSALS]
    phase.save()
    with pytest.raises(exceptions.VotingClosed):
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
        )
    phase.features = [Feature.BUDGET_VOTING]
    phase.save()
    assert services.choose_projects(
        user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
    )


def test_a_phase_that_has_ended_closes_voting(citizen, budget, projects, closed):
    with pytest.raises(exceptions.VotingClosed):
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
        )


def test_a_closed_vote_shows_no_form(citizen_client, budget, projects, closed):
    page = citizen_client.get(detail_url(budget)).content.decode()
    assert 'name="projects"' not in page
    assert "Voting has ended." in page


def test_a_blocked_account_cannot_vote(citizen, budget, projects):
    Block.objects.create(user=citizen, reason="Beleidigungen")
    with pytest.raises(AccountBlocked):
        services.choose_projects(
            user=citizen, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
        )


def test_visitors_are_asked_to_sign_in(client, budget, projects):
    page = client.get(detail_url(budget)).content.decode()
    assert "Sign in to vote" in page and 'name="projects"' not in page
    response = client.post(detail_url(budget), {"projects": [projects["Trinkbrunnen"].pk]})
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert not Ballot.objects.exists()


def test_an_unpublished_budget_or_process_is_not_found(citizen_client, budget, process):
    budget.is_published = False
    budget.save()
    assert citizen_client.get(detail_url(budget)).status_code == 404
    budget.is_published = True
    budget.save()
    process.is_published = False
    process.save()
    assert citizen_client.get(detail_url(budget)).status_code == 404
    index = reverse("budgets:index", args=[process.slug])
    assert citizen_client.get(index).status_code == 404


def test_votes_are_rate_limited(citizen_client, budget, projects, monkeypatch):
    from .. import views

    monkeypatch.setattr(views, "VOTES_PER_HOUR", 2)
    data = {"projects": [projects["Trinkbrunnen"].pk]}
    for _attempt in range(2):
        assert citizen_client.post(detail_url(budget), data).status_code == 302
    response = citizen_client.post(detail_url(budget), data)
    assert response.status_code == 200
    assert "too often" in response.content.decode()


def test_each_person_has_their_own_ballot(budget, projects):
    first, second = UserFactory(), UserFactory()
    for person in (first, second):
        services.choose_projects(
            user=person, budget=budget, project_ids=[projects["Trinkbrunnen"].pk]
        )
        services.cast_vote(user=person, budget=budget)
    assert Ballot.objects.cast().count() == 2
