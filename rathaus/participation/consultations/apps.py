from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "rathaus.participation.consultations"
    label = "consultations"
    verbose_name = _("Document consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rathaus.participation.engagement.registry import register_target
        from rathaus.participation.models import Feature

        from .models import Section

        register_target(
            Section,
            title=lambda section: f"{section.draft.title}: {section.label}",
            url=lambda section: section.get_absolute_url(),
            comments_open=lambda section: (
                section.draft.is_published
                and not section.is_hidden
                and section.draft.process.feature_active(Feature.CONSULTATION)
            ),
            anonymous_allowed=lambda section: section.draft.process.allow_anonymous,
            text=lambda section: f"{section.label}\n{section.text}",
            is_public=lambda section: (
                section.draft.is_published and section.draft.process.is_published
            ),
        )
