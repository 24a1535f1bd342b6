"""Forms of the account pages: registration, sign-in, passwords, profile,
e-mail address, deletion, organisations and acting for one."""

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.core.notifications.services import send_templated_email

from . import services
from .models import Membership, Organisation, User, email_lookup_for, normalize_email
from .services._common import mail_context

PASSWORD_HELP = _(
    "At least 10 characters. Not a common password and not similar to your name or "
    "e-mail address. A sentence of several words is easy to remember."
)


def _email_field(label=None, **kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=label or _("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        **kwargs,
    )


def _text_field(label, autocomplete: str, max_length: int, required=False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def _password_field(label, autocomplete: str, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class NewPasswordMixin:
    """Two password fields that must match and pass the password validators."""

    def _check_new_password(self, user: User) -> None:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
            return
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)


class RegistrationForm(NewPasswordMixin, forms.Form):
    email = _email_field(help_text=_("We send you a link to confirm the address."))
    given_name = _text_field(_("Given name"), "given-name", 100, required=True)
    family_name = _text_field(_("Family name"), "family-name", 100, required=True)
    password1 = _password_field(_("Password"), "new-password", PASSWORD_HELP)
    password2 = _password_field(_("Repeat the password"), "new-password")
    privacy_consent = forms.BooleanField(
        error_messages={
            "required": _(
                "Please agree to the privacy policy; without it we cannot run an account."
            )
        },
        label=_(
            "I have read the privacy policy and agree that my data is processed to run my account."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        candidate = User(
            given_name=cleaned.get("given_name", ""), family_name=cleaned.get("family_name", "")
        )
        candidate.set_email(cleaned.get("email", ""))
        self._check_new_password(candidate)
        return cleaned


class LoginForm(AuthenticationForm):
    """Sign-in by e-mail address; the field keeps Django's name ``username`` so that
    django-axes counts failed attempts per address."""

    username = _email_field()
    password = _password_field(_("Password"), "current-password")

    error_messages = {
        "invalid_login": _("The e-mail address or the password is not correct. Please check both."),
        "inactive": _("This account cannot sign in."),
        "unconfirmed": _(
            "You have not confirmed your e-mail address yet. Please use the link in the "
            "e-mail we sent you."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sizes the field after the blind index, not the address.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs.pop("maxlength", None)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["username"].label = _("E-mail address")
        self.unconfirmed = False

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            self.unconfirmed = True
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class EmailOnlyForm(forms.Form):
    email = _email_field()


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, finding accounts through the blind index and sending the
    link with the project's e-mail templates, in the account's language."""

    email = _email_field()

    def get_users(self, email):
        users = User.objects.filter(email_lookup=email_lookup_for(email), is_active=True)
        return (user for user in users if user.has_usable_password())

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        user = context["user"]
        send_templated_email(
            to=to_email,
            template="accounts/password_reset",
            context=mail_context(
                user=user, link=f"{context['protocol']}://{context['domain']}{path}"
            ),
            language=user.preferred_language,
        )


class SetNewPasswordForm(SetPasswordForm):
    """The new password after a reset link; saving goes through the service."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP

    def save(self, commit=True):
        return services.reset_password(user=self.user, password=self.cleaned_data["new_password1"])


class CurrentPasswordMixin:
    """The current password, checked through ``authenticate`` so that django-axes
    counts wrong guesses here like on the sign-in page."""

    def _check_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        user = authenticate(self.request, username=self.user.email, password=password)
        if user is None or user.pk != self.user.pk:
            raise ValidationError(_("Your current password is not correct."), code="wrong")
        return password

    def clean_current_password(self):
        return self._check_current_password()


def _current_password_field(help_text=""):
    return _password_field(_("Your current password"), "current-password", help_text)


class PasswordChangeForm(CurrentPasswordMixin, NewPasswordMixin, forms.Form):
    current_password = _current_password_field()
    password1 = _password_field(_("New password"), "new-password", PASSWORD_HELP)
    password2 = _password_field(_("Repeat the new password"), "new-password")

    def __init__(self, *args, request, user, **kwargs):
        self.request, self.user = request, user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self._check_new_password(self.user)
        return cleaned


class ProfileForm(forms.Form):
    given_name = _text_field(_("Given name"), "given-name", 100, required=True)
    family_name = _text_field(_("Family name"), "family-name", 100, required=True)
    street = _text_field(_("Street and number"), "street-address", 200)
    postcode = _text_field(_("Postcode"), "postal-code", 10)
    city = _text_field(_("City"), "address-level2", 100)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("So that staff can call you back about an application."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of our e-mails"),
        choices=User._meta.get_field("preferred_language").choices,
        widget=forms.RadioSelect,
    )

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {name: getattr(user, name) for name in cls.base_fields}


class EmailChangeForm(CurrentPasswordMixin, forms.Form):
    new_email = _email_field(
        _("New e-mail address"), help_text=_("We send a confirmation link to this address.")
    )
    current_password = _current_password_field(_("To protect your account."))

    def __init__(self, *args, request, user, **kwargs):
        self.request, self.user = request, user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = normalize_email(self.cleaned_data["new_email"])
        if email_lookup_for(email) == self.user.email_lookup:
            raise ValidationError(_("This is already your e-mail address."), code="same")
        return email


class DeletionRequestForm(CurrentPasswordMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to delete your account?"),
        required=False,
        max_length=2000,
        help_text=_("Optional. It helps us improve our services."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    current_password = _current_password_field(_("To confirm that it is you."))

    def __init__(self, *args, request, user, **kwargs):
        self.request, self.user = request, user
        super().__init__(*args, **kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "register_number", "street", "postcode", "city"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "legal_form": forms.TextInput(attrs={"autocomplete": "off"}),
            "register_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }


class InvitationForm(forms.Form):
    email = _email_field(help_text=_("The person gets an e-mail with a link to join."))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Owners can invite and remove members."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect
    )


class ActForForm(forms.Form):
    """Whom the person acts for: themselves, or one of their organisations."""

    MYSELF = "self"

    acting_for = forms.ChoiceField(label=_("I act for"), widget=forms.RadioSelect)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(m.organisation_id): m.organisation for m in memberships}
        self.fields["acting_for"].choices = [(self.MYSELF, _("Myself (private person)"))] + [
            (org_id, org.name) for org_id, org in self.organisations.items()
        ]

    def chosen_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data["acting_for"])
