"""Participatory processes (Beteiligungsverfahren) and their phases.

A process such as "Neugestaltung Marktplatz" runs through phases (information, proposals,
discussion, voting, results, implementation). Each phase switches the process's features
on or off: proposals, comments, support, surveys, budget voting, document consultation.
The features themselves live in their own apps (proposals here; surveys, budgets and
consultations beside it) and ask ``process.feature_active(Feature.X)``.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import PhaseQuerySet, ProcessQuerySet


class Feature(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals")
    COMMENTS = "comments", _("Comments")
    SUPPORT = "support", _("Support for proposals")
    SURVEYS = "surveys", _("Surveys")
    BUDGET_VOTING = "budget_voting", _("Participatory budget voting")
    CONSULTATION = "consultation", _("Document consultation")


class Process(TownOwned):
    """A participatory process with its own public page."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=80, help_text=_("Used in the address."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    allow_anonymous = models.BooleanField(
        _("contributions without a public name"),
        default=True,
        help_text=_(
            "People may contribute without showing their name. Off: a contribution shows the "
            "author's name, and people are told so before they send."
        ),
    )
    supports_per_person = models.PositiveSmallIntegerField(
        _("supports per person"),
        default=0,
        help_text=_("How many proposals one person may support in this process; 0: no limit."),
    )
    proposals_per_person = models.PositiveSmallIntegerField(
        _("proposals per person"),
        default=0,
        help_text=_("0: no limit."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager(ProcessQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        constraints = [models.UniqueConstraint(fields=["town", "slug"], name="unique_process_slug")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("participation:process", args=[self.slug])

    def current_phase(self, today=None) -> "Phase | None":
        """The phase whose dates include ``today``; before the first, none; after the
        last, the last (its results stay visible)."""
        today = today or timezone.localdate()
        phases = list(self.phases.all())
        current = None
        for phase in phases:
            if phase.starts_on <= today:
                current = phase
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return current

    def feature_active(self, feature: str, today=None) -> bool:
        """Whether the current phase switches ``feature`` on."""
        phase = self.current_phase(today)
        today = today or timezone.localdate()
        return bool(
            self.is_published
            and phase is not None
            and phase.starts_on <= today <= phase.ends_on
            and feature in phase.features
        )


class Phase(TownOwned):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        PROPOSALS = "proposals", _("Proposals")
        DISCUSSION = "discussion", _("Discussion")
        VOTING = "voting", _("Voting")
        RESULTS = "results", _("Results")
        IMPLEMENTATION = "implementation", _("Implementation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    features = models.JSONField(
        _("features"),
        default=list,
        blank=True,
        help_text=_("The features switched on during this phase."),
    )

    objects = scoped_manager(PhaseQuerySet)

    class Meta:
        ordering = ["starts_on", "ends_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def display_title(self) -> str:
        return str(self)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})
        unknown = set(self.features or []) - set(Feature.values)
        if unknown:
            raise ValidationError({"features": _("Unknown feature.")})


class ProcessDocument(TownOwned):
    """A document published on the process page (plans, minutes, the council's decision)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("file"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("process document")
        verbose_name_plural = _("process documents")

    def __str__(self) -> str:
        return self.title
