"""Each phase switches the process's features on and off, day by day."""

import datetime

from rathaus.participation.models import Feature, Phase

from .factories import PhaseFactory, ProcessFactory, ProposalFactory

START = datetime.date(2026, 5, 4)


def _process():
    process = ProcessFactory(slug="marktplatz")
    PhaseFactory(
        process=process,
        kind=Phase.Kind.INFORMATION,
        starts_on=START,
        ends_on=START + datetime.timedelta(days=6),
        features=[],
    )
    PhaseFactory(
        process=process,
        kind=Phase.Kind.PROPOSALS,
        starts_on=START + datetime.timedelta(days=7),
        ends_on=START + datetime.timedelta(days=13),
        features=[Feature.PROPOSALS, Feature.COMMENTS],
    )
    PhaseFactory(
        process=process,
        kind=Phase.Kind.VOTING,
        starts_on=START + datetime.timedelta(days=20),
        ends_on=START + datetime.timedelta(days=27),
        features=[Feature.SUPPORT, Feature.SURVEYS],
    )
    return process


def _on(day_offset: int) -> datetime.date:
    return START + datetime.timedelta(days=day_offset)


def test_features_follow_the_phases():
    process = _process()
    assert not process.feature_active(Feature.PROPOSALS, _on(-1))
    assert process.current_phase(_on(-1)) is None
    assert process.current_phase(_on(2)).kind == Phase.Kind.INFORMATION
    assert not process.feature_active(Feature.PROPOSALS, _on(2))
    assert process.feature_active(Feature.PROPOSALS, _on(7))
    assert process.feature_active(Feature.COMMENTS, _on(13))
    assert not process.feature_active(Feature.SUPPORT, _on(13))
    # Between phases: nothing is open, the last phase stays the current one.
    assert process.current_phase(_on(16)).kind == Phase.Kind.PROPOSALS
    assert not process.feature_active(Feature.PROPOSALS, _on(16))
    assert process.feature_active(Feature.SUPPORT, _on(20))
    assert not process.feature_active(Feature.SUPPORT, _on(28))


def test_an_unpublished_process_opens_nothing():
    process = _process()
    process.is_published = False
    assert not process.feature_active(Feature.PROPOSALS, _on(8))


def test_the_pages_follow_the_phase(client, time_machine):
    process = _process()
    proposal = ProposalFactory(process=process)
    time_machine.move_to(datetime.datetime(2026, 5, 12, 10, 0), tick=False)
    page = client.get("/beteiligung/marktplatz/").content.decode()
    assert 'aria-current="step"' in page and "Current phase: Proposals" in page
    assert "/beteiligung/marktplatz/vorschlaege/" in page
    index = client.get("/beteiligung/marktplatz/vorschlaege/").content.decode()
    assert "Make a proposal" in index
    time_machine.move_to(datetime.datetime(2026, 5, 25, 10, 0), tick=False)
    page = client.get("/beteiligung/marktplatz/").content.decode()
    assert "Current phase: Voting" in page
    assert "/beteiligung/marktplatz/umfragen/" in page
    index = client.get("/beteiligung/marktplatz/vorschlaege/").content.decode()
    assert "Make a proposal" not in index
    proposal_page = client.get(f"/beteiligung/marktplatz/vorschlaege/{proposal.pk}/")
    assert "Sign in to support this proposal." in proposal_page.content.decode()


def test_the_process_list_shows_running_and_past(client, time_machine):
    _process()
    ended = ProcessFactory(slug="spielplatz", title="Spielplatz Riedbahn")
    PhaseFactory(
        process=ended, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 2, 1)
    )
    ProcessFactory(slug="entwurf", title="Geheimer Entwurf", is_published=False)
    time_machine.move_to(datetime.datetime(2026, 5, 12, 10, 0), tick=False)
    page = client.get("/beteiligung/").content.decode()
    running, past = page.split("Past processes")
    assert "/beteiligung/marktplatz/" in running
    assert "Spielplatz Riedbahn" in past
    assert "Geheimer Entwurf" not in page
