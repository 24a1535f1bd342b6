"""The public draft with its sections and comment counts; comments per section through
engagement while the consultation phase runs; the staff importer and editing."""

import pytest
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.participation.engagement import services as engagement
from rathaus.participation.engagement.exceptions import CommentsClosed
from rathaus.participation.engagement.models import Comment
from rathaus.participation.engagement.querysets import target_filter

from .. import services
from ..models import Draft, Section
from .factories import SectionFactory


def draft_url(draft):
    return reverse("consultations:draft", args=[draft.process.slug, draft.pk])


def section_url(section):
    return reverse(
        "consultations:section", args=[section.draft.process.slug, section.draft_id, section.pk]
    )


def test_the_draft_shows_its_sections_with_comment_counts(client, citizen, sections):
    first, second, _third = sections
    engagement.add_comment(author=citizen, target=second, text="Bitte Lastenräder erlauben.")
    engagement.add_comment(author=citizen, target=second, text="Und Roller.")
    hidden = engagement.add_comment(author=citizen, target=first, text="Versteckt")
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)
    page = client.get(draft_url(second.draft)).content.decode()
    assert page.index("§ 1 Geltungsbereich") < page.index("§ 2 Gemeingebrauch")
    assert "2 comments on § 2 Gemeingebrauch" in page
    assert "0 comments on § 1 Geltungsbereich" in page
    assert f'href="{section_url(second)}#kommentare"' in page
    assert f'id="{second.anchor}"' in page


def test_a_citizen_comments_on_a_section_through_its_page(citizen_client, sections):
    section = sections[1]
    page = citizen_client.get(section_url(section)).content.decode()
    assert "Gemeingebrauch" in page and 'name="text"' in page
    type_id, object_id = target_filter(section)["target_type"].pk, str(section.pk)
    response = citizen_client.post(
        reverse("engagement:comment", args=[type_id, object_id]),
        {"text": "Bitte Lastenräder ausdrücklich erlauben.", "show_name": "on"},
    )
    assert response.status_code == 302
    comment = Comment.objects.on(section).get()
    assert comment.text == "Bitte Lastenräder ausdrücklich erlauben."
    assert "Bitte Lastenräder" in citizen_client.get(section_url(section)).content.decode()


def test_comments_are_closed_outside_the_consultation_phase(citizen, sections, phase):
    phase.features = ["proposals"]
    phase.save()
    with pytest.raises(CommentsClosed):
        engagement.add_comment(author=citizen, target=sections[0], text="Zu spät")


def test_an_unpublished_draft_is_not_found_and_takes_no_comments(client, citizen, sections):
    draft = sections[0].draft
    draft.is_published = False
    draft.save()
    assert client.get(draft_url(draft)).status_code == 404
    assert client.get(section_url(sections[0])).status_code == 404
    with pytest.raises(CommentsClosed):
        engagement.add_comment(author=citizen, target=sections[0], text="Hallo")


def test_a_hidden_section_is_not_shown(client, sections):
    Section.objects.filter(pk=sections[2].pk).update(is_hidden=True)
    assert "Ruhezeiten" not in client.get(draft_url(sections[0].draft)).content.decode()
    assert client.get(section_url(sections[2])).status_code == 404


def test_the_importer_creates_sections_from_pasted_text(manager_client, draft):
    url = reverse("consultations_staff:import", args=[draft.process.slug, draft.pk])
    text = "§ 1 Geltungsbereich\nGilt für den Marktplatz.\n§ 2 Ruhe\nNachts ist Ruhe."
    response = manager_client.post(url, {"text": text})
    assert response.status_code == 302
    assert [(s.number, s.heading, s.text) for s in Section.objects.filter(draft=draft)] == [
        ("§ 1", "Geltungsbereich", "Gilt für den Marktplatz."),
        ("§ 2", "Ruhe", "Nachts ist Ruhe."),
    ]
    manager_client.post(url, {"text": "§ 3 Inkrafttreten\nMorgen."})
    assert Section.objects.filter(draft=draft).count() == 3
    manager_client.post(url, {"text": "§ 1 Neu\nNeu.", "replace": "on"})
    assert list(Section.objects.filter(draft=draft).values_list("heading", flat=True)) == ["Neu"]
    assert AuditEntry.objects.filter(object_type="consultations.draft").count() == 3


def test_sections_with_comments_cannot_be_replaced_or_deleted(
    manager, manager_client, citizen, sections
):
    draft = sections[0].draft
    engagement.add_comment(author=citizen, target=sections[0], text="Gut so.")
    with pytest.raises(services.exceptions.DraftHasComments):
        services.import_sections(actor=manager, draft=draft, text="§ 1 Neu\nNeu", replace=True)
    url = reverse(
        "consultations_staff:section_delete", args=[draft.process.slug, draft.pk, sections[0].pk]
    )
    response = manager_client.post(url, follow=True)
    assert "has comments and cannot be deleted" in response.content.decode()
    assert Section.objects.filter(draft=draft).count() == 3


def test_a_manager_creates_a_draft_and_edits_a_section(manager_client, process, phase):
    response = manager_client.post(
        reverse("consultations_staff:create", args=[process.slug]),
        {"title": "Bebauungsplan Nr. 12", "kind": "development_plan", "introduction": ""},
    )
    draft = Draft.objects.get()
    assert response.status_code == 302 and not draft.is_published
    section = SectionFactory(draft=draft, number="1.", heading="Anlass")
    url = reverse("consultations_staff:section_edit", args=[process.slug, draft.pk, section.pk])
    response = manager_client.post(
        url, {"position": "1", "number": "1.", "heading": "Anlass der Planung", "text": "Neu."}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.heading == "Anlass der Planung"
    entry = AuditEntry.objects.get(object_type="consultations.section", action="update")
    assert entry.changes["heading"] == ["Anlass", "Anlass der Planung"]


def test_staff_pages_render(manager_client, sections):
    draft = sections[0].draft
    slug = draft.process.slug
    for url in (
        reverse("consultations_staff:index", args=[slug]),
        reverse("consultations_staff:create", args=[slug]),
        reverse("consultations_staff:draft", args=[slug, draft.pk]),
        reverse("consultations_staff:edit", args=[slug, draft.pk]),
        reverse("consultations_staff:import", args=[slug, draft.pk]),
        reverse("consultations_staff:section_create", args=[slug, draft.pk]),
        reverse("consultations_staff:section_edit", args=[slug, draft.pk, sections[0].pk]),
    ):
        assert manager_client.get(url).status_code == 200, url


def test_the_public_index_lists_published_drafts(client, sections):
    draft = sections[0].draft
    page = client.get(reverse("consultations:index", args=[draft.process.slug]))
    assert draft.title in page.content.decode()
