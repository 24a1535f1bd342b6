"""Participatory processes (Beteiligungsverfahren) and their phases.

A process such as "Neugestaltung Marktplatz" runs through phases (information, proposals,
discussion, voting, results, implementation). Each phase switches the process's features
on or off: proposals, comments, support, surveys, budget voting, document consultation.
The features themselves live in their own apps (proposals here; surveys, budgets and
consultations beside it) and ask ``process.feature_active(Feature.X)``.
"""

import random
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import PhaseQuerySet, ProcessQuerySet, ProposalQuerySet


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
    # Set by moderation (a process can be followed, so it can be reported like any content).
    is_hidden = models.BooleanField(default=False, editable=False)
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


# ---------------------------------------------------------------- proposals

PROPOSAL_TEXT_LIMIT = 5000
# The random order of proposals is ``random_key * seed mod RANDOM_PRIME``: a permutation of
# the keys for every seed between 1 and RANDOM_PRIME - 1 (a Mersenne prime).
RANDOM_PRIME = 2_147_483_647


def _random_key() -> int:
    return random.randrange(1, RANDOM_PRIME)  # noqa: S311 (an ordering, not a secret)


class Proposal(TownOwned):
    """A citizen's proposal (Vorschlag) in a process; others support and comment on it,
    and the town answers it officially."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("Not yet answered")
        EVALUATING = "evaluating", _("Under evaluation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNING = "planning", _("In planning")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    show_name = models.BooleanField(_("show my name"), default=False)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("proposal"), max_length=PROPOSAL_TEXT_LIMIT)
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    has_location = models.BooleanField(default=False, editable=False)
    image = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("answer"), max_length=12, choices=State, default=State.PUBLISHED)
    answer = models.TextField(_("reasons"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    implementation = models.CharField(
        _("implementation"), max_length=12, choices=Implementation, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress in percent"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    implementation_note = models.TextField(_("note on the implementation"), blank=True)
    # Kept exact by the services (F() updates in the writing transaction).
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    random_key = models.PositiveIntegerField(default=_random_key, editable=False)
    is_hidden = models.BooleanField(default=False, editable=False)
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(ProposalQuerySet)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        # One index per order of the public index (``querysets.ProposalQuerySet.sorted_by``),
        # with the same columns and directions, so a page is read straight from the index.
        indexes = [
            models.Index(
                fields=["process", "is_hidden", "-created_at", "id"], name="proposal_newest"
            ),
            models.Index(
                fields=["process", "is_hidden", "-support_count", "-created_at", "id"],
                name="proposal_supported",
            ),
            models.Index(
                fields=["process", "is_hidden", "-comment_count", "-created_at", "id"],
                name="proposal_commented",
            ),
            models.Index(fields=["process", "state"], name="proposal_state"),
            models.Index(fields=["process", "author"], name="proposal_author"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="unique_proposal_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="proposal_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.has_location = bool(self.address or self.latitude is not None)
        if kwargs.get("update_fields") is not None and (
            {"address", "latitude", "longitude"} & set(kwargs["update_fields"])
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "has_location"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("participation:proposal", args=[self.process.slug, self.pk])

    @property
    def is_answered(self) -> bool:
        return self.state != self.State.PUBLISHED

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.ACCEPTED


class Support(TownOwned):
    """One account supports one proposal (withdrawable)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    # The process, for the per-person limit and the participant count.
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        indexes = [models.Index(fields=["process", "user"], name="support_process_user")]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_account")
        ]


class Milestone(TownOwned):
    """A step in implementing an accepted proposal (the accountability page shows them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
