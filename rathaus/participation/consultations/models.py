"""Document consultation (Entwurfsbeteiligung): a draft such as a bylaw (Satzung) or a
development plan (Bebauungsplan), split into sections people comment on one by one."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import DraftQuerySet, SectionQuerySet


class Draft(TownOwned):
    class Kind(models.TextChoices):
        BYLAW = "bylaw", _("Bylaw (Satzung)")
        DEVELOPMENT_PLAN = "development_plan", _("Development plan (Bebauungsplan)")
        REGULATION = "regulation", _("Regulation (Verordnung)")
        CONCEPT = "concept", _("Concept or plan")
        OTHER = "other", _("Other document")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="drafts"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.BYLAW)
    original_file = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("original document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(DraftQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:draft", args=[self.process.slug, self.pk])


class Section(TownOwned):
    """A section of a draft (a § of a bylaw, a chapter of a plan); comments attach here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    number = models.CharField(_("number"), max_length=30, blank=True, help_text=_("e.g. § 3"))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    is_hidden = models.BooleanField(default=False)

    objects = scoped_manager(SectionQuerySet)

    class Meta:
        ordering = ["position", "number"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.number, self.heading) if part) or str(
            _("Section %(position)s") % {"position": self.position}
        )

    @property
    def anchor(self) -> str:
        return f"abschnitt-{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "consultations:section", args=[self.draft.process.slug, self.draft_id, self.pk]
        )
