"""The service catalogue: services (Leistungen) and the life situations they belong to."""

import uuid

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedTextField
from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import ServiceQuerySet

leika_key_validator = RegexValidator(
    r"^\d{14}$", _("A service key (Leistungsschlüssel) has exactly 14 digits.")
)


class Audience(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    BUSINESSES = "businesses", _("Businesses")
    BOTH = "both", _("Citizens and businesses")


class LifeSituation(TownOwned):
    """A life situation (Lebenslage) or business situation (Geschäftslage) to browse by."""

    slug = models.SlugField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=150)
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience, default=Audience.CITIZENS
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        constraints = [
            models.UniqueConstraint(fields=["town", "slug"], name="unique_life_situation_slug")
        ]

    def __str__(self) -> str:
        return self.title


class Service(TownOwned):
    """A service (Verwaltungsleistung) the town offers, with what a person needs to know
    before applying and what the clerks need to handle it."""

    class Maturity(models.IntegerChoices):
        LEVEL_0 = 0, _("0 – no online information")
        LEVEL_1 = 1, _("1 – information online")
        LEVEL_2 = 2, _("2 – form to download")
        LEVEL_3 = 3, _("3 – online application with evidence")
        LEVEL_4 = 4, _("4 – fully digital, including the notice")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    easy_language = models.TextField(
        _("text in Leichte Sprache"),
        blank=True,
        help_text=_("Optional: the service explained in Leichte Sprache (easy-to-read German)."),
    )
    leika_key = models.CharField(
        _("service key (Leistungsschlüssel)"),
        max_length=14,
        blank=True,
        validators=[leika_key_validator],
        help_text=_("The 14-digit key from the federal service catalogue (LeiKa/FIM)."),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    record_file = models.ForeignKey(
        "records.RecordFile",
        verbose_name=_("e-file for applications"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Each application opens a procedure in this file."),
    )
    required_documents = models.TextField(
        _("documents you need"), blank=True, help_text=_("One per line.")
    )
    fees = models.TextField(_("fees"), blank=True)
    fee_rule = models.JSONField(
        _("fee rule"),
        default=dict,
        blank=True,
        help_text=_("How the fee is computed from the answers."),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    processing_days = models.PositiveSmallIntegerField(
        _("typical processing time in working days"), null=True, blank=True
    )
    audience = models.CharField(_("who may apply"), max_length=12, choices=Audience)
    maturity = models.PositiveSmallIntegerField(
        _("online maturity (OZG level)"),
        choices=Maturity,
        default=Maturity.LEVEL_1,
        validators=[MaxValueValidator(4)],
    )
    without_account = models.BooleanField(
        _("may be applied for without an account"),
        default=False,
        help_text=_("For simple services: the applicant confirms through an e-mail link."),
    )
    needs_appointment = models.BooleanField(_("needs an appointment"), default=False)
    offers_appointment = models.BooleanField(_("appointment in person possible"), default=False)
    offers_callback = models.BooleanField(_("call-back on request"), default=False)
    offers_paper_form = models.BooleanField(_("paper form to print"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    life_situations = models.ManyToManyField(
        LifeSituation, verbose_name=_("life situations"), blank=True, related_name="services"
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = scoped_manager(ServiceQuerySet)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["town", "slug"], name="unique_service_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]

    @property
    def for_businesses(self) -> bool:
        return self.audience in (Audience.BUSINESSES, Audience.BOTH)

    @property
    def for_citizens(self) -> bool:
        return self.audience in (Audience.CITIZENS, Audience.BOTH)


class CallbackRequest(TownOwned):
    """A person asks to be called back about a service (an alternative to applying online)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="callbacks")
    name = EncryptedTextField(_("name"), max_length=150)
    phone = EncryptedTextField(_("phone"), max_length=40)
    preferred_time = models.CharField(_("when we may call"), max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")
