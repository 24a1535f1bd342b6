"""Forms of the public core pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What is the barrier?"),
        help_text=_("Describe what you could not use, and on which page."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    page_url = forms.CharField(label=_("Page concerned"), required=False, max_length=500)
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
    )
