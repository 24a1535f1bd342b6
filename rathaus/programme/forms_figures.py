"""Forms of the key-figure pages: a figure's definition, the target of a year, a manual
figure's value of a month with its evidence, and the year to show."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.forms_rendering import DatePartsWidget
from rathaus.core.uploads.services import accept_attribute

from .figures import month_start, registry_app_name, registry_choices, registry_entry
from .models import KeyFigure
from .services.figures import EVIDENCE_KINDS

FIRST_YEAR = 2000
LAST_YEAR = 2100
NUMBER_ERRORS = {
    "invalid": _("Enter a number, e.g. 12.5."),
    "max_digits": _("Enter a number of at most 12 digits before the decimal point."),
    "max_whole_digits": _("Enter a number of at most 12 digits before the decimal point."),
    "max_decimal_places": _("Enter a number with at most 2 decimal places."),
}


def _grouped_by_app() -> list[tuple[str, list[tuple[str, str]]]]:
    """The platform's key figures as option groups, one per app."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, label in registry_choices():
        groups.setdefault(registry_app_name(key), []).append((key, label))
    return list(groups.items())


class FigureForm(forms.ModelForm):
    """A key figure's definition. A computed figure names the platform's key figure it
    comes from and takes its unit unless another is given."""

    registry_key = forms.ChoiceField(
        label=_("Computed from"),
        required=False,
        help_text=_("Only for a computed key figure: the platform's key figure it shows."),
    )
    unit = forms.CharField(
        label=pgettext_lazy("measurement unit", "Unit"),
        required=False,
        max_length=40,
        help_text=_(
            "e.g. %, days, datasets. A computed key figure takes the platform's unit "
            "when this is empty."
        ),
    )
    position = forms.IntegerField(
        label=_("Position in the list"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Smaller numbers come first."),
    )

    class Meta:
        model = KeyFigure
        fields = ["title", "description", "source", "registry_key", "unit", "direction", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }
        help_texts = {
            "description": _("What is counted or measured, and how."),
        }
        error_messages = {
            "title": {"required": _("Enter the key figure's title.")},
            "source": {"required": _("Choose where the values come from.")},
            "direction": {"required": _("Choose whether higher or lower values are better.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry is complete only once the apps are loaded: fill the choices here.
        self.fields["registry_key"].choices = [("", _("– none –")), *_grouped_by_app()]
        self.fields["source"].choices = list(KeyFigure.Source.choices)
        self.fields["direction"].choices = list(KeyFigure.Direction.choices)

    def clean(self):
        data = super().clean()
        source, key = data.get("source"), data.get("registry_key") or ""
        if source == KeyFigure.Source.COMPUTED:
            entry = registry_entry(key)
            if entry is None:
                self.add_error(
                    "registry_key", _("Choose the key figure of the platform it is computed from.")
                )
            elif not data.get("unit"):
                data["unit"] = entry.unit
        else:
            data["registry_key"] = ""
        if source and not data.get("unit") and "unit" not in self.errors:
            self.add_error("unit", _("Enter the unit, e.g. % or days."))
        return data

    def _post_clean(self):
        # The service checks the model's rules; the form only validates input.
        pass

    def service_fields(self) -> dict:
        names = ["title", "unit", "description", "direction", "source", "registry_key", "position"]
        return {name: self.cleaned_data[name] for name in names}


class TargetForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Enter the year."),
            "invalid": _("Enter the year as a number, e.g. 2026."),
            "min_value": _("Enter a year from 2000 to 2100."),
            "max_value": _("Enter a year from 2000 to 2100."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
    )
    value = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=_("Leave it empty to remove the target of that year."),
        error_messages=NUMBER_ERRORS,
    )


class MonthPartsWidget(DatePartsWidget):
    """Month and year in two boxes (the month as a number), inside the field's fieldset."""

    part_labels = (_("Month"), _("Year"))
    part_classes = ("kern-form-input__input--width-2", "")

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        ]
        forms.MultiWidget.__init__(self, widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.month, value.year]
        return [None, None]


class MonthField(forms.MultiValueField):
    """A month typed as month and year; its first day."""

    default_error_messages = {
        "incomplete": _("Enter the month and the year."),
        "invalid": _("Enter a real month, for example 3 2026."),
    }

    def __init__(self, **kwargs):
        parts = (
            forms.CharField(required=False, max_length=2),
            forms.CharField(required=False, max_length=4),
        )
        kwargs.setdefault("widget", MonthPartsWidget())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            month, year = (int(str(item).strip()) for item in data_list)
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError
            return datetime.date(year, month, 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ValueForm(forms.Form):
    """A manual figure's value of a month, and where it comes from."""

    month = MonthField(
        label=_("Month"),
        help_text=_("The month the value belongs to, e.g. 3 2026 for March 2026."),
        error_messages={"required": _("Enter the month and the year.")},
    )
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages={"required": _("Enter the value."), **NUMBER_ERRORS},
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the value comes from: a count, a report, a measurement, with its date."),
        error_messages={"required": _("Say where the value comes from.")},
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_(
            "A PDF, an image, or an office document or spreadsheet. Entering a month "
            "again keeps its file unless you choose a new one."
        ),
        widget=forms.FileInput(attrs={"accept": accept_attribute(EVIDENCE_KINDS)}),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month > month_start(self.today):
            raise ValidationError(
                _("Values can be recorded for the current month or earlier months only.")
            )
        return month

    def clean_evidence(self):
        evidence = self.cleaned_data["evidence"].strip()
        if not evidence:
            raise ValidationError(_("Say where the value comes from."))
        return evidence


class YearForm(forms.Form):
    """Which year a page shows (a GET form)."""

    jahr = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(year, str(year)) for year in years]
