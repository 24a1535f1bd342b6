"""Reads of drafts and sections, and comment counts per section."""

from django.db import models


class DraftQuerySet(models.QuerySet):
    def of_process(self, process):
        return self.filter(process=process)

    def published(self):
        return self.filter(is_published=True, process__is_published=True)


class SectionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_hidden=False)


def comment_counts(sections) -> dict[str, int]:
    """Visible comments per section id (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from rathaus.participation.engagement.models import Comment

    from .models import Section

    ids = [str(section.pk) for section in sections]
    if not ids:
        return {}
    rows = (
        Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(Section),
            target_id__in=ids,
            is_hidden=False,
            is_withdrawn=False,
        )
        .values("target_id")
        .annotate(count=models.Count("pk"))
    )
    return {row["target_id"]: row["count"] for row in rows}
