"""Forms of the plan pages: the roadmap's filters, the year shown, cost items and staff
plan entries. Amounts are typed the German way ("1.234,56"); plain "1234.56" works too."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit

from .budget_import import parse_amount
from .models import CostItem, FieldOfAction, Measure, StaffPlanEntry
from .plan import year_bounds

# The roadmap shows at most this many years at once: more would not fit a screen.
MAX_ROADMAP_YEARS = 6


class MoneyField(forms.DecimalField):
    """An amount in euros with two decimals; negative only when allowed."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 1.234,56."),
        "min_value": _("Amounts must not be negative."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
        "max_decimal_places": _("Enter at most two digits after the comma."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        if not allow_negative:
            kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No HTML step or min: the browser would refuse the German comma.
        return {}


class YearField(forms.IntegerField):
    """A year within the plan's range (ten years back and ahead of today's year, taken when
    the form is checked: declared fields are made once, when the module is imported)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric"}),
        )
        super().__init__(**kwargs)

    @staticmethod
    def _out_of_range() -> ValidationError:
        first, last = year_bounds()
        return ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            code="year_range",
            params={"first": first, "last": last},
        )

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise self._out_of_range() from error

    def validate(self, value):
        super().validate(value)
        first, last = year_bounds()
        if value is not None and not first <= value <= last:
            raise self._out_of_range()

    def widget_attrs(self, widget):
        return {}


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def _measures():
    return Measure.objects.select_related("field").order_by("field__position", "code")


class YearForm(forms.Form):
    """The year a plan page shows (``?year=``)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = year_bounds()
        self.fields["year"].choices = [(year, year) for year in range(first, last + 1)]
        self.initial.setdefault("year", timezone.localdate().year)

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return timezone.localdate().year


class RoadmapFilterForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=_("All fields of action"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    first_year = YearField(label=_("From year"), required=False)
    last_year = YearField(label=_("To year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.all()
        self.fields["status"].choices = [("", _("All statuses")), *Measure.Status.choices]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last:
            if last < first:
                self.add_error("last_year", _("The last year must not lie before the first."))
            elif last - first + 1 > MAX_ROADMAP_YEARS:
                self.add_error(
                    "last_year",
                    _("Show at most %(count)s years at once.") % {"count": MAX_ROADMAP_YEARS},
                )
        return data

    def choices(self) -> dict:
        """The filters chosen (the defaults where the form is not valid): field, status,
        and the first and last year (this year and one either side unless told)."""
        year = timezone.localdate().year
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        first = data.get("first_year")
        last = data.get("last_year")
        if first is None and last is None:
            first, last = year - 1, year + 1
        elif first is None:
            first = max(last - 2, last - MAX_ROADMAP_YEARS + 1)
        elif last is None:
            last = first + 2
        return {
            "field": data.get("field"),
            "status": data.get("status") or "",
            "first_year": first,
            "last_year": last,
        }


class CostItemForm(forms.ModelForm):
    measure = MeasureChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    year = YearField()
    planned = MoneyField(label=_("Planned (EUR)"))
    committed = MoneyField(
        label=_("Committed (EUR)"),
        initial=Decimal("0"),
        help_text=_("Ordered or contracted, not yet paid."),
    )

    class Meta:
        model = CostItem
        fields = ["measure", "year", "kind", "category", "description", "planned", "committed"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "kind": _("One-off: bought or built once. Running: paid every year."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = _measures()
        # Radio buttons without an empty "---------" choice.
        self.fields["kind"].choices = CostItem.Kind.choices

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "measure": data["measure"],
            "year": data["year"],
            "kind": data["kind"],
            "category": data["category"],
            "description": data["description"],
            "planned": data["planned"],
            "committed": data["committed"] if data["committed"] is not None else Decimal("0"),
        }


class StaffEntryForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    measure = MeasureChoiceField(
        label=_("Measure"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("The programme as a whole"),
    )
    year = YearField()
    fte = forms.DecimalField(
        label=_("Full-time equivalents"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("999.99"),
        localize=True,
        help_text=_("For example 0,5 for half a full-time post."),
        error_messages={
            "invalid": _("Enter a number, for example 1,5."),
            "min_value": _("Full-time equivalents must not be negative."),
            "max_value": _("Enter at most 999,99 full-time equivalents."),
            "max_decimal_places": _("Enter at most two digits after the comma."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = StaffPlanEntry
        fields = ["unit", "measure", "year", "fte", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("code")
        self.fields["measure"].queryset = _measures()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "measure": data["measure"],
            "year": data["year"],
            "fte": data["fte"],
            "note": data["note"],
        }
