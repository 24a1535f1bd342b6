"""Reads of comments and followers."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


def target_filter(obj) -> dict:
    return {
        "target_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
        "target_id": str(obj.pk),
    }


class CommentQuerySet(models.QuerySet):
    def on(self, obj):
        return self.filter(**target_filter(obj))

    def public(self):
        return self.filter(is_hidden=False)


class FollowQuerySet(models.QuerySet):
    def of(self, obj):
        return self.filter(**target_filter(obj))


class ModeratedItemQuerySet(models.QuerySet):
    def in_state(self, state: str):
        return self.filter(state=state)

    def waiting_after_auto_hide(self):
        """Hidden automatically after reports and not yet reviewed: the moderators' alerts."""
        return self.filter(state="pending", is_auto_hidden=True)

    def for_queue(self):
        return self.select_related("target_type", "reviewed_by").order_by(
            "-is_auto_hidden", "-first_reported_at", "pk"
        )

    def state_counts(self) -> dict:
        return self.aggregate(
            pending=models.Count("pk", filter=models.Q(state="pending")),
            hidden=models.Count("pk", filter=models.Q(state="hidden")),
            visible=models.Count("pk", filter=models.Q(state="visible")),
            auto_hidden=models.Count("pk", filter=models.Q(state="pending", is_auto_hidden=True)),
        )

    def ids_for_targets(self, pairs) -> dict:
        """{(content type id, target id): item id} for the given pairs, in one query."""
        pairs = set(pairs)
        if not pairs:
            return {}
        condition = models.Q()
        for type_id, target_id in pairs:
            condition |= models.Q(target_type_id=type_id, target_id=target_id)
        return {
            (row["target_type_id"], row["target_id"]): row["pk"]
            for row in self.filter(condition).values("pk", "target_type_id", "target_id")
        }
