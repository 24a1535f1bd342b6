"""Forms of procedures (Vorgänge) and notes (Vermerke)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit, User
from rathaus.core.staff.forms import StaffChoiceField, UnitChoiceField

from ..models import RecordFile


def _staff_choices(field):
    staff = User.objects.staff().active()
    people = sorted(
        staff, key=lambda u: ((u.family_name or "").lower(), (u.given_name or "").lower())
    )
    field.queryset = staff
    field.choices = [("", "---------")] + [(u.pk, field.label_from_instance(u)) for u in people]


class ProcedureForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=300)
    assigned_to = StaffChoiceField(
        label=_("Handled by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the responsible unit handles it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_choices(self.fields["assigned_to"])


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} {obj.title}"


class MoveForm(forms.Form):
    target = FileChoiceField(label=_("Target file"), queryset=RecordFile.objects.none())

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = files


class HandoverForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    user = StaffChoiceField(
        label=_("Clerk"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the whole unit takes the procedure over."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("code")
        _staff_choices(self.fields["user"])
