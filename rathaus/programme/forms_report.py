"""Forms of the annual report: choosing the year of a new report, and the officer's
free-text sections."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AnnualReport
from .services.report import FIRST_YEAR, TEXT_MAX_LENGTH, field_text_key

TEXT_LABELS = {
    "summary": (
        pgettext_lazy("annual report", "Summary"),
        _("The year in a few paragraphs: what was reached, what was not, and why."),
    ),
    "figures": (
        _("Comment on the key figures"),
        _("How the key figures developed against their targets."),
    ),
    "budget": (
        _("Comment on budget, costs and staff"),
        _("Where costs differ from the plan, and why."),
    ),
    "funding": (
        _("Comment on funding"),
        _("Grants received, applications under way, reporting duties."),
    ),
    "outlook": (
        _("Outlook"),
        _("What the programme plans for the next year."),
    ),
}
YEARS_BACK = 5


class ReportCreateForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "required": _("Choose the year of the report."),
            "invalid_choice": _("Choose a year that has no annual report yet."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="new", **kwargs)
        this_year = timezone.localdate().year
        taken = set(AnnualReport.objects.values_list("year", flat=True))
        years = [
            year
            for year in range(this_year, max(FIRST_YEAR, this_year - YEARS_BACK) - 1, -1)
            if year not in taken
        ]
        self.fields["year"].choices = [("", "---------")] + [(y, str(y)) for y in years]
        if not self.is_bound and years:
            self.initial["year"] = years[0]

    @property
    def has_choices(self) -> bool:
        return len(self.fields["year"].choices) > 1


class ReportTextsForm(forms.Form):
    """One text area per section; the fields of action get one comment each, between the
    summary and the key figures (the report's order)."""

    def __init__(self, *args, fields_of_action: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.field_keys = []
        for key in ("summary",):
            self.fields[key] = self._text(*TEXT_LABELS[key])
        for field in fields_of_action:
            key = field_text_key(field["id"])
            self.fields[key] = self._text(
                _("Comment on the field of action “%(title)s”") % {"title": field["title"]},
                _("The progress of its measures in the year."),
            )
            self.field_keys.append(key)
        for key in ("figures", "budget", "funding", "outlook"):
            self.fields[key] = self._text(*TEXT_LABELS[key])

    @staticmethod
    def _text(label, help_text) -> forms.CharField:
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={
                "max_length": _(
                    "A section may have at most %(limit_value)d characters (it has %(show_value)d)."
                )
            },
        )
