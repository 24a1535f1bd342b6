from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "rathaus.participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rathaus.participation.engagement.registry import register_target

        from . import signals
        from .models import Feature, Process, Proposal

        register_target(
            Proposal,
            title=lambda proposal: proposal.title,
            url=lambda proposal: proposal.get_absolute_url(),
            comments_open=lambda proposal: (
                not proposal.is_hidden and proposal.process.feature_active(Feature.COMMENTS)
            ),
            anonymous_allowed=lambda proposal: proposal.process.allow_anonymous,
            text=lambda proposal: f"{proposal.title}\n\n{proposal.text}",
            is_public=lambda proposal: (
                proposal.process.is_published and not proposal.process.is_hidden
            ),
        )
        register_target(
            Process,
            title=lambda process: process.title,
            url=lambda process: process.get_absolute_url(),
            # People comment on a process's proposals, drafts and surveys, not on the process.
            comments_open=lambda process: False,
            anonymous_allowed=lambda process: process.allow_anonymous,
            text=lambda process: f"{process.title}\n\n{process.summary}",
            is_public=lambda process: process.is_published,
        )
        signals.connect()
