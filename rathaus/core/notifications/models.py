"""The in-app postbox: every account has one; e-mails tell people something is there."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager


class MessageQuerySet(models.QuerySet):
    def for_user(self, user) -> "MessageQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "MessageQuerySet":
        return self.filter(read_at__isnull=True)

    def postbox_of(self, user) -> "MessageQuerySet":
        """A person's messages, newest first, ready for the list page."""
        return self.for_user(user).order_by("-created_at", "-pk")


class Message(TownOwned):
    """A message in a person's postbox."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="postbox_messages"
    )
    subject = EncryptedTextField(_("subject"), max_length=300)
    body = EncryptedTextField(_("message"), multiline=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager(MessageQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("postbox message")
        verbose_name_plural = _("postbox messages")
        indexes = [models.Index(fields=["recipient", "read_at"], name="postbox_unread_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:message", args=[self.pk])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
