"""Writes of comments, reports of content, moderation, blocks and following.

Every function takes its target as the content object itself; the kinds of content
are known from ``registry``. Moderators are staff with the moderator or administrator
role.
"""

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from rathaus.core.accounts.permissions import has_role, is_administrator
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.notifications.services import (
    absolute_url,
    notify,
    notify_staff_with_role,
    send_templated_email,
)

from . import exceptions
from .models import (
    TEXT_LIMIT,
    Block,
    Comment,
    EngagementSettings,
    Flag,
    Follow,
    ModeratedItem,
    ModerationLogEntry,
)
from .querysets import target_filter
from .registry import kind_of

UNSUBSCRIBE_SALT = "rathaus.engagement.unsubscribe"


# ---------------------------------------------------------------- permissions


def is_moderator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_town_staff", False)
        and (has_role(user, Role.MODERATOR) or is_administrator(user))
    )


def is_blocked(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Block.objects.filter(user=user, lifted_at__isnull=True).exists()


def require_may_contribute(user) -> None:
    """Raise ``AccountBlocked`` for a blocked account; every contribution asks this."""
    if is_blocked(user):
        raise exceptions.AccountBlocked


def require_name_choice(target, show_name: bool) -> None:
    """Where a process allows no anonymous contributions, the name must be shown."""
    if not show_name and not kind_of(target).anonymous_allowed(target):
        raise exceptions.NameRequired


def public_name(user, show_name: bool) -> str:
    """The name shown on public pages: the person's only if they chose to show it."""
    if show_name and user is not None:
        return user.get_full_name()
    return ""


def settings_for_town() -> EngagementSettings:
    found = EngagementSettings.objects.first()
    return found or EngagementSettings.objects.create()


# ---------------------------------------------------------------- comments


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise exceptions.EmptyText
    if len(text) > TEXT_LIMIT:
        raise exceptions.TextTooLong
    return text


@transaction.atomic
def add_comment(*, author, target, text: str, parent: Comment | None = None, show_name=False):
    """A signed-in person comments on ``target`` or replies to ``parent`` (on the same
    target). Followers of the target, and the author of the comment replied to, are told."""
    require_may_contribute(author)
    kind = kind_of(target)
    if not kind.comments_open(target):
        raise exceptions.CommentsClosed
    require_name_choice(target, show_name)
    text = _clean_text(text)
    if parent is not None and (
        parent.target_id != str(target.pk) or parent.is_hidden or parent.is_withdrawn
    ):
        raise exceptions.ReplyTargetGone
    comment = Comment.objects.create(
        **target_filter(target),
        parent=parent,
        depth=(parent.depth + 1) if parent else 0,
        author=author,
        show_name=show_name,
        text=text,
        is_official=bool(getattr(author, "is_town_staff", False)),
    )
    link = f"{kind.url(target)}#comment-{comment.pk}"
    context = {"title": kind.title(target), "text": text, "url": absolute_url(link)}
    notify_followers(
        target=target,
        template="engagement/new_comment",
        context=context,
        link=link,
        exclude_user=author,
    )
    if parent is not None and parent.author_id and parent.author_id != author.pk:
        notify(
            recipient=parent.author,
            template="engagement/reply",
            context=context,
            link=link,
        )
    return comment


@transaction.atomic
def withdraw_comment(*, actor, comment: Comment) -> Comment:
    """The author takes their comment back; replies stay, the text goes."""
    if actor is None or comment.author_id != actor.pk:
        raise exceptions.NotYourComment
    comment.is_withdrawn = True
    comment.text = ""
    comment.save(update_fields=["is_withdrawn", "text"])
    return comment


# ---------------------------------------------------------------- reports of content


def reporter_key(*, user=None, session_key: str = "", client: str = "") -> str:
    """A keyed hash standing for the reporter: their account, else their session or client."""
    raw = (
        f"user:{user.pk}"
        if user is not None and user.is_authenticated
        else (f"session:{session_key}" if session_key else f"client:{client}")
    )
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def _item_for(target, lock=False) -> ModeratedItem:
    kind = kind_of(target)
    item, _created = ModeratedItem.objects.get_or_create(
        **target_filter(target),
        defaults={"excerpt": kind.text(target)[:300]},
    )
    if lock:
        item = ModeratedItem.objects.select_for_update().get(pk=item.pk)
    return item


def _set_hidden(target, hidden: bool) -> None:
    type(target)._default_manager.filter(pk=target.pk).update(is_hidden=hidden)
    target.is_hidden = hidden


def flag_content(*, target, reason: str, details: str = "", reporter=None, key: str) -> Flag:
    """Someone reports ``target``. At the town's threshold the content is hidden until a
    moderator reviews it, and the moderators are alerted."""
    if reason not in Flag.Reason.values:
        raise exceptions.ReasonRequired
    require_may_contribute(reporter)
    with transaction.atomic():
        item = _item_for(target, lock=True)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    **target_filter(target),
                    reason=reason,
                    details=(details or "").strip()[:1000],
                    reporter=reporter
                    if reporter is not None and reporter.is_authenticated
                    else None,
                    reporter_key=key,
                )
        except IntegrityError:
            raise exceptions.AlreadyFlagged from None
        item.report_count = F("report_count") + 1
        item.first_reported_at = item.first_reported_at or timezone.now()
        if item.state == ModeratedItem.State.VISIBLE:
            # Reported again after a review: it goes back to the queue.
            item.state = ModeratedItem.State.PENDING
        item.save()
        item.refresh_from_db()
        threshold = settings_for_town().report_threshold
        if (
            item.report_count >= threshold
            and item.state == ModeratedItem.State.PENDING
            and not target.is_hidden
        ):
            _set_hidden(target, True)
            item.is_auto_hidden = True
            item.save(update_fields=["is_auto_hidden"])
            ModerationLogEntry.objects.create(
                item=item,
                action=ModerationLogEntry.Action.AUTO_HIDDEN,
                reason=str(item.report_count),
            )
            notify_staff_with_role(
                role=Role.MODERATOR,
                template="engagement/hidden_alert",
                context={
                    "excerpt": item.excerpt,
                    "count": item.report_count,
                    "url": absolute_url(_moderation_link(item)),
                },
                link=_moderation_link(item),
            )
    return flag


