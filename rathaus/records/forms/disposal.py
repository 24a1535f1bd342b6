"""Forms of disposal (Aussonderung): filter the due files, record an evaluation, upload
the archive's messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.staff.forms import UnitChoiceField

from ..models import DisposalDecision, FilePlanEntry
from .plan import PlanEntryChoiceField


class DueFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    plan_entry = PlanEntryChoiceField(
        label=_("File plan position"),
        queryset=FilePlanEntry.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    decision = forms.ChoiceField(
        label=_("Disposal decision of the plan"),
        required=False,
        choices=[("", _("All")), *DisposalDecision.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("code")
        self.fields["plan_entry"].queryset = FilePlanEntry.objects.order_by("code")

    def apply(self, files):
        if not self.is_valid():
            return files
        data = self.cleaned_data
        if data.get("unit"):
            files = files.filter(unit=data["unit"])
        if data.get("plan_entry"):
            files = files.filter(plan_entry=data["plan_entry"])
        if data.get("decision"):
            files = files.filter(plan_entry__disposal=data["decision"])
        return files


class EvaluationForm(forms.Form):
    """One choice per offered file: the archive takes it over (A) or it is destroyed (V)."""

    CHOICES = [("A", _("Archive takes it over (A)")), ("V", _("Destroy (V)"))]

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_by_field = {}
        for record_file in files:
            name = f"file_{record_file.pk}"
            default = record_file.plan_entry.disposal
            self.fields[name] = forms.ChoiceField(
                label=f"{record_file.reference} {record_file.title}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=default if default in ("A", "V") else None,
                help_text=_("Plan position %(code)s: %(decision)s")
                % {
                    "code": record_file.plan_entry.code,
                    "decision": record_file.plan_entry.get_disposal_display(),
                },
                error_messages={"required": _("Choose what happens to this file.")},
            )
            self.files_by_field[name] = record_file

    def decisions(self) -> dict:
        return {f.pk: self.cleaned_data[name] for name, f in self.files_by_field.items()}


class MessageUploadForm(forms.Form):
    message = forms.FileField(
        label=_("xdomea message (zip or XML)"),
        widget=forms.FileInput(attrs={"accept": ".zip,.xml,application/zip,application/xml"}),
        error_messages={"required": _("Choose the file of the archive's message.")},
    )

    def __init__(self, *args, max_bytes: int, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        if help_text:
            self.fields["message"].help_text = help_text

    def clean_message(self):
        upload = self.cleaned_data["message"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The message is too large."))
        return upload

    def data_bytes(self) -> bytes:
        return b"".join(self.cleaned_data["message"].chunks())
