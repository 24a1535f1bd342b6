"""The town (Gemeinde) this installation serves, its own settings, and the
accessibility feedback it receives (BITV 2.0 § 12b)."""

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .crypto.fields import EncryptedEmailField, EncryptedTextField
from .tenancy import TownOwned

ags_validator = RegexValidator(
    r"^\d{8}$", _("The official municipality key (AGS) has exactly eight digits.")
)
ars_validator = RegexValidator(
    r"^\d{12}$", _("The official regional key (ARS) has exactly twelve digits.")
)


def validate_languages(value: str) -> None:
    from django.conf import settings
    from django.core.exceptions import ValidationError

    known = {code for code, _name in settings.LANGUAGES}
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes or any(code not in known for code in codes):
        raise ValidationError(
            _("Give one or more of these language codes, separated by commas: %(known)s."),
            params={"known": ", ".join(sorted(known))},
        )


class TownQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_host(self, host: str) -> "Town | None":
        """The town served under ``host`` (a host name without port), or None."""
        return self.filter(hosts__hostname=normalize_host(host)).first()


def normalize_host(host: str) -> str:
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("["):  # IPv6 literal with port
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Town(models.Model):
    """A town (Gemeinde, Mandant) and its own data, editable in the staff area."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    official_name = models.CharField(
        _("official name"),
        max_length=200,
        blank=True,
        help_text=_("For example: Stadt Weiterstadt"),
    )
    ags = models.CharField(
        _("official municipality key (AGS)"), max_length=8, blank=True, validators=[ags_validator]
    )
    ars = models.CharField(
        _("official regional key (ARS)"), max_length=12, blank=True, validators=[ars_validator]
    )
    coat_of_arms_text = models.CharField(
        _("coat of arms (text alternative)"), max_length=300, blank=True
    )
    logo = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per day or period.")
    )
    imprint = models.TextField(_("imprint (Impressum)"), blank=True)
    privacy_policy = models.TextField(_("privacy policy (Datenschutzerklärung)"), blank=True)
    accessibility_statement = models.TextField(
        _("accessibility statement"),
        blank=True,
        help_text=_("Known barriers and alternatives; the conformance status is added."),
    )
    accessibility_reviewed_on = models.DateField(
        _("accessibility statement reviewed on"), null=True, blank=True
    )
    accessibility_contact_email = models.EmailField(
        _("contact for accessibility feedback"), blank=True
    )
    enforcement_body = models.TextField(_("enforcement body (Schlichtungsstelle)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("A suspended town's pages answer 503.")
    )
    languages = models.CharField(
        _("languages"),
        max_length=50,
        blank=True,
        validators=[validate_languages],
        help_text=_(
            "Language codes offered on the town's pages, the first being the default (e.g. de,en). "
            "Empty: every language of the installation."
        ),
    )
    is_provider = models.BooleanField(
        _("IT provider's own tenant"),
        default=False,
        editable=False,
        help_text=_("Its provider administrators manage the other towns in the provider area."),
    )

    objects = TownQuerySet.as_manager()

    class Meta:
        verbose_name = _("town")
        verbose_name_plural = _("towns")

    def __str__(self) -> str:
        return self.official_name or self.name

    @property
    def chosen_language_codes(self) -> list[str]:
        """The languages the town chose, or [] for the installation's."""
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_codes(self) -> list[str]:
        from django.conf import settings

        return self.chosen_language_codes or [code for code, _name in settings.LANGUAGES]

    @property
    def primary_host(self) -> str:
        hosts = sorted(self.hosts.all(), key=lambda host: (not host.is_primary, host.hostname))
        return hosts[0].hostname if hosts else ""

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line for line in self.opening_hours.splitlines() if line.strip()]


class TownHost(models.Model):
    """A host name under which a town is served (e.g. service.weiterstadt.de)."""

    hostname = models.CharField(_("host name"), max_length=253, unique=True)
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="hosts")
    is_primary = models.BooleanField(
        _("primary"), default=False, help_text=_("Used in links sent by e-mail.")
    )

    class Meta:
        ordering = ["-is_primary", "hostname"]
        verbose_name = _("host name")
        verbose_name_plural = _("host names")

    def __str__(self) -> str:
        return self.hostname

    def save(self, *args, **kwargs):
        self.hostname = normalize_host(self.hostname)
        super().save(*args, **kwargs)


class AccessibilityFeedback(TownOwned):
    """Feedback on a barrier, sent through the accessibility statement's form."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedTextField(_("your name"), blank=True, max_length=200)
    email = EncryptedEmailField(_("your e-mail address"), blank=True, max_length=254)
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = EncryptedTextField(_("what is the barrier?"), max_length=5000, multiline=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class RateLimitBucket(models.Model):
    """How often one client did one thing in the current window (see ``core.ratelimit``).
    Kept in the database so that every web process counts the same."""

    key = models.CharField(max_length=64, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")
