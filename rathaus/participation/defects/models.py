"""The defect reporter (Mängelmelder): categories routed to units, reports with a
location and a photo, their public history, the town's map settings and street
directory, and the Open311 clients allowed to post reports.

A report's number is its Open311 ``service_request_id``; a category's code is its
``service_code``.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.crypto.fields import EncryptedEmailField, EncryptedTextField
from rathaus.core.tenancy import TownOwned

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]

service_code_validator = RegexValidator(
    r"^[A-Za-z0-9_.-]{1,40}$",
    _("Use letters, digits, dots, hyphens and underscores only."),
)


class DefectSettings(TownOwned):
    """The town's map and reporting settings."""

    boundary = models.JSONField(
        _("town boundary (GeoJSON)"),
        default=dict,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon; reports outside it are refused."),
    )
    center_latitude = models.DecimalField(
        _("map centre latitude"), max_digits=9, decimal_places=6, validators=LATITUDE
    )
    center_longitude = models.DecimalField(
        _("map centre longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE
    )
    zoom = models.PositiveSmallIntegerField(
        _("map zoom"), default=14, validators=[MinValueValidator(1), MaxValueValidator(19)]
    )
    questionnaire_after_days = models.PositiveSmallIntegerField(
        _("ask 'is it fixed?' after (days)"),
        default=28,
        help_text=_("Days after a report was marked fixed; 0: never ask."),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        _("nearby reports within (metres)"), default=100
    )

    class Meta:
        verbose_name = _("defect reporter settings")
        verbose_name_plural = _("defect reporter settings")
        constraints = [models.UniqueConstraint(fields=["town"], name="unique_defect_settings")]


class Street(TownOwned):
    """A street of the town with a point on it, so an address can stand for a location
    without an online geocoder."""

    name = models.CharField(_("street"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        constraints = [
            models.UniqueConstraint(fields=["town", "name", "postcode"], name="unique_street")
        ]

    def __str__(self) -> str:
        return self.name


class DefectCategory(TownOwned):
    """A kind of defect (street lighting, potholes …), routed to the unit that fixes it.
    Open311 calls it a service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[service_code_validator],
        help_text=_("Stable identifier, the Open311 service_code."),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("defect category")
        verbose_name_plural = _("defect categories")
        constraints = [
            models.UniqueConstraint(fields=["town", "code"], name="unique_defect_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class CategoryAttribute(TownOwned):
    """An extra question of a category (Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("One of a list")
        MULTIVALUELIST = "multivaluelist", _("Several of a list")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    category = models.ForeignKey(
        DefectCategory, on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.CharField(_("code"), max_length=40, validators=[service_code_validator])
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype)
    question = models.CharField(_("question"), max_length=300)
    description = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # [{"key": "…", "name": "…"}, …] for the list types.
    values = models.JSONField(_("values"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_attribute_code")
        ]


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    SCHEDULED = "scheduled", _("Scheduled")
    FIXED = "fixed", _("Fixed")
    NOT_RESPONSIBLE = "not_responsible", _("Not responsible")
    DUPLICATE = "duplicate", _("Duplicate")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.CONFIRMED, Status.IN_PROGRESS, Status.SCHEDULED)
FINISHED_STATUSES = (Status.FIXED, Status.NOT_RESPONSIBLE, Status.DUPLICATE, Status.CLOSED)


class Open311Client(TownOwned):
    """An application (a city app, a regional portal) allowed to post reports through
    Open311 with its api_key. Only the key's hash is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=8, editable=False)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return self.name


class DefectReport(TownOwned):
    """A reported defect at a place (Mängelmeldung)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    category = models.ForeignKey(
        DefectCategory,
        verbose_name=_("category"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), max_length=4000)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    photo = models.ForeignKey(
        "uploads.StoredFile",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attributes = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNCONFIRMED
    )
    public_note = models.TextField(_("public note"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expected_at = models.DateTimeField(_("expected by"), null=True, blank=True)
    reporter = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_email = EncryptedEmailField(_("e-mail address"), max_length=254, blank=True)
    reporter_name = EncryptedTextField(_("name"), max_length=200, blank=True)
    reporter_phone = EncryptedTextField(_("phone"), max_length=40, blank=True)
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    client = models.ForeignKey(
        Open311Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    # Open311 clients send a key that makes a retried POST idempotent; the web form a token.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    fixed_at = models.DateTimeField(null=True, blank=True)
    questionnaire_sent_at = models.DateTimeField(null=True, blank=True)
    questionnaire_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("defect report")
        verbose_name_plural = _("defect reports")
        constraints = [
            models.UniqueConstraint(fields=["town", "number"], name="unique_defect_number"),
            models.UniqueConstraint(
                fields=["town", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="unique_defect_submission",
            ),
        ]
        indexes = [
            models.Index(fields=["town", "created_at"], name="defect_newest_idx"),
            models.Index(fields=["town", "status", "created_at"], name="defect_status_idx"),
            models.Index(fields=["town", "category", "created_at"], name="defect_category_idx"),
            models.Index(fields=["town", "updated_at"], name="defect_updated_idx"),
            models.Index(fields=["town", "unit", "created_at"], name="defect_unit_idx"),
            models.Index(fields=["town", "status", "fixed_at"], name="defect_fixed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.category}"

    @property
    def is_public(self) -> bool:
        return self.status != Status.UNCONFIRMED and not self.is_hidden

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("defects:report", args=[self.number])


class ReportNumberSequence(TownOwned):
    """The last report number given in a town; its row is locked while the next
    number is taken, so two reports sent at once never get the same number."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["town"], name="unique_report_sequence")]


class ReportUpdate(TownOwned):
    """One step in a report's public history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(DefectReport, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=Status)
    note = models.TextField(_("public note"), blank=True)
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")
