"""Forms of the compliance view: its filters and assigning a course by hand."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit

from .compliance import Filters, assignable_people, compliance_courses, units_visible_to


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class FilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("All units")
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=None,
        required=False,
        empty_label=_("All courses"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, viewer, show_overdue: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=[unit.pk for unit in units_visible_to(viewer)]
        ).order_by("code")
        self.fields["course"].queryset = compliance_courses()
        if not show_overdue:
            del self.fields["overdue"]

    def filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            unit=data.get("unit"),
            course=data.get("course"),
            overdue_only=bool(data.get("overdue")),
        )


class AssignForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"))
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    due_on = forms.DateField(
        label=_("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, prefix="assign", **kwargs)
        self.people = {str(p.pk): p for p in assignable_people(viewer)}
        self.fields["person"].choices = [("", "---------")] + [
            (pk, person.get_full_name() or person.email) for pk, person in self.people.items()
        ]
        self.fields["course"].queryset = compliance_courses()
        if not self.is_bound:
            self.initial["due_on"] = timezone.localdate() + datetime.timedelta(days=30)

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]
