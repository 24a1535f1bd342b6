"""Forms of documents: upload, new version, a letter from a template."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.forms_rendering import DatePartsField
from rathaus.core.uploads.services import accept_attribute

from ..letters import TEMPLATES
from ..models import Document
from ..services.documents import ALLOWED_KINDS


def _file_field():
    return forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, TIFF, Word (DOCX), OpenDocument text (ODT) or plain text."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(set(ALLOWED_KINDS))}),
    )


class _DuplicateMixin:
    """Adds the "upload anyway" box when the same file is already in the procedure."""

    def offer_duplicate(self) -> None:
        self.fields["upload_anyway"] = forms.BooleanField(
            label=_("Upload anyway (the same file is already in this procedure)"),
            required=False,
        )


class DocumentUploadForm(_DuplicateMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Document.Kind.choices,
        initial=Document.Kind.INCOMING,
        widget=forms.RadioSelect,
    )
    received_on = DatePartsField(
        label=_("Received on"),
        required=False,
        help_text=_("For incoming mail: the day it arrived, for example 27 3 2026."),
    )
    has_personal_data = forms.BooleanField(
        label=_("Contains personal data (reading it is recorded)"), required=False
    )
    file = _file_field()

    def __init__(self, *args, duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if duplicate:
            self.offer_duplicate()

    def clean_received_on(self):
        received_on = self.cleaned_data.get("received_on")
        if received_on and received_on > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return received_on


class VersionUploadForm(_DuplicateMixin, forms.Form):
    file = _file_field()
    comment = forms.CharField(label=_("What changed"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if duplicate:
            self.offer_duplicate()


class LetterForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Template"),
        choices=[(key, template.label) for key, template in TEMPLATES.items()],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Document title"), max_length=300)
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Name and postal address, one line each."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    # A letter names its recipient: personal data unless the clerk says otherwise.
    has_personal_data = forms.BooleanField(
        label=_("Contains personal data (reading it is recorded)"), required=False, initial=True
    )
