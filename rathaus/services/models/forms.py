"""Forms as data: each service's form is a versioned definition (see ``formdefs``)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned


class FormDefinition(TownOwned):
    """One version of a service's form. Published versions never change: an application
    keeps the version it was started with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "services.Service", on_delete=models.CASCADE, related_name="form_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the form came from, e.g. a FIM data-field schema and its version."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["service", "-number"]
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="unique_form_version")
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CodeList(TownOwned):
    """A cached code list (Codeliste, e.g. from XRepository) that select fields of imported
    FIM forms take their options from; the installation never fetches one at run time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uri = models.CharField(_("canonical URI"), max_length=300)
    version = models.CharField(_("version"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=200)
    entries = models.JSONField(_("entries"), default=list, help_text='[{"value", "label"}]')
    imported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        constraints = [
            models.UniqueConstraint(fields=["town", "uri", "version"], name="unique_code_list")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})" if self.version else self.name
