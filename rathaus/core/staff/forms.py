"""Input validation of the staff pages and the second-factor pages."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit, User
from rathaus.core.accounts.roles import Role
from rathaus.core.models import Town
from rathaus.core.tenancy import current_town
from rathaus.core.uploads.services import accept_attribute

from .services import LOGO_KINDS, TOWN_FIELDS


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["code"].help_text = help_text


class SetupCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, help_text=_("The six-digit code your app shows for this account."), **kwargs
        )
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.fields["code"].label = _("Code from the app")


class VerifyCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            help_text=_("The six-digit code from your authenticator app, or a recovery code."),
            **kwargs,
        )


class StaffInvitationPasswordForm(SetPasswordForm):
    """Choose the first password (Django's set-password form with our labels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("Repeat the new password")
        self.fields["new_password1"].help_text = _(
            "At least 10 characters; not only digits, not a common password."
        )
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


# --- accounts -----------------------------------------------------------------------------


class UserFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All accounts")), *User.Kind.choices],
    )


class StaffAccountForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Work e-mail address"),
        help_text=_("The invitation to choose a password is sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=User._meta.get_field("preferred_language").choices
    )


class AccountForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Account type"), choices=User.Kind.choices, widget=forms.RadioSelect
    )


# --- roles --------------------------------------------------------------------------------


def _unit_label(unit: Unit) -> str:
    return str(unit) if unit.is_active else f"{unit} ({_('retired')})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class RoleAssignmentForm(forms.Form):
    """Give the person on the page a role (administrators, on a person's page)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only for clerk and unit lead; leave empty for town-wide roles."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.active()
        if not getattr(current_town(), "is_provider", False):
            # The provider role exists only in the IT provider's own tenant.
            self.fields["role"].choices = [
                choice for choice in Role.choices if choice[0] != Role.PROVIDER_ADMINISTRATOR
            ]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class UnitMemberForm(forms.Form):
    """Give a member of staff a role in the unit on the page."""

    user = StaffChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=[])

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        staff = list(User.objects.staff().active())
        staff.sort(key=lambda u: ((u.family_name or "").lower(), (u.given_name or "").lower()))
        self.fields["user"].queryset = User.objects.staff().active()
        self.fields["user"].choices = [("", "---------")] + [
            (u.pk, self.fields["user"].label_from_instance(u)) for u in staff
        ]
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


# --- units --------------------------------------------------------------------------------


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)

    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "email"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "short_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "code": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, parents=None, parent_required=False, lock_parent=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        field.queryset = parents if parents is not None else Unit.objects.all()
        if self.instance.pk:
            field.queryset = field.queryset.exclude(pk=self.instance.pk)
        field.required = parent_required
        if lock_parent:
            field.disabled = True
            field.queryset = Unit.objects.all()
            field.help_text = _("Only someone who manages the parent unit can move this unit.")

    def _post_clean(self):
        # The service validates the unit (Unit.clean) with the same data.
        pass


# --- the town's own data ------------------------------------------------------------------

_TOWN_TEXTAREAS = {
    "opening_hours": 5,
    "imprint": 10,
    "privacy_policy": 14,
    "accessibility_statement": 10,
    "enforcement_body": 4,
}
_TOWN_AUTOCOMPLETE = {
    "name": "off",
    "official_name": "off",
    "ags": "off",
    "ars": "off",
    "coat_of_arms_text": "off",
    "street": "street-address",
    "postcode": "postal-code",
    "city": "address-level2",
    "phone": "tel",
    "email": "email",
    "website": "url",
    "accessibility_contact_email": "email",
}


def _town_formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class TownSettingsForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG or SVG. Leave empty to keep the current logo."),
        widget=forms.FileInput(attrs={"accept": accept_attribute(LOGO_KINDS)}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Town
        fields = list(TOWN_FIELDS)
        formfield_callback = _town_formfield
        widgets = {
            "accessibility_reviewed_on": forms.DateInput(
                attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, rows in _TOWN_TEXTAREAS.items():
            self.fields[name].widget.attrs.update({"rows": rows})
        for name, value in _TOWN_AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        if not self.instance.logo_id:
            del self.fields["remove_logo"]

    def _post_clean(self):
        # Validate field by field here; the service saves and audits.
        for name in self._meta.fields:
            if name in self.cleaned_data:
                field = Town._meta.get_field(name)
                try:
                    field.run_validators(self.cleaned_data[name])
                except ValidationError as error:
                    self.add_error(name, error)


class RejectDeletionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for the refusal"),
        help_text=_("The person receives this text."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
