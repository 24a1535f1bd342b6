"""The moderators' area: only moderators (and administrators) with a second factor;
hide, show again and block with reasons, all in the moderation log and the audit trail."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from rathaus.core.audit.models import AuditEntry
from rathaus.core.registries import staff_area_registry
from rathaus.core.staff.tests.conftest import sign_in_verified

from .. import services
from ..models import Block, EngagementSettings, Flag, ModeratedItem, ModerationLogEntry
from ..targets import address_of
from .factories import CommentFactory

PAGES = [
    ("moderation:home", []),
    ("moderation:queue", []),
    ("moderation:blocks", []),
    ("moderation:log", []),
    ("moderation:settings", []),
]


def flag(obj, n=1, reason="offensive", details=""):
    for number in range(n):
        services.flag_content(target=obj, reason=reason, details=details, key=f"reporter-{number}")
    return ModeratedItem.objects.get(target_id=str(obj.pk))


@pytest.fixture
def reported(target):
    """A comment by Bernd, reported twice (below the default threshold of three)."""
    author = UserFactory(given_name="Bernd", family_name="Pöbel")
    comment = CommentFactory(on=target, author=author, text="Ihr seid alle Idioten")
    reporter = UserFactory(given_name="Renate", family_name="Meldend")
    services.flag_content(
        target=comment, reason="offensive", details="Beleidigung", reporter=reporter, key="r1"
    )
    services.flag_content(target=comment, reason="spam", key="r2")
    return comment


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_moderators_and_administrators_reach_every_page(name, args, moderator_client, client):
    assert moderator_client.get(reverse(name, args=args)).status_code == 200
    admin = StaffFactory()
    RoleAssignmentFactory(user=admin, role=Role.ADMINISTRATOR, unit=None)
    other = Client()
    sign_in_verified(other, admin)
    assert other.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_other_staff_and_citizens_get_404(name, args, client):
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.PARTICIPATION_MANAGER, unit=None)
    sign_in_verified(client, clerk)
    assert client.get(reverse(name, args=args)).status_code == 404
    citizen = Client()
    citizen.force_login(UserFactory())
    assert citizen.get(reverse(name, args=args)).status_code == 404


def test_visitors_are_sent_to_sign_in_and_unverified_moderators_to_the_second_factor(
    client, moderator_user
):
    response = client.get(reverse("moderation:home"))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    client.force_login(moderator_user)
    response = client.get(reverse("moderation:home"))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_the_staff_start_page_shows_the_tile_to_moderators_only(moderator_user):
    area = staff_area_registry.get("moderation")
    assert area.is_visible(moderator_user)
    assert not area.is_visible(StaffFactory())
    assert not area.is_visible(UserFactory())


def test_the_summary_alerts_about_content_hidden_after_reports(target, moderator_client):
    comment = CommentFactory(on=target, text="Automatisch versteckt")
    flag(comment, n=3)
    page = moderator_client.get(reverse("moderation:home")).content.decode()
    assert "1 item was hidden after reports and waits for your review" in page
    assert "Automatisch versteckt" in page
    assert "Insulting, discriminating or threatening" in page


def test_the_queue_filters_by_state_and_pages_in_constant_queries(target, moderator_client):
    for _ in range(3):
        flag(CommentFactory(on=target, text="Wartet"))
    hidden = flag(CommentFactory(on=target, text="Versteckt"))
    hidden.state = ModeratedItem.State.HIDDEN
    hidden.save()
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert page.count("Wartet") == 3 and "Versteckt" not in page
    page = moderator_client.get(reverse("moderation:queue") + "?status=ausgeblendet")
    assert "Versteckt" in page.content.decode() and "Wartet" not in page.content.decode()

    def count():
        with CaptureQueriesContext(connection) as queries:
            moderator_client.get(reverse("moderation:queue"))
        return len(queries)

    before = count()
    for _ in range(30):
        flag(CommentFactory(on=target, text="Noch mehr"))
    assert count() == before
    second = moderator_client.get(reverse("moderation:queue") + "?page=2").content.decode()
    assert "Noch mehr" in second


def test_the_item_page_shows_text_reports_and_no_reporter(reported, moderator_client):
    item = ModeratedItem.objects.get()
    page = moderator_client.get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert "Ihr seid alle Idioten" in page
    assert "Beleidigung" in page and "Spam or advertising" in page
    assert "Renate" not in page and "Meldend" not in page
    assert "Bernd Pöbel" in page  # the author, whom a moderator may block
    assert f"/testziel/{reported.pk}/" in page


def test_a_moderator_hides_with_a_reason(reported, moderator_client, moderator_user):
    item = ModeratedItem.objects.get()
    response = moderator_client.post(
        reverse("moderation:hide", args=[item.pk]), {"hide-reason": "Beleidigung"}
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    item.refresh_from_db()
    assert reported.is_hidden and item.state == ModeratedItem.State.HIDDEN
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.reason) == ("hidden", moderator_user, "Beleidigung")
    assert AuditEntry.objects.filter(summary="moderation: hidden").exists()


def test_hiding_without_a_reason_is_refused(reported, moderator_client):
    item = ModeratedItem.objects.get()
    response = moderator_client.post(
        reverse("moderation:hide", args=[item.pk]), {"hide-reason": "  "}
    )
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    reported.refresh_from_db()
    assert not reported.is_hidden and not ModerationLogEntry.objects.exists()


def test_a_moderator_shows_hidden_content_again(target, moderator_client):
    comment = CommentFactory(on=target)
    item = flag(comment, n=3)
    comment.refresh_from_db()
    assert comment.is_hidden
    moderator_client.post(reverse("moderation:unhide", args=[item.pk]), {"show-reason": "Sachlich"})
    comment.refresh_from_db()
    item.refresh_from_db()
    assert not comment.is_hidden and item.state == ModeratedItem.State.VISIBLE
    assert not item.is_auto_hidden
    assert ModerationLogEntry.objects.filter(action="unhidden", reason="Sachlich").exists()


def test_reviewed_content_reported_again_returns_to_the_queue(reported, moderator_user):
    services.unhide(actor=moderator_user, target=reported, reason="In Ordnung")
    services.flag_content(target=reported, reason="spam", key="r3")
    assert ModeratedItem.objects.get().state == ModeratedItem.State.PENDING


def test_a_moderator_blocks_the_author_who_then_cannot_comment(
    reported, moderator_client, moderator_user
):
    item = ModeratedItem.objects.get()
    response = moderator_client.post(
        reverse("moderation:block_author", args=[item.pk]), {"block-reason": "Wiederholt"}
    )
    assert response.status_code == 302
    block = Block.objects.get()
    assert block.user == reported.author and block.blocked_by == moderator_user
    assert ModerationLogEntry.objects.get(action="blocked").item == item
    author_client = Client()
    author_client.force_login(reported.author)
    response = author_client.post(
        reverse("engagement:comment", args=address_of(reported.target)), {"text": "Noch mal"}
    )
    assert response.status_code == 400
    page = moderator_client.get(reverse("moderation:blocks")).content.decode()
    assert "Bernd Pöbel" in page and "Wiederholt" in page


def test_blocking_needs_a_reason(reported, moderator_client):
    item = ModeratedItem.objects.get()
    response = moderator_client.post(reverse("moderation:block_author", args=[item.pk]), {})
    assert response.status_code == 400 and not Block.objects.exists()


def test_staff_cannot_be_blocked(target, moderator_user):
    from ..exceptions import StaffNotBlockable

    with pytest.raises(StaffNotBlockable):
        services.block_user(actor=moderator_user, user=StaffFactory(), reason="x")


def test_a_moderator_lifts_a_block_with_a_reason(reported, moderator_client, moderator_user):
    block = services.block_user(actor=moderator_user, user=reported.author, reason="Pöbelt")
    url = reverse("moderation:unblock", args=[block.pk])
    assert "Pöbelt" in moderator_client.get(url).content.decode()
    assert moderator_client.post(url, {"reason": ""}).status_code == 400
    assert moderator_client.post(url, {"reason": "Entschuldigt"}).status_code == 302
    block.refresh_from_db()
    assert block.lifted_at is not None and not services.is_blocked(reported.author)
    assert ModerationLogEntry.objects.filter(action="unblocked", reason="Entschuldigt").exists()


def test_the_log_lists_every_decision(reported, moderator_client, moderator_user):
    services.hide(actor=moderator_user, target=reported, reason="Grund eins")
    services.block_user(actor=moderator_user, user=reported.author, reason="Grund zwei")
    page = moderator_client.get(reverse("moderation:log")).content.decode()
    assert "Grund eins" in page and "Grund zwei" in page and "Miriam Wolf" in page


def test_non_moderators_cannot_use_the_services(reported):
    from ..exceptions import NotAModerator

    for user in (UserFactory(), StaffFactory()):
        with pytest.raises(NotAModerator):
            services.hide(actor=user, target=reported, reason="x")
        with pytest.raises(NotAModerator):
            services.block_user(actor=user, user=reported.author, reason="x")


def test_the_threshold_is_a_setting(moderator_client, moderator_user):
    url = reverse("moderation:settings")
    assert moderator_client.post(url, {"report_threshold": "0"}).status_code == 400
    assert moderator_client.post(url, {"report_threshold": "5"}).status_code == 302
    assert EngagementSettings.objects.get().report_threshold == 5
    assert AuditEntry.objects.filter(summary__contains="report threshold 5").exists()


def test_unreported_content_can_be_hidden_by_a_moderator(target, moderator_client):
    comment = CommentFactory(on=target, text="Niemand hat gemeldet")
    url = reverse("moderation:content", args=address_of(comment))
    assert "Niemand hat gemeldet" in moderator_client.get(url).content.decode()
    response = moderator_client.post(url, {"hide-reason": "Personenbezogene Daten"})
    item = ModeratedItem.objects.get()
    assert response["Location"] == reverse("moderation:item", args=[item.pk])
    comment.refresh_from_db()
    assert comment.is_hidden and item.state == ModeratedItem.State.HIDDEN
    assert not Flag.objects.exists()
