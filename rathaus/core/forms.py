"""Forms of the public core pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedbackForm(forms.Form):
    """Feedback on a barrier (BITV 2.0 § 12b): only the description is required."""

    message = forms.CharField(
        label=_("What is the barrier?"),
        help_text=_("Describe what you could not use, and on which page."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": _("Describe the barrier you found."),
            "max_length": _("The description must be 5,000 characters or fewer."),
        },
    )
    page_url = forms.CharField(
        label=_("Page concerned"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Only if you would like an answer."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com.")
        },
    )