def _moderation_link(item: ModeratedItem) -> str:
    from django.urls import reverse

    return reverse("moderation:item", args=[item.pk])


def _require_moderator(actor) -> None:
    if not is_moderator(actor):
        raise exceptions.NotAModerator


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise exceptions.ReasonRequired
    return reason


@transaction.atomic
def hide(*, actor, target, reason: str) -> ModeratedItem:
    """A moderator hides content, reported or not, with a reason."""
    _require_moderator(actor)
    reason = _require_reason(reason)
    item = _item_for(target, lock=True)
    _set_hidden(target, True)
    item.state = ModeratedItem.State.HIDDEN
    item.is_auto_hidden = False
    item.hidden_reason = reason
    item.reviewed_at, item.reviewed_by = timezone.now(), actor
    item.save()
    _log(item, ModerationLogEntry.Action.HIDDEN, actor, reason)
    return item


@transaction.atomic
def unhide(*, actor, target, reason: str) -> ModeratedItem:
    """A moderator shows content again (or leaves reported content visible)."""
    _require_moderator(actor)
    reason = _require_reason(reason)
    item = _item_for(target, lock=True)
    action = (
        ModerationLogEntry.Action.UNHIDDEN
        if target.is_hidden
        else ModerationLogEntry.Action.REVIEWED
    )
    _set_hidden(target, False)
    item.state = ModeratedItem.State.VISIBLE
    item.is_auto_hidden = False
    item.hidden_reason = ""
    item.reviewed_at, item.reviewed_by = timezone.now(), actor
    item.save()
    _log(item, action, actor, reason)
    return item


def _log(item, action, actor, reason, blocked_user=None) -> ModerationLogEntry:
    entry = ModerationLogEntry.objects.create(
        item=item, action=action, actor=actor, reason=reason, blocked_user=blocked_user
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=item if item is not None else entry,
        summary=f"moderation: {action}",
    )
    return entry


