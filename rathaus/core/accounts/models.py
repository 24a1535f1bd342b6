"""Accounts (citizens and staff), businesses (organisations) with their members,
organisational units, role assignments and linked OpenID Connect identities."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.cipher import blind_index
from rathaus.core.crypto.fields import EncryptedEmailField, EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager

from .querysets import (
    EmailChangeQuerySet,
    InvitationQuerySet,
    MembershipQuerySet,
    RoleAssignmentQuerySet,
    UnitQuerySet,
    UserQuerySet,
)
from .roles import UNIT_ROLES, Role

EMAIL_PURPOSE = "accounts.user.email"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_lookup_for(email: str) -> str:
    return blind_index(normalize_email(email), EMAIL_PURPOSE)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    def get_by_natural_key(self, username):
        return self.get(email_lookup=email_lookup_for(username))

    def create_user(self, email=None, password=None, **extra):
        email = email or extra.pop("email_lookup", None)
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(**extra)
        user.set_email(email)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email=None, password=None, **extra):
        extra.setdefault("kind", User.Kind.STAFF)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(TownOwned, AbstractBaseUser, PermissionsMixin):
    """An account: a citizen (who may act for businesses) or a member of staff."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        STAFF = "staff", _("Staff")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = EncryptedEmailField(_("e-mail address"), max_length=254)
    email_lookup = models.CharField(_("e-mail address"), max_length=64, editable=False)
    kind = models.CharField(_("account type"), max_length=10, choices=Kind, default=Kind.CITIZEN)
    given_name = EncryptedTextField(_("given name"), max_length=100, blank=True)
    family_name = EncryptedTextField(_("family name"), max_length=100, blank=True)
    street = EncryptedTextField(_("street and number"), max_length=200, blank=True)
    postcode = EncryptedTextField(_("postcode"), max_length=10, blank=True)
    city = EncryptedTextField(_("city"), max_length=100, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        default="de",
        choices=[("de", "Deutsch"), ("en", "English")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the Django admin"),
        default=False,
        help_text=_("Technical administration only; staff screens do not need it."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("registered at"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    objects = scoped_manager(base=UserManager)

    USERNAME_FIELD = "email_lookup"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            # An e-mail address is unique per town: registering in another town is a
            # separate account.
            models.UniqueConstraint(fields=["town", "email_lookup"], name="unique_email_per_town")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def set_email(self, email: str) -> None:
        self.email = normalize_email(email)
        self.email_lookup = email_lookup_for(email)

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def get_short_name(self) -> str:
        return self.given_name or self.email

    @property
    def is_town_staff(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def natural_key(self):
        return (self.email,)


class Unit(TownOwned):
    """An organisational unit: department (Fachbereich), office (Amt) or section (Sachgebiet)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department (Fachbereich)")
        OFFICE = "office", _("Office (Amt)")
        SECTION = "section", _("Section (Sachgebiet)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Used in file references, e.g. 60.1")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("functional mailbox"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = scoped_manager(UnitQuerySet)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [models.UniqueConstraint(fields=["town", "code"], name="unique_unit_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A unit cannot be placed below itself.")})
            seen.add(node.pk)
            node = node.parent

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class RoleAssignment(TownOwned):
    """A role held by a member of staff, in a unit (clerk, unit lead) or town-wide."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(RoleAssignmentQuerySet)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "user", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="unique_role_per_unit",
            ),
            models.UniqueConstraint(
                fields=["town", "user", "role"],
                condition=models.Q(unit__isnull=True),
                name="unique_town_wide_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit or ''}".strip()

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": _("This role is held in a unit; choose the unit.")})
        if self.role not in UNIT_ROLES and self.unit_id is not None:
            raise ValidationError({"unit": _("This role is town-wide; leave the unit empty.")})
        if self.role == Role.PROVIDER_ADMINISTRATOR and not self._in_provider_town():
            raise ValidationError(
                {"role": _("This role exists only in the IT provider's own tenant.")}
            )

    def _in_provider_town(self) -> bool:
        from rathaus.core.models import Town

        return Town.objects.filter(pk=self.town_id, is_provider=True).exists()


class Organisation(TownOwned):
    """A business or other organisation acting through member accounts (G2B)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    register_number = models.CharField(
        _("register number"), max_length=80, blank=True, help_text=_("For example: HRB 12345")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    oidc_issuer = models.CharField(max_length=300, blank=True, editable=False)
    oidc_key = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The organisation's identifier at the identity provider (e.g. ELSTER).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "oidc_issuer", "oidc_key"],
                condition=~models.Q(oidc_key=""),
                name="unique_organisation_per_provider_key",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TownOwned):
    """A person's membership of an organisation, with their role in it."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = scoped_manager(MembershipQuerySet)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "organisation", "user"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(TownOwned):
    """An invitation, sent by an owner, to join an organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = EncryptedEmailField(_("e-mail address"), max_length=254)
    email_lookup = models.CharField(max_length=64, editable=False, db_index=True)
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role, default=Membership.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, editable=False, db_index=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager(InvitationQuerySet)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["town", "token_hash"], name="unique_invitation_token")
        ]

    def set_email(self, email: str) -> None:
        self.email = normalize_email(email)
        self.email_lookup = email_lookup_for(email)


class EmailChange(TownOwned):
    """A requested change of e-mail address, confirmed through the new address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    new_email = EncryptedEmailField(_("new e-mail address"), max_length=254)
    token_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager(EmailChangeQuerySet)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town", "token_hash"], name="unique_email_change_token")
        ]


class DeletionRequest(TownOwned):
    """A person's request to delete their account (Art. 17 GDPR)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="deletion_requests"
    )
    reason = EncryptedTextField(_("reason (optional)"), blank=True, max_length=2000, multiline=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")


class OidcIdentity(TownOwned):
    """An identity from the OpenID Connect provider (e.g. BundID through the provider's
    broker) linked to an account; the trust level is the last one seen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    trust_level = models.CharField(_("trust level (acr)"), max_length=200, blank=True)
    is_organisation = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_login_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "issuer", "subject"], name="unique_oidc_subject"
            )
        ]


from .api_tokens import ApiToken  # noqa: E402,F401
