"""Forms of files (Akten)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit, User
from rathaus.core.staff.forms import StaffChoiceField, UnitChoiceField

from ..models import FilePlanEntry, RecordFile
from .plan import PlanEntryChoiceField


class FileCreateForm(forms.Form):
    plan_entry = PlanEntryChoiceField(
        label=_("File plan position"), queryset=FilePlanEntry.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = UnitChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    has_personal_data = forms.BooleanField(
        label=_("Contains personal data"),
        required=False,
        help_text=_("Reading its documents is recorded in the audit trail."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_entry"].queryset = FilePlanEntry.objects.active().order_by("code")
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class FileEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    has_personal_data = forms.BooleanField(
        label=_("Contains personal data"),
        required=False,
        help_text=_("Reading its documents is recorded in the audit trail."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, file: RecordFile) -> dict:
        return {
            "title": file.title,
            "description": file.description,
            "has_personal_data": file.has_personal_data,
            "version": file.version,
        }


class FileFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *RecordFile.State.choices],
    )
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ShareForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    user = StaffChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("code")
        staff = User.objects.staff().active()
        self.fields["user"].queryset = staff
        people = sorted(
            staff, key=lambda u: ((u.family_name or "").lower(), (u.given_name or "").lower())
        )
        self.fields["user"].choices = [("", "---------")] + [
            (u.pk, self.fields["user"].label_from_instance(u)) for u in people
        ]

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("user")):
            raise forms.ValidationError(_("Choose either a unit or a person."))
        return data
