"""What people add to any public content and how the town keeps it civil: threaded
comments, reports of content (Meldungen), moderation with its log, blocked accounts,
and following (e-mail updates).

Targets are generic (content type and primary key). A model that can be moderated has
a boolean ``is_hidden`` field: moderation sets it, and public reads filter on it.
"""

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedEmailField
from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import CommentQuerySet, FollowQuerySet, ModeratedItemQuerySet

TEXT_LIMIT = 5000


class Target(models.Model):
    """A generic pointer to the content a row is about."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        abstract = True


class EngagementSettings(TownOwned):
    """The town's moderation settings."""

    report_threshold = models.PositiveSmallIntegerField(
        _("reports before content is hidden"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Content reported this often is hidden until a moderator has looked at it."),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")
        constraints = [models.UniqueConstraint(fields=["town"], name="unique_engagement_settings")]


class Comment(TownOwned, Target):
    """A comment on a proposal, a section of a draft, a report …; replies form a thread."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_name = models.BooleanField(_("show my name"), default=False)
    text = models.TextField(_("comment"), max_length=TEXT_LIMIT)
    is_official = models.BooleanField(
        default=False, help_text=_("Written by staff on behalf of the town.")
    )
    is_hidden = models.BooleanField(default=False)
    is_withdrawn = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(CommentQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class Flag(TownOwned, Target):
    """Someone reported content as inappropriate."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Insulting, discriminating or threatening")
        PERSONAL_DATA = "personal_data", _("Reveals personal data")
        ILLEGAL = "illegal", _("Illegal content")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    reporter = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed hash of the session or client for reports without an account: one report
    # per person and content, without storing who they are.
    reporter_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report of content")
        verbose_name_plural = _("reports of content")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "reporter_key"], name="one_flag_per_reporter"
            )
        ]


class ModeratedItem(TownOwned, Target):
    """Content that was reported or moderated: its report count and its hidden state."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        HIDDEN = "hidden", _("Hidden")
        VISIBLE = "visible", _("Reviewed, visible")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    report_count = models.PositiveIntegerField(default=0)
    # Hidden automatically after reports and still waiting for a moderator's decision.
    is_auto_hidden = models.BooleanField(default=False)
    excerpt = models.CharField(max_length=300, blank=True)
    hidden_reason = models.TextField(_("reason"), blank=True)
    first_reported_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scoped_manager(ModeratedItemQuerySet)

    class Meta:
        ordering = ["-first_reported_at"]
        verbose_name = _("moderated content")
        verbose_name_plural = _("moderated content")
        indexes = [models.Index(fields=["state", "first_reported_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], name="one_moderation_per_target"
            )
        ]


class ModerationLogEntry(TownOwned):
    class Action(models.TextChoices):
        AUTO_HIDDEN = "auto_hidden", _("Hidden after reports")
        HIDDEN = "hidden", _("Hidden")
        UNHIDDEN = "unhidden", _("Shown again")
        REVIEWED = "reviewed", _("Reviewed, left visible")
        BLOCKED = "blocked", _("Account blocked")
        UNBLOCKED = "unblocked", _("Account unblocked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        ModeratedItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    blocked_user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")


class Block(TownOwned):
    """An account a moderator blocked from contributing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    blocked_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blocked account")
        verbose_name_plural = _("blocked accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_block_per_user",
            )
        ]


class Follow(TownOwned, Target):
    """Someone asked for e-mail updates about a process, a proposal or a report.

    An account follows with its own address; a person without an account (a defect
    reporter) follows with a confirmed e-mail address.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = EncryptedEmailField(_("e-mail address"), max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(FollowQuerySet)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "user"],
                condition=models.Q(user__isnull=False),
                name="one_follow_per_user",
            ),
        ]
