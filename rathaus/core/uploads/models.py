"""Files uploaded through the one upload service, stored under server-generated names."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager


class StoredFileQuerySet(models.QuerySet):
    def public(self) -> "StoredFileQuerySet":
        return self.filter(is_public=True)

    def uploaded_by(self, user) -> "StoredFileQuerySet":
        return self.filter(uploaded_by=user)


class StoredFile(TownOwned):
    """One stored file. ``original_name`` is for display only; the file lives in the
    default storage under ``storage_name``, which the server chose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    storage_name = models.CharField(max_length=300, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(
        default=False, help_text=_("Public files (e.g. the town's logo) need no permission.")
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(StoredFileQuerySet)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [
            models.UniqueConstraint(fields=["town", "storage_name"], name="unique_storage_name")
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
