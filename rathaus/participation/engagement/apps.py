from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _comment_url(comment) -> str:
    from .registry import UnknownTarget, kind_of

    target = comment.target
    try:
        url = kind_of(target).url(target) if target is not None else "/"
    except UnknownTarget:
        url = "/"
    return f"{url}#comment-{comment.pk}"


def _comment_public(comment) -> bool:
    """A comment is public while not withdrawn and while the content it is on is public."""
    from .registry import UnknownTarget, is_publicly_visible

    if comment.is_withdrawn:
        return False
    target = comment.target
    try:
        return target is not None and is_publicly_visible(target)
    except UnknownTarget:
        return False


def _comment_title(comment) -> str:
    from django.utils.text import Truncator

    return Truncator(comment.text).chars(60) or str(_("Withdrawn comment"))


class EngagementConfig(AppConfig):
    name = "rathaus.participation.engagement"
    label = "engagement"
    verbose_name = _("Comments, moderation and following")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import Comment
        from .registry import register_target

        # Comments can be reported and moderated; nobody comments on a comment (replies
        # are comments on the same content).
        register_target(
            Comment,
            title=_comment_title,
            url=_comment_url,
            comments_open=lambda comment: False,
            anonymous_allowed=lambda comment: True,
            text=lambda comment: comment.text,
            is_public=_comment_public,
        )
