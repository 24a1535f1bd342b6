"""Forms of the applicant's pages beyond the service form itself."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class OnBehalfForm(forms.Form):
    """For whom a person applies: themselves or one of their businesses."""

    on_behalf = forms.ChoiceField(
        label=_("Who is applying?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who is applying.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf"].choices = choices


class ContactForm(forms.Form):
    """An application without an account: the address the confirmation link goes to."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm the application, and then the receipt."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com."),
        },
    )


class AnswerForm(forms.Form):
    """The applicant's answer to a query: a message and files."""

    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, JPEG or PNG; you can choose several files."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("files"):
            raise forms.ValidationError(_("Write an answer or attach a file."))
        return cleaned


class CallbackForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    phone = forms.RegexField(
        label=_("Your telephone number"),
        regex=r"^\+?[0-9 ()/-]{5,30}$",
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "required": _("Enter your telephone number."),
            "invalid": _("Enter a telephone number, like 06151 123456 or +49 6151 123456."),
        },
    )
    preferred_time = forms.CharField(
        label=_("When may we call you?"),
        required=False,
        max_length=150,
        help_text=_("For example: weekdays after 4 pm"),
    )
