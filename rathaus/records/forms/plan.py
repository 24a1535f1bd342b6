"""Forms of the file plan and the e-file settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FilePlanEntry, RecordsSettings


class PlanEntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class PlanEntryForm(forms.ModelForm):
    parent = PlanEntryChoiceField(
        label=_("Parent position"),
        queryset=FilePlanEntry.objects.none(),
        required=False,
        help_text=_("Empty for a main group at the top of the plan."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FilePlanEntry
        fields = ["parent", "code", "title", "description", "retention_years", "disposal"]
        widgets = {
            "code": forms.TextInput(attrs={"autocomplete": "off"}),
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = FilePlanEntry.objects.active().order_by("code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["version"].initial = self.instance.version
        self.fields["parent"].queryset = parents

    def _post_clean(self):
        # Uniqueness per town is checked by the service; the instance stays as loaded.
        pass


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: code, title, parent_code, retention_years, disposal (A, B or V), "
            "description; separated by semicolons or commas. Existing codes are updated."
        ),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file must be 5 MB or smaller."))
        return upload


class RecordsSettingsForm(forms.ModelForm):
    class Meta:
        model = RecordsSettings
        fields = ["reference_pattern", "archive_name", "archive_code"]
        widgets = {
            "reference_pattern": forms.TextInput(attrs={"autocomplete": "off"}),
            "archive_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "archive_code": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def _post_clean(self):
        pass
