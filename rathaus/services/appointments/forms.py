"""Forms of the appointment pages: choosing a time, the person's details, and the staff's
desks, opening hours and closures."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.forms_rendering import DatePartsField
from rathaus.services.models import Service

from .models import Desk, Weekday
from .services.desks import OpeningPeriod
from .slots import Slot, parse_start

EMPTY_HOURS_ROWS = 3


def day_label(day: datetime.date) -> str:
    """The day as "Monday, 2 March 2026" in the active language."""
    return f"{formats.date_format(day, 'l')}, {formats.date_format(day, 'DATE_FORMAT')}"


def slot_label(slot: Slot) -> str:
    starts_at, ends_at = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{starts_at:%H:%M}–{ends_at:%H:%M}"


class TimeChoiceForm(forms.Form):
    """One time of one day, as radio buttons in a fieldset."""

    starts_at = forms.CharField(
        label=_("Time"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a time.")},
    )

    def __init__(self, *args, day: datetime.date, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["starts_at"]
        field.label = _("Time on %(day)s") % {"day": day_label(day)}
        field.widget.choices = [(slot.value, slot_label(slot)) for slot in slots]

    def clean_starts_at(self) -> datetime.datetime:
        moment = parse_start(self.cleaned_data["starts_at"])
        if moment is None:
            raise forms.ValidationError(_("Choose a time."))
        return moment


class BookingForm(TimeChoiceForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the confirmation with a calendar file to this address."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.org."),
        },
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class DeskForm(forms.ModelForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    services = forms.ModelMultipleChoiceField(
        label=_("Services"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Services that need or offer an appointment in person."),
    )

    class Meta:
        model = Desk
        fields = ["name", "unit", "location", "services", "slot_minutes", "capacity", "is_active"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["services"].queryset = Service.objects.filter(
            Q(needs_appointment=True) | Q(offers_appointment=True)
        ).order_by("name")


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "–"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(
        label=_("Opens at"),
        required=False,
        widget=forms.TimeInput(format="%H:%M"),
        help_text=_("For example 08:30"),
    )
    closes = forms.TimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.TimeInput(format="%H:%M"),
        help_text=_("For example 12:00"),
    )

    def clean(self):
        data = super().clean()
        values = [data.get("weekday"), data.get("opens"), data.get("closes")]
        if any(value is not None for value in values):
            if data.get("weekday") is None:
                self.add_error("weekday", _("Choose the weekday."))
            if data.get("opens") is None and "opens" not in self.errors:
                self.add_error("opens", _("Enter when the desk opens."))
            if data.get("closes") is None and "closes" not in self.errors:
                self.add_error("closes", _("Enter when the desk closes."))
            elif data.get("opens") and data["closes"] <= data["opens"]:
                self.add_error("closes", _("Enter a time after the opening time."))
        return data

    def period(self) -> OpeningPeriod | None:
        data = self.cleaned_data
        if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
            return None
        return OpeningPeriod(data["weekday"], data["opens"], data["closes"])


class BaseOpeningHoursFormSet(forms.BaseFormSet):
    def periods(self) -> list[OpeningPeriod]:
        return [period for form in self.forms if (period := form.period()) is not None]


def opening_hours_formset(*, data=None, desk: Desk | None = None):
    """The desk's opening hours, one row each, plus empty rows for more."""
    formset_class = forms.formset_factory(
        OpeningHoursForm,
        formset=BaseOpeningHoursFormSet,
        extra=EMPTY_HOURS_ROWS,
        max_num=60,
        absolute_max=60,
    )
    if data is not None:
        return formset_class(data, prefix="hours")
    initial = []
    if desk is not None:
        initial = [
            {"weekday": hours.weekday, "opens": hours.opens, "closes": hours.closes}
            for hours in desk.opening_hours.all()
        ]
    return formset_class(initial=initial or None, prefix="hours")


class ClosureForm(forms.Form):
    date = DatePartsField(label=_("Date"), help_text=_("For example 3 10 2026"))
    desk = forms.ModelChoiceField(
        label=_("Desk"),
        queryset=Desk.objects.none(),
        required=False,
        empty_label=_("Every desk of the town"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: public holiday, staff training"),
    )

    def __init__(self, *args, desks, whole_town: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["desk"]
        field.queryset = desks
        if not whole_town:
            field.required = True
            field.empty_label = None

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value is None:
            raise forms.ValidationError(_("Enter the date."))
        return value


class DayForm(forms.Form):
    """The day shown in the staff's day view."""

    datum = DatePartsField(label=_("Show another day"), required=False)
