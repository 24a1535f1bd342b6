"""Input validation of the petition pages (citizen and staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.uploads.services import accept_attribute

from .models import Addressee, Petition
from .services.submission import ATTACHMENT_KINDS


class AddresseeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PetitionForm(forms.Form):
    """What a person writes: to whom, what kind, the subject and the text."""

    addressee = AddresseeChoiceField(
        label=_("To whom is your petition addressed?"),
        queryset=Addressee.objects.none(),
        empty_label=_("Please choose"),
        help_text=_("If you are not sure, choose the Magistrat: we forward it as needed."),
        error_messages={
            "required": _("Choose to whom your petition is addressed."),
            "invalid_choice": _("Choose one of the addressees offered."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of petition is it?"),
        choices=Petition.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether this is a suggestion, a complaint or a petition.")
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words, e.g. “Crossing at the Schlossgasse school”."),
        error_messages={
            "required": _("Enter a subject."),
            "max_length": _("The subject must be 200 characters or fewer."),
        },
    )
    text = forms.CharField(
        label=_("Your petition"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Describe your concern and what you ask for. At most 10,000 characters."),
        error_messages={
            "required": _("Write your petition."),
            "max_length": _("The petition must be 10,000 characters or fewer."),
        },
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("One PDF, JPEG or PNG file of at most 10 MB, e.g. a photo or a letter."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the town processes my details and my petition to handle it, and "
            "forwards it to the body responsible where needed."
        ),
        error_messages={
            "required": _(
                "Agree to the processing of your data, so that we can handle your petition."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = Addressee.objects.offered()
        self.fields["attachment"].widget.attrs["accept"] = accept_attribute(ATTACHMENT_KINDS)

    def clean_subject(self):
        return self.cleaned_data["subject"].strip()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your petition."))
        return text


class ForwardForm(forms.Form):
    addressee = AddresseeChoiceField(
        label=_("Forward to"),
        queryset=Addressee.objects.none(),
        empty_label=_("Please choose"),
        error_messages={"required": _("Choose the addressee to forward to.")},
    )
    note = forms.CharField(
        label=_("Note for the submitter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the petition's history, e.g. why another body is responsible."),
        error_messages={"required": _("Write a note why the petition is forwarded.")},
    )

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Addressee.objects.offered()
        if exclude is not None:
            queryset = queryset.exclude(pk=exclude.pk)
        self.fields["addressee"].queryset = queryset


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Reasoned answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "The answer goes to the submitter as a letter and is filed in the e-file. "
            "Give the reasons for the decision; separate paragraphs with an empty line."
        ),
        error_messages={"required": _("Write the reasoned answer.")},
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class RecordFileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.reference} {obj.title}"


class AddresseeForm(forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Handled by the unit"),
        queryset=Unit.objects.none(),
        help_text=_("The unit whose clerks receive and answer these petitions."),
        error_messages={"required": _("Choose the unit that handles these petitions.")},
    )
    record_file = RecordFileChoiceField(
        label=_("E-file"),
        queryset=Addressee.objects.none(),
        required=False,
        empty_label=_("No e-file"),
        help_text=_("The open file in which a procedure is opened for every petition."),
    )

    class Meta:
        model = Addressee
        fields = ["name", "kind", "description", "unit", "record_file", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Enter the addressee's name.")}}

    def __init__(self, *args, **kwargs):
        from rathaus.records.models import RecordFile

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["record_file"].queryset = RecordFile.objects.filter(
            state=RecordFile.State.OPEN
        ).order_by("reference")

    def clean(self):
        cleaned = super().clean()
        file, unit = cleaned.get("record_file"), cleaned.get("unit")
        if file is not None and unit is not None and not file.is_open:
            self.add_error("record_file", _("Choose an open file."))
        return cleaned

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Addressee.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is an addressee with this name already."))
        return name
