"""Reads of participatory processes and proposals."""

import datetime

from django.db import models
from django.db.models import BigIntegerField, F, Max, Min, Q, Value
from django.db.models.functions import Cast, Mod
from django.utils import timezone


class ProcessQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """What anybody may see: published and not hidden by moderation."""
        return self.filter(is_published=True, is_hidden=False)

    def running(self, today=None):
        """Published processes with a phase that has not ended."""
        today = today or timezone.localdate()
        return self.published().filter(phases__ends_on__gte=today).distinct()

    def with_dates(self):
        """Each process with the first day of its first phase and the last of its last."""
        return self.annotate(first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"))

    def public_running(self, today: datetime.date | None = None):
        """Public processes that have not ended (no phases yet counts as upcoming)."""
        today = today or timezone.localdate()
        return (
            self.public()
            .with_dates()
            .filter(Q(last_day__gte=today) | Q(last_day__isnull=True))
            .order_by("first_day", "title")
        )

    def public_past(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.public().with_dates().filter(last_day__lt=today).order_by("-last_day", "title")


class PhaseQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)


# The sort orders of the proposals index: URL value → label (in forms.py) and ordering.
SORTS = ("random", "newest", "most_supported", "most_commented")


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Proposals anybody may see: not hidden by moderation."""
        return self.filter(is_hidden=False)

    def of_process(self, process):
        return self.filter(process=process)

    def answered_as(self, state: str):
        return self.filter(state=state) if state else self

    def with_location(self, located: bool | None):
        return self if located is None else self.filter(has_location=located)

    def by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def accepted(self):
        from .models import Proposal

        return self.filter(state=Proposal.State.ACCEPTED)

    def sorted_by(self, sort: str, seed: int = 1):
        """Order for the index: newest, most supported, most commented, or a random order
        that stays the same for the same ``seed`` (so paging does not shuffle)."""
        if sort == "most_supported":
            return self.order_by("-support_count", "-created_at", "id")
        if sort == "most_commented":
            return self.order_by("-comment_count", "-created_at", "id")
        if sort == "random":
            from .models import RANDOM_PRIME

            seed = max(1, min(int(seed), RANDOM_PRIME - 1))
            shuffled = Mod(
                Cast(F("random_key"), BigIntegerField()) * Cast(Value(seed), BigIntegerField()),
                Value(RANDOM_PRIME, output_field=BigIntegerField()),
            )
            return self.alias(shuffled=shuffled).order_by("shuffled", "id")
        return self.order_by("-created_at", "id")

    def for_index(self):
        """Only what a row of the index shows: no decrypting of whole accounts."""
        return self.select_related("author").only(
            "id",
            "process_id",
            "title",
            "text",
            "show_name",
            "address",
            "has_location",
            "state",
            "implementation",
            "progress",
            "support_count",
            "comment_count",
            "created_at",
            "author__id",
            "author__given_name",
            "author__family_name",
        )
