from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefectsConfig(AppConfig):
    name = "rathaus.participation.defects"
    label = "defects"
    verbose_name = _("Defect reporter (Mängelmelder)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rathaus.participation.engagement.registry import register_target

        from .models import DefectReport

        # Reports can be followed and reported to the moderators; nobody comments on them
        # (the clerks' public notes are their history).
        register_target(
            DefectReport,
            title=_report_title,
            url=lambda report: report.get_absolute_url(),
            comments_open=lambda report: False,
            anonymous_allowed=lambda report: True,
            text=lambda report: report.description,
            is_public=lambda report: report.is_public,
        )


def _report_title(report) -> str:
    from django.utils.translation import gettext

    category = report.category.name if report.category_id else ""
    return gettext("Report no. %(number)s: %(category)s") % {
        "number": report.number,
        "category": category,
    }
