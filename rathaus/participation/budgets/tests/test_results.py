"""Results: hidden from the public until voting has ended; then ranked, with the projects
that fit in the total; staff see live counts; exports carry no personal data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.registries import kpi_registry, open_data_registry

from .. import exceptions, services
from ..models import Project
from ..results import results_of
from .conftest import close_voting
from .factories import ProjectFactory, cast_ballot


@pytest.fixture
def voted(budget, projects):
    """Seven ballots: Spielgeräte 5, Sitzbänke 4, Beleuchtung 4, Trinkbrunnen 3,
    Fahrradbügel 1, Stromanschlüsse 0."""
    p = projects
    choices = [
        ["Spielgeräte", "Sitzbänke", "Trinkbrunnen"],
        ["Spielgeräte", "Beleuchtung"],
        ["Spielgeräte", "Sitzbänke", "Beleuchtung"],
        ["Spielgeräte", "Beleuchtung", "Trinkbrunnen"],
        ["Spielgeräte", "Sitzbänke"],
        ["Sitzbänke", "Beleuchtung", "Fahrradbügel"],
        ["Trinkbrunnen"],
    ]
    voters = []
    for index, titles in enumerate(choices):
        voter = UserFactory(given_name="Wähler", family_name=f"Nummer{index}")
        cast_ballot(budget, voter, [p[title] for title in titles])
        voters.append(voter)
    return voters


def results_url(budget):
    return reverse("budgets:results", args=[budget.process.slug, budget.pk])


def test_results_rank_by_votes_and_select_what_fits_in_rank_order(budget, projects, voted):
    outcome = results_of(budget)
    assert outcome.ballots_cast == 7
    ranked = [(row.project.title, row.votes) for row in outcome.rows]
    # Sitzbänke and Beleuchtung tie at 4 votes: the cheaper ranks first.
    assert ranked == [
        ("Spielgeräte", 5),
        ("Sitzbänke", 4),
        ("Beleuchtung", 4),
        ("Trinkbrunnen", 3),
        ("Fahrradbügel", 1),
        ("Stromanschlüsse", 0),
    ]
    # 90,000 + 65,000 + 72,000 = 227,000; Trinkbrunnen (38,000) no longer fits,
    # Fahrradbügel (18,000) still does; a project without votes never.
    assert [row.project.title for row in outcome.selected] == [
        "Spielgeräte",
        "Sitzbänke",
        "Beleuchtung",
        "Fahrradbügel",
    ]
    assert outcome.selected_cents == 24_500_000
    assert outcome.rows[0].share == 71


def test_draft_ballots_do_not_count(citizen, budget, projects):
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Beleuchtung"].pk])
    outcome = results_of(budget)
    assert outcome.ballots_cast == 0
    assert all(row.votes == 0 for row in outcome.rows)


def test_results_are_not_public_during_voting_even_by_url(client, citizen_client, budget, voted):
    for visitor in (client, citizen_client):
        response = visitor.get(results_url(budget))
        assert response.status_code == 404
        assert "Spielgeräte" not in response.content.decode()
    page = citizen_client.get(reverse("budgets:detail", args=[budget.process.slug, budget.pk]))
    assert results_url(budget) not in page.content.decode()


def test_results_are_not_public_before_voting_has_started(client, budget, voted):
    phase = budget.process.phases.get()
    phase.starts_on = timezone.localdate() + datetime.timedelta(days=5)
    phase.ends_on = timezone.localdate() + datetime.timedelta(days=9)
    phase.save()
    assert client.get(results_url(budget)).status_code == 404


def test_results_are_not_public_without_a_voting_phase(client, budget, voted):
    phase = budget.process.phases.get()
    phase.features = []
    phase.ends_on = phase.starts_on
    phase.save()
    assert client.get(results_url(budget)).status_code == 404


def test_results_are_public_the_day_after_voting_ends(client, budget, voted):
    phase = budget.process.phases.get()
    phase.ends_on = timezone.localdate()
    phase.save()
    assert client.get(results_url(budget)).status_code == 404  # last day of voting
    close_voting(phase)
    response = client.get(results_url(budget))
    assert response.status_code == 200
    page = response.content.decode()
    assert "7 ballots were cast." in page
    assert "<svg" in page and "<title id=" in page and "<desc id=" in page
    assert page.index("Spielgeräte") < page.index("Stromanschlüsse")
    assert "Nummer0" not in page and "Wähler" not in page


def test_staff_see_live_counts_during_voting(manager_client, budget, voted):
    url = reverse("budgets_staff:results", args=[budget.process.slug, budget.pk])
    page = manager_client.get(url).content.decode()
    assert "live counts, visible to staff only" in page
    assert "7 ballots were cast." in page
    assert "Mark the selected projects" not in page


def test_a_citizen_cannot_open_the_staff_results(client, citizen, budget, voted):
    client.force_login(citizen)
    url = reverse("budgets_staff:results", args=[budget.process.slug, budget.pk])
    assert client.get(url).status_code == 404


def test_selection_for_implementation_only_after_the_vote(manager, budget, projects, voted):
    with pytest.raises(exceptions.ResultsNotYetPublic):
        services.select_for_implementation(actor=manager, budget=budget)
    close_voting(budget.process.phases.get())
    services.select_for_implementation(actor=manager, budget=budget)
    selected = set(Project.objects.filter(is_selected=True).values_list("title", flat=True))
    assert selected == {"Spielgeräte", "Sitzbänke", "Beleuchtung", "Fahrradbügel"}


def test_the_selection_shows_on_the_public_pages(manager_client, client, budget, voted, closed):
    url = reverse("budgets_staff:select", args=[budget.process.slug, budget.pk])
    assert manager_client.post(url).status_code == 302
    page = client.get(results_url(budget)).content.decode()
    assert page.count("(selected for implementation)") == 4


def test_csv_export_has_counts_and_no_personal_data(manager_client, budget, voted):
    url = reverse("budgets_staff:export", args=[budget.process.slug, budget.pk])
    response = manager_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Rank;Project;Cost (euros);Votes")
    assert lines[1].startswith("1;Spielgeräte;90000.00;5;71;yes")
    assert "Ballots cast;7" in text
    assert "Nummer" not in text and "@" not in text


def test_csv_export_defuses_formulas(manager_client, budget):
    ProjectFactory(budget=budget, title="=HYPERLINK(1)")
    url = reverse("budgets_staff:export", args=[budget.process.slug, budget.pk])
    assert "'=HYPERLINK(1)" in manager_client.get(url).content.decode("utf-8-sig")


def test_open_data_publishes_votes_only_after_close(town, budget, voted):
    build = open_data_registry.get("budgets.votes_per_project").build
    assert build(town) == []
    close_voting(budget.process.phases.get())
    rows = build(town)
    assert len(rows) == 6
    assert rows[0]["project"] == "Spielgeräte" and rows[0]["votes"] == 5
    assert set(rows[0]) >= {"budget", "cost_eur", "ballots_cast", "fits_in_total"}


def test_kpi_counts_ballots_cast(town, citizen, budget, projects, voted):
    services.choose_projects(user=citizen, budget=budget, project_ids=[projects["Beleuchtung"].pk])
    compute = kpi_registry.get("budgets.ballots_cast").compute
    assert compute(town, None) == 7
    today = timezone.localdate()
    assert compute(town, (today, today)) == 7
    yesterday = today - datetime.timedelta(days=1)
    assert compute(town, (yesterday, yesterday)) == 0
