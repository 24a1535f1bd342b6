"""Citizens submit proposals and support them, within the process's rules."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.participation import exceptions, services
from rathaus.participation.engagement import services as engagement
from rathaus.participation.engagement.exceptions import AccountBlocked
from rathaus.participation.engagement.models import Block, Comment, Follow
from rathaus.participation.models import Feature, Proposal, Support

from .factories import ProposalFactory, running_process

NEW = "/beteiligung/marktplatz/vorschlaege/neu/"


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _form(**fields) -> dict:
    return {
        "title": "Mehr Bäume",
        "text": "Bitte pflanzen Sie Bäume an der Westseite.",
        "address": "",
        "latitude": "",
        "longitude": "",
        "show_name": "no",
        "submission": str(uuid.uuid4()),
        **fields,
    }


def test_a_citizen_submits_a_proposal_with_place_and_photo(citizen_client, citizen, process):
    response = citizen_client.post(
        NEW,
        _form(address="Westseite", latitude="49.907100", longitude="8.572300", image=_jpeg()),
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/beteiligung/marktplatz/vorschlaege/{proposal.pk}/"
    assert proposal.author == citizen and proposal.has_location
    assert proposal.image is not None and proposal.image.is_public
    assert Follow.objects.of(proposal).filter(user=citizen).exists()
    page = citizen_client.get(response["Location"]).content.decode()
    assert "Mehr Bäume" in page and "Westseite" in page
    assert f"/dateien/oeffentlich/{proposal.image.pk}/" in page


def test_errors_keep_what_was_entered(citizen_client, process):
    response = citizen_client.post(
        NEW, _form(title="", text="Mein langer Text", latitude="49.9", address="Am Brunnen")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title." in page
    assert "Enter both latitude and longitude, or neither." in page
    assert "Mein langer Text" in page and 'value="Am Brunnen"' in page
    assert not Proposal.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_the_text_kept(citizen_client, process):
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = citizen_client.post(NEW, _form(title="Mit Bild", image=fake))
    page = response.content.decode()
    assert "Please choose a photo (JPEG, PNG or WebP)." in page
    assert 'value="Mit Bild"' in page
    assert not Proposal.objects.exists()


def test_html_in_a_proposal_is_shown_as_text(citizen_client, process):
    citizen_client.post(NEW, _form(title="<b>fett</b>", text="<script>alert(1)</script>"))
    proposal = Proposal.objects.get()
    page = citizen_client.get(f"/beteiligung/marktplatz/vorschlaege/{proposal.pk}/")
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_double_submission_creates_one_proposal(citizen_client, process):
    data = _form()
    first = citizen_client.post(NEW, data)
    second = citizen_client.post(NEW, data)
    assert Proposal.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_signing_in_is_needed(client, process):
    response = client.get(NEW)
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def test_proposals_only_while_the_phase_takes_them(citizen_client, citizen):
    running_process(Feature.COMMENTS, slug="marktplatz")
    page = citizen_client.get(NEW).content.decode()
    assert "Proposals cannot be submitted in this phase of the process." in page
    response = citizen_client.post(NEW, _form())
    assert "Proposals cannot be submitted in this phase" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_per_person_limit_holds(citizen, process):
    process.proposals_per_person = 1
    process.save()
    services.submit_proposal(
        author=citizen,
        process=process,
        title="Eins",
        text="Text",
        show_name=False,
        idempotency_key=uuid.uuid4(),
    )
    with pytest.raises(exceptions.ProposalLimitReached):
        services.submit_proposal(
            author=citizen,
            process=process,
            title="Zwei",
            text="Text",
            show_name=False,
            idempotency_key=uuid.uuid4(),
        )


def test_a_blocked_account_cannot_submit(citizen_client, citizen, process):
    Block.objects.create(user=citizen, reason="Beleidigungen")
    response = citizen_client.post(NEW, _form())
    assert str(AccountBlocked.message) in response.content.decode()
    assert not Proposal.objects.exists()


def test_where_names_are_required_hiding_the_name_is_refused(citizen_client, process):
    process.allow_anonymous = False
    process.save()
    response = citizen_client.post(NEW, _form(show_name="no"))
    assert "In this process contributions show the author" in response.content.decode()
    assert not Proposal.objects.exists()
    assert citizen_client.post(NEW, _form(show_name="yes")).status_code == 302


def test_submitting_is_rate_limited(citizen_client, process, monkeypatch):
    from rathaus.participation import views

    monkeypatch.setitem(views.PROPOSAL_RATE, "limit", 2)
    for number in range(2):
        assert citizen_client.post(NEW, _form(title=f"Nr {number}")).status_code == 302
    response = citizen_client.post(NEW, _form(title="Zu viel"))
    assert "too often" in response.content.decode()
    assert Proposal.objects.count() == 2


# ---------------------------------------------------------------- support


def _url(proposal, action=""):
    return f"/beteiligung/{proposal.process.slug}/vorschlaege/{proposal.pk}/{action}"


def test_support_once_and_withdraw(citizen_client, process):
    proposal = ProposalFactory(process=process)
    citizen_client.post(_url(proposal, "unterstuetzen/"))
    citizen_client.post(_url(proposal, "unterstuetzen/"))
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and Support.objects.count() == 1
    page = citizen_client.get(_url(proposal)).content.decode()
    assert "Withdraw my support" in page and "1 person supports this proposal." in page
    citizen_client.post(_url(proposal, "unterstuetzung-zurueckziehen/"))
    proposal.refresh_from_db()
    assert proposal.support_count == 0 and not Support.objects.exists()


def test_the_support_count_stays_exact_with_many_people(process):
    proposal = ProposalFactory(process=process)
    people = UserFactory.create_batch(4)
    for person in people:
        services.support_proposal(user=person, proposal=proposal)
    services.withdraw_support(user=people[0], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 3 == proposal.supports.count()


def test_the_support_limit_per_person(citizen, process):
    process.supports_per_person = 2
    process.save()
    first, second, third = ProposalFactory.create_batch(3, process=process)
    services.support_proposal(user=citizen, proposal=first)
    services.support_proposal(user=citizen, proposal=second)
    with pytest.raises(exceptions.SupportLimitReached):
        services.support_proposal(user=citizen, proposal=third)
    services.withdraw_support(user=citizen, proposal=first)
    services.support_proposal(user=citizen, proposal=third)
    assert Support.objects.filter(user=citizen).count() == 2


def test_the_limit_message_is_shown(citizen_client, citizen, process):
    process.supports_per_person = 1
    process.save()
    first, second = ProposalFactory.create_batch(2, process=process)
    citizen_client.post(_url(first, "unterstuetzen/"))
    response = citizen_client.post(_url(second, "unterstuetzen/"), follow=True)
    assert "as many proposals as this process allows" in response.content.decode()


def test_no_support_for_ones_own_proposal(citizen, process):
    proposal = ProposalFactory(process=process, author=citizen)
    with pytest.raises(exceptions.CannotSupportOwnProposal):
        services.support_proposal(user=citizen, proposal=proposal)


def test_no_support_outside_the_support_feature(citizen, citizen_client):
    process = running_process(Feature.PROPOSALS, Feature.COMMENTS)
    proposal = ProposalFactory(process=process)
    with pytest.raises(exceptions.SupportClosed):
        services.support_proposal(user=citizen, proposal=proposal)
    assert "Support this proposal" not in citizen_client.get(_url(proposal)).content.decode()


def test_supporting_needs_sign_in_and_post(citizen_client, process):
    proposal = ProposalFactory(process=process)
    response = Client().post(_url(proposal, "unterstuetzen/"))
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]
    assert citizen_client.get(_url(proposal, "unterstuetzen/")).status_code == 405
    assert not Support.objects.exists()


def test_supports_are_rate_limited(citizen_client, process, monkeypatch):
    from rathaus.participation import views

    monkeypatch.setitem(views.SUPPORT_RATE, "limit", 3)
    proposals = ProposalFactory.create_batch(4, process=process)
    for proposal in proposals:
        citizen_client.post(_url(proposal, "unterstuetzen/"))
    assert Support.objects.count() == 3


# ---------------------------------------------------------------- comments


def test_the_comment_count_follows_comments(citizen, other_citizen, process):
    proposal = ProposalFactory(process=process)
    engagement.add_comment(author=citizen, target=proposal, text="Gute Idee")
    comment = engagement.add_comment(author=other_citizen, target=proposal, text="Finde ich auch")
    proposal.refresh_from_db()
    assert proposal.comment_count == 2
    engagement.withdraw_comment(actor=other_citizen, comment=comment)
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_a_comment_hidden_by_moderation_is_no_longer_counted(citizen, process, client):
    proposal = ProposalFactory(process=process)
    comment = engagement.add_comment(author=citizen, target=proposal, text="Unsinn")
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)  # as moderation does
    client.get(_url(proposal))
    proposal.refresh_from_db()
    assert proposal.comment_count == 0


def test_comments_are_open_only_with_the_comments_feature(citizen):
    from rathaus.participation.engagement.exceptions import CommentsClosed

    process = running_process(Feature.PROPOSALS)
    proposal = ProposalFactory(process=process)
    with pytest.raises(CommentsClosed):
        engagement.add_comment(author=citizen, target=proposal, text="Hallo")
