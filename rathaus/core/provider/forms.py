"""Input validation of the provider area's pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rathaus.core.models import Town

from .hosts import MAX_LENGTH, clean_hostname

_OFF = {"autocomplete": "off"}
_HOST_ATTRS = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}


class HostnameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Host name"))
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs=_HOST_ATTRS))
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_hostname(super().clean(value))


class TownCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Weiterstadt"),
        widget=forms.TextInput(attrs=_OFF),
    )
    official_name = forms.CharField(
        label=_("Official name"),
        max_length=200,
        required=False,
        help_text=_("For example: Stadt Weiterstadt"),
        widget=forms.TextInput(attrs=_OFF),
    )
    ags = forms.CharField(
        label=_("Official municipality key (AGS)"),
        max_length=8,
        required=False,
        help_text=_("Eight digits."),
        widget=forms.TextInput(attrs={**_OFF, "inputmode": "numeric"}),
        validators=Town._meta.get_field("ags").validators,
    )
    ars = forms.CharField(
        label=_("Official regional key (ARS)"),
        max_length=12,
        required=False,
        help_text=_("Twelve digits."),
        widget=forms.TextInput(attrs={**_OFF, "inputmode": "numeric"}),
        validators=Town._meta.get_field("ars").validators,
    )
    hostname = HostnameField(
        help_text=_(
            "The town is served under this name, e.g. service.weiterstadt.de. Its DNS entry "
            "must point to this installation."
        )
    )
    admin_email = forms.EmailField(
        label=_("E-mail address of the town's first administrator"),
        help_text=_("The invitation to choose a password is sent here."),
        widget=forms.EmailInput(attrs=_OFF),
    )
    admin_given_name = forms.CharField(
        label=_("Administrator's given name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=_OFF),
    )
    admin_family_name = forms.CharField(
        label=_("Administrator's family name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=_OFF),
    )


class HostForm(forms.Form):
    hostname = HostnameField(label=_("New host name"))


class InviteAdministratorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "A new administrator of this town, or one whose invitation got lost: they receive "
            "the invitation (again)."
        ),
        widget=forms.EmailInput(attrs=_OFF),
    )


class DeleteTownForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Name of the town"),
        max_length=200,
        widget=forms.TextInput(attrs={**_OFF, "spellcheck": "false"}),
    )

    def __init__(self, *args, town: Town, **kwargs):
        super().__init__(*args, **kwargs)
        self.town = town
        self.fields["confirm_name"].help_text = _("Type “%(name)s” to confirm.") % {
            "name": town.name
        }

    def clean_confirm_name(self):
        value = self.cleaned_data["confirm_name"].strip()
        if value != self.town.name:
            raise ValidationError(
                _("Type the town's name exactly as shown to confirm."), code="mismatch"
            )
        return value
