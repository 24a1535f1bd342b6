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
