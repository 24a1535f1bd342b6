"""Input of the concept's pages: a field of action, a measure with its links, its status,
a milestone, a risk, and the measure list's filter."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rathaus.core.accounts.models import Unit, User

from .models import FieldOfAction, FundingProgramme, KeyFigure, Level, Measure, Milestone, Risk
from .services.concept import FIELD_FIELDS, MEASURE_FIELDS, MILESTONE_FIELDS, RISK_FIELDS

DATE_WIDGET = {"type": "date"}
DATE_FORMAT = "%Y-%m-%d"
DATE_INPUTS = [DATE_FORMAT, "%d.%m.%Y"]


def _date_field(label, *, required=False, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs=DATE_WIDGET, format=DATE_FORMAT),
        error_messages={
            "required": _("Enter a date."),
            "invalid": _("Enter a real date, for example 31.03.2026."),
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}"


def staff_choices(field: forms.ModelChoiceField, current=None) -> None:
    """Active staff (and whoever is chosen now) as the field's choices, sorted by name:
    names are encrypted, so they are sorted here rather than in the database."""
    people = (
        User.objects.staff()
        .filter(Q(is_active=True) | Q(pk=getattr(current, "pk", None)))
        .only("pk", "email", "given_name", "family_name", "kind")
    )
    field.queryset = people
    field.choices = [("", _("Nobody"))] + sorted(
        ((person.pk, field.label_from_instance(person)) for person in people),
        key=lambda choice: choice[1].casefold(),
    )


def unit_choices(field: forms.ModelChoiceField, current=None) -> None:
    field.queryset = Unit.objects.filter(
        Q(is_active=True) | Q(pk=getattr(current, "pk", None))
    ).order_by("code", "name")


class NoModelValidation:
    """The service checks the model's rules and saves; the form only validates input."""

    def _post_clean(self):
        pass


# ------------------------------------------------------------------ fields of action


class FieldOfActionForm(NoModelValidation, forms.ModelForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. online-dienste."),
        error_messages={
            "required": _("Enter a short name."),
            "invalid": _("Use lower-case letters, digits and hyphens only."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = FieldOfAction
        fields = list(FIELD_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"description": _("What the town wants to reach in this field.")}


# ------------------------------------------------------------------ measures


class MeasureForm(NoModelValidation, forms.ModelForm):
    """A measure with its links. Querysets are set per form: no town scope at import."""

    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        error_messages={"required": _("Choose the field of action.")},
    )
    code = forms.CharField(
        label=pgettext_lazy("measure", "Number"),
        max_length=20,
        help_text=_("The measure's number in the concept, e.g. 3.2."),
        error_messages={"required": _("Enter the measure's number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    goal = forms.CharField(
        label=_("Goal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is better once the measure is done."),
        error_messages={"required": _("Enter the measure's goal.")},
    )
    responsible_unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    responsible_person = PersonChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A member of staff; they may change the status and the milestones."),
    )
    starts_on = _date_field(pgettext_lazy("measure", "Start"))
    ends_on = _date_field(pgettext_lazy("measure", "End"), help_text=_("Not before the start."))
    depends_on = MeasureChoiceField(
        label=_("Depends on"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Measures that must be done before this one can be."),
    )
    key_figures = forms.ModelMultipleChoiceField(
        label=_("Key figures"),
        queryset=KeyFigure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The key figures that show the measure's progress."),
    )
    funding_programmes = forms.ModelMultipleChoiceField(
        label=_("Funding programmes it could use"),
        queryset=FundingProgramme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Measure
        fields = [*MEASURE_FIELDS, "depends_on", "key_figures"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "status": forms.RadioSelect,
        }
        help_texts = {"description": _("How the town goes about it; what it includes.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measure = self.instance if self.instance.pk and not self.instance._state.adding else None
        self.fields["field"].queryset = FieldOfAction.objects.order_by("position", "title")
        unit_choices(self.fields["responsible_unit"], measure.responsible_unit if measure else None)
        staff_choices(
            self.fields["responsible_person"], measure.responsible_person if measure else None
        )
        others = Measure.objects.order_by("field__position", "code")
        if measure is not None:
            others = others.exclude(pk=measure.pk)
            if not self.is_bound:
                self.initial["funding_programmes"] = list(
                    measure.funding_programmes.values_list("pk", flat=True)
                )
        self.fields["depends_on"].queryset = others
        self.fields["key_figures"].queryset = KeyFigure.objects.order_by("position", "title")
        self.fields["funding_programmes"].queryset = FundingProgramme.objects.order_by("name")
        # An empty group of check boxes would leave its heading unexplained.
        empty = {
            "depends_on": _("There is no other measure yet."),
            "key_figures": _("There are no key figures yet; they are defined under Key figures."),
            "funding_programmes": _(
                "There are no funding programmes yet; they are collected under Funding."
            ),
        }
        for name, hint in empty.items():
            if not self.fields[name].queryset.exists():
                self.fields[name].help_text = hint

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not be before the start."))
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEASURE_FIELDS}

    def links(self) -> dict:
        return {
            name: list(self.cleaned_data[name])
            for name in ("depends_on", "key_figures", "funding_programmes")
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)


# ------------------------------------------------------------------ milestones and risks


class MilestoneForm(NoModelValidation, forms.ModelForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    due_on = _date_field(_("Due on"), required=True)
    reached_on = _date_field(
        _("Reached on"), help_text=_("Leave empty while the milestone is still ahead.")
    )

    class Meta:
        model = Milestone
        fields = list(MILESTONE_FIELDS)


class RiskForm(NoModelValidation, forms.ModelForm):
    description = forms.CharField(
        label=_("Risk"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What could go wrong, and what would follow."),
        error_messages={"required": _("Describe the risk.")},
    )
    likelihood = forms.ChoiceField(
        label=_("Likelihood"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how likely the risk is.")},
    )
    impact = forms.ChoiceField(
        label=_("Impact"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how grave its impact would be.")},
    )
    owner = PersonChoiceField(
        label=pgettext_lazy("risk", "Owner"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The member of staff who watches the risk."),
    )

    class Meta:
        model = Risk
        fields = list(RISK_FIELDS)
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"mitigation": _("What the town does to prevent it or soften it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.owner if self.instance.owner_id else None
        staff_choices(self.fields["owner"], current)


# ------------------------------------------------------------------ the measure list


class MeasureFilterForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = UnitChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    overdue = forms.BooleanField(label=_("Only overdue measures"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.order_by("position", "title")
        self.fields["status"].choices = [("", _("All")), *Measure.Status.choices]
        self.fields["unit"].queryset = Unit.objects.order_by("code", "name")

    def filters(self) -> dict:
        """The queryset's keyword arguments; an invalid filter counts as not set."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "field_of_action": data["field"],
            "status": data["status"],
            "unit": data["unit"],
            "overdue_only": data["overdue"],
        }
