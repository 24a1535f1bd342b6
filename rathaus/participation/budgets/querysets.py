"""Reads of participatory budgets: what the public may see, ballots that count, results."""

from django.db import models


class BudgetQuerySet(models.QuerySet):
    def of_process(self, process):
        return self.filter(process=process)

    def published(self):
        """Budgets the public may see: published, in a published process."""
        return self.filter(is_published=True, process__is_published=True)


class ProjectQuerySet(models.QuerySet):
    def with_votes(self):
        """Each project with ``votes``: the checked-out ballots that chose it."""
        return self.annotate(
            votes=models.Count(
                "ballot_items", filter=models.Q(ballot_items__ballot__checked_out_at__isnull=False)
            )
        )

    def ranked(self):
        """Most votes first; on a tie the cheaper project, then the title."""
        return self.with_votes().order_by("-votes", "cost_cents", "title", "pk")


class BallotQuerySet(models.QuerySet):
    def cast(self):
        """Ballots checked out: the votes that count."""
        return self.filter(checked_out_at__isnull=False)
