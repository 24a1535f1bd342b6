"""Forms of participatory budgets: the ballot, and the staff's budget and project forms.

Amounts are entered in euros and kept in cents."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Budget, Project
from .money import euros_to_cents, format_euro


class BallotForm(forms.Form):
    projects = forms.MultipleChoiceField(
        label=_("Projects"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_projects = list(projects)
        self.fields["projects"].choices = [
            (str(project.pk), f"{project.title} ({format_euro(project.cost_cents)})")
            for project in self.field_projects
        ]

    def chosen_ids(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("projects"))
        return {str(value) for value in (self.initial.get("projects") or [])}

    def chosen_cents(self) -> int:
        chosen = self.chosen_ids()
        return sum(p.cost_cents for p in self.field_projects if str(p.pk) in chosen)


def _euro_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )


class BudgetForm(forms.ModelForm):
    total = _euro_field(_("Total amount in euros"), _("For example 250000."))

    class Meta:
        model = Budget
        fields = ["title", "description", "minimum_percent", "is_published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    field_order = ["title", "description", "total", "minimum_percent", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["total"].initial = Decimal(self.instance.total_cents) / 100

    def service_data(self) -> dict:
        data = {key: self.cleaned_data[key] for key in self.Meta.fields}
        data["total_cents"] = euros_to_cents(self.cleaned_data["total"])
        return data


class ProjectForm(forms.ModelForm):
    cost = _euro_field(_("Cost in euros"))
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("Optional: a photo or drawing (JPEG, PNG or WebP, at most 10 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    class Meta:
        model = Project
        fields = ["title", "description", "location", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    field_order = [
        "title",
        "description",
        "cost",
        "location",
        "position",
        "image_upload",
        "remove_image",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["cost"].initial = Decimal(self.instance.cost_cents) / 100
        if not self.instance.image_id:
            del self.fields["remove_image"]

    def service_data(self) -> dict:
        data = {key: self.cleaned_data[key] for key in self.Meta.fields}
        data["cost_cents"] = euros_to_cents(self.cleaned_data["cost"])
        return data
