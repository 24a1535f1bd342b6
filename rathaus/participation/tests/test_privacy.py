"""Public pages show a person's name only if they chose to; exports carry no persons."""

import uuid

from rathaus.core.tenancy import for_town
from rathaus.participation import services
from rathaus.participation.open_data import participants_per_process, proposals_per_state

from .factories import ProposalFactory


def test_the_name_is_shown_only_when_chosen(client, process, citizen, other_citizen):
    shown = services.submit_proposal(
        author=citizen,
        process=process,
        title="Mit Namen",
        text="Text",
        show_name=True,
        idempotency_key=uuid.uuid4(),
    )
    hidden = services.submit_proposal(
        author=other_citizen,
        process=process,
        title="Ohne Namen",
        text="Text",
        show_name=False,
        idempotency_key=uuid.uuid4(),
    )
    index = client.get("/beteiligung/marktplatz/vorschlaege/").content.decode()
    assert "Erika Mustermann" in index
    assert "Hans" not in index and "Beispiel" not in index
    page = client.get(f"/beteiligung/marktplatz/vorschlaege/{shown.pk}/").content.decode()
    assert "Proposed by Erika Mustermann" in page
    page = client.get(f"/beteiligung/marktplatz/vorschlaege/{hidden.pk}/").content.decode()
    assert "Proposed by a citizen" in page and "Beispiel" not in page


def test_staff_see_who_submitted(manager_client, process, other_citizen):
    proposal = ProposalFactory(process=process, author=other_citizen, show_name=False)
    page = manager_client.get(
        f"/staff/beteiligung/marktplatz/vorschlaege/{proposal.pk}/"
    ).content.decode()
    assert "Hans Beispiel" in page and "name not published" in page


def test_open_data_has_counts_only(town, process, citizen, other_citizen):
    proposal = ProposalFactory(process=process, author=citizen, show_name=True)
    services.support_proposal(user=other_citizen, proposal=proposal)
    with for_town(town):
        rows = proposals_per_state(town)
        people = participants_per_process(town)
    assert rows == [
        {
            "process": process.title,
            "process_slug": "marktplatz",
            "state": "published",
            "state_label": "nicht beantwortet",
            "proposals": "<3",
            "with_location": 0,
        }
    ]
    assert people == [
        {"process": process.title, "process_slug": "marktplatz", "participants": "<3"}
    ]
    text = repr(rows) + repr(people)
    assert "Erika" not in text and "Mustermann" not in text and citizen.email not in text
