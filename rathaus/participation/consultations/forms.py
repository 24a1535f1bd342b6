"""Staff forms of document consultations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Draft, Section


class DraftForm(forms.ModelForm):
    original_upload = forms.FileField(
        label=_("Original document"),
        required=False,
        help_text=_("Optional: the draft as PDF, DOCX or ODT, offered for download."),
    )

    class Meta:
        model = Draft
        fields = ["title", "kind", "introduction", "is_published"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    def service_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["position", "number", "heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def service_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.Meta.fields}


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the draft"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Paste the text. A new section starts at each line beginning with “§”; in a "
            "text without “§”, at numbered headings such as “1. General” or “2.3 Traffic”."
        ),
        error_messages={"required": _("Paste the draft's text.")},
        max_length=500_000,
    )
    replace = forms.BooleanField(
        label=_("Replace the existing sections"),
        required=False,
        help_text=_("Only possible while nobody has commented."),
    )
