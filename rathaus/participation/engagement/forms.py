"""Input of the engagement pages: comments, reports of content, moderation decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_LIMIT, EngagementSettings, Flag


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Everyone can read it. At most 5,000 characters."),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _("A comment can have at most 5,000 characters."),
        },
    )
    show_name = forms.BooleanField(
        label=_("Show my name with the comment"),
        required=False,
        help_text=_("Otherwise it appears as “Anonymous”."),
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, anonymous_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous_allowed = anonymous_allowed
        if not anonymous_allowed:
            # The name is shown anyway; the template says so instead of offering a choice.
            self.fields["show_name"].widget = forms.HiddenInput()
            self.fields["show_name"].initial = True

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Please write a comment."), code="required")
        return text

    def clean_show_name(self) -> bool:
        return True if not self.anonymous_allowed else self.cleaned_data["show_name"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a reason.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional. Please give no personal data of yourself. At most 1,000 characters."
        ),
        error_messages={"max_length": _("Please keep the details to 1,000 characters.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the moderation log."),
        error_messages={"required": _("Give a reason: it is recorded in the moderation log.")},
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EngagementSettings
        fields = ["report_threshold"]
