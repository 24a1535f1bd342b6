"""The form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit

from ..models import FilePlanEntry


class PlanEntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class ImportForm(forms.Form):
    """Upload an xdomea message (0503 or 0401 zip) and say where the new file goes."""

    message = forms.FileField(
        label=_("xdomea message (zip)"),
        help_text=_("A hand-over (0503) or Abgabe (0401) message as a zip file."),
        widget=forms.FileInput(attrs={"accept": ".zip,application/zip"}),
        error_messages={"required": _("Choose the zip file of the message.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("Choose the unit that keeps the new file.")},
    )
    plan_entry = PlanEntryChoiceField(
        label=_("File plan position"),
        queryset=FilePlanEntry.objects.none(),
        error_messages={"required": _("Choose the file plan position of the new file.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["plan_entry"].queryset = FilePlanEntry.objects.active().order_by("code")
