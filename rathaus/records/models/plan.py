"""The file plan (Aktenplan): subject positions with retention and disposal rules."""

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

from ..querysets import FilePlanEntryQuerySet


class DisposalDecision(models.TextChoices):
    """xdomea Aussonderungsart: what happens to a file once its retention has run out."""

    ARCHIVE = "A", _("Archive")
    EVALUATE = "B", _("Evaluate")
    DESTROY = "V", _("Destroy")


plan_code_validator = RegexValidator(
    r"^[0-9A-Za-z]+([.\-][0-9A-Za-z]+)*$",
    _("Use digits and letters, separated by dots or hyphens, e.g. 02.1."),
)


class FilePlanEntry(TownOwned):
    """A subject position in the file plan (Aktenplaneinheit), e.g. ``02.1 Organisation``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40, validators=[plan_code_validator])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"),
        null=True,
        blank=True,
        help_text=_("Empty means: kept without time limit."),
    )
    disposal = models.CharField(
        _("disposal decision"),
        max_length=1,
        choices=DisposalDecision,
        default=DisposalDecision.EVALUATE,
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = scoped_manager(FilePlanEntryQuerySet)

    class Meta:
        ordering = ["code"]
        verbose_name = _("file plan position")
        verbose_name_plural = _("file plan positions")
        constraints = [
            models.UniqueConstraint(fields=["town", "code"], name="unique_plan_code_per_town")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class RecordsSettings(TownOwned):
    """The town's e-file settings: how file references (Aktenzeichen) are built."""

    DEFAULT_PATTERN = "{unit}-{plan}/{number:04}/{year}"

    reference_pattern = models.CharField(
        _("file reference pattern"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_(
            "Placeholders: {unit} unit code, {plan} file plan code, {number} running number "
            "(per unit, position and year; {number:04} pads to four digits), {year}."
        ),
    )
    archive_name = models.CharField(
        _("archive"),
        max_length=200,
        blank=True,
        help_text=_("The archive that receives files for evaluation, e.g. the district archive."),
    )
    archive_code = models.CharField(
        _("archive identifier"), max_length=60, blank=True, help_text=_("Used in xdomea messages.")
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("e-file settings")
        constraints = [models.UniqueConstraint(fields=["town"], name="one_records_settings")]

    @classmethod
    def current(cls) -> "RecordsSettings":
        settings, _created = cls.objects.get_or_create()
        return settings