@transaction.atomic
def block_user(*, actor, user, reason: str, item: ModeratedItem | None = None) -> Block:
    """A moderator blocks an account from contributing (it can still read everything)."""
    _require_moderator(actor)
    reason = _require_reason(reason)
    if user.is_town_staff:
        raise exceptions.StaffNotBlockable
    block = Block.objects.filter(user=user, lifted_at__isnull=True).first()
    if block is None:
        block = Block.objects.create(user=user, reason=reason, blocked_by=actor)
        _log(item, ModerationLogEntry.Action.BLOCKED, actor, reason, blocked_user=user)
    return block


@transaction.atomic
def unblock_user(*, actor, user, reason: str) -> None:
    """A moderator lifts the block of an account."""
    _require_moderator(actor)
    reason = _require_reason(reason)
    lifted = Block.objects.filter(user=user, lifted_at__isnull=True).update(
        lifted_at=timezone.now()
    )
    if lifted:
        _log(None, ModerationLogEntry.Action.UNBLOCKED, actor, reason, blocked_user=user)


def author_of(target):
    """The account that wrote ``target`` if its model has an ``author`` foreign key."""
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = type(target)._meta.get_field("author")
    except FieldDoesNotExist:
        return None
    if not field.many_to_one:
        return None
    return getattr(target, "author", None)


@transaction.atomic
def update_settings(*, actor, report_threshold: int) -> EngagementSettings:
    """A moderator sets how many reports hide content until review."""
    _require_moderator(actor)
    current = settings_for_town()
    current.report_threshold = report_threshold
    current.full_clean()
    current.save(update_fields=["report_threshold"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=current,
        summary=f"moderation: report threshold {report_threshold}",
    )
    return current


# ---------------------------------------------------------------- following


def follow(*, target, user=None, email: str = "") -> Follow:
    """``user`` (or, without an account, a confirmed ``email``) follows ``target``."""
    kind_of(target)
    if user is not None:
        found = Follow.objects.of(target).filter(user=user).first()
        if found:
            return found
        try:
            with transaction.atomic():
                return Follow.objects.create(**target_filter(target), user=user)
        except IntegrityError:
            return Follow.objects.of(target).get(user=user)
    if not email:
        raise ValueError("A follower needs an account or an e-mail address.")
    return Follow.objects.create(**target_filter(target), email=email)


def unfollow(*, target, user) -> int:
    return Follow.objects.of(target).filter(user=user).delete()[0]


def is_following(*, target, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.of(target).filter(user=user).exists()


def unsubscribe_token(follow_row: Follow) -> str:
    return signing.dumps(str(follow_row.pk), salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(follow_row: Follow) -> str:
    from django.urls import reverse

    return absolute_url(reverse("engagement:unsubscribe", args=[unsubscribe_token(follow_row)]))


def follow_for_token(token: str) -> Follow:
    try:
        follow_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise exceptions.InvalidUnsubscribeLink from None
    found = Follow.objects.filter(pk=follow_id).first()
    if found is None:
        raise exceptions.InvalidUnsubscribeLink
    return found


def unsubscribe(token: str) -> None:
    """One click in an update e-mail ends that subscription (no sign-in needed)."""
    follow_for_token(token).delete()


def notify_followers(*, target, template: str, context: dict, link: str, exclude_user=None):
    """Send each follower of ``target`` an update: to a postbox and e-mail for accounts,
    by e-mail for followers without one. Each e-mail carries its one-click unsubscribe
    link. Sent after the transaction commits (the notification services do that)."""
    sent = 0
    for row in Follow.objects.of(target).select_related("user"):
        if exclude_user is not None and row.user_id == exclude_user.pk:
            continue
        row_context = {**context, "unsubscribe_url": unsubscribe_url(row)}
        if row.user is not None:
            if row.user.is_active:
                notify(recipient=row.user, template=template, context=row_context, link=link)
                sent += 1
        else:
            send_templated_email(to=row.email, template=template, context=row_context)
            sent += 1
    return sent
