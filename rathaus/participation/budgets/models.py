"""A participatory budget (Bürgerhaushalt): a total amount, projects with costs, and each
participant's ballot of projects that together fit within the total.

Money is kept in euro cents. A ballot is built, then checked out once: only checked-out
ballots count, and a checked-out ballot is final (as in Decidim).
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import BallotQuerySet, BudgetQuerySet, ProjectQuerySet


class Budget(TownOwned):
    """The amount a process lets people distribute among projects."""

    class VotingRule(models.TextChoices):
        KNAPSACK = "knapsack", _("Select projects up to the total amount")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="budgets"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    total_cents = models.PositiveBigIntegerField(
        _("total amount (cents)"), validators=[MinValueValidator(1)]
    )
    voting_rule = models.CharField(
        _("voting rule"), max_length=20, choices=VotingRule, default=VotingRule.KNAPSACK
    )
    minimum_percent = models.PositiveSmallIntegerField(
        _("minimum share to distribute (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("A ballot must spend at least this share of the total; 0: no minimum."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(BudgetQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_percent__lte=100), name="budget_minimum_percent_max"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def minimum_cents(self) -> int:
        return self.total_cents * self.minimum_percent // 100

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("budgets:detail", args=[self.process.slug, self.pk])


class Project(TownOwned):
    """A project people can choose, with its cost."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost_cents = models.PositiveBigIntegerField(
        _("cost (cents)"), validators=[MinValueValidator(1)]
    )
    image = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_selected = models.BooleanField(
        _("selected for implementation"),
        default=False,
        help_text=_("Set after the vote: the project will be carried out."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(ProjectQuerySet)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(cost_cents__gt=0), name="project_cost_set")
        ]

    def __str__(self) -> str:
        return self.title


class Ballot(TownOwned):
    """One person's choice of projects in one budget; final once checked out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    # A deleted account leaves its vote counted, without anybody behind it.
    user = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    checked_out_at = models.DateTimeField(_("vote cast at"), null=True, blank=True)

    objects = scoped_manager(BallotQuerySet)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="one_ballot_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.budget} ({self.pk})"

    @property
    def is_final(self) -> bool:
        return self.checked_out_at is not None


class BallotItem(TownOwned):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ballot_items")

    class Meta:
        verbose_name = _("chosen project")
        verbose_name_plural = _("chosen projects")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="one_item_per_project")
        ]
