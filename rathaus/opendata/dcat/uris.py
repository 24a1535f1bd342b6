"""The URIs the catalogue gives its resources. They are built from ids, never from names or
titles, on the town's primary host, so that a harvester recognises a dataset after it was
renamed; each of them answers a request (``views.resolve_*``)."""

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.urls import reverse

from rathaus.core.models import Town
from rathaus.core.notifications.services import absolute_url


@dataclass(frozen=True)
class Site:
    """The town whose catalogue is written, and where its addresses live."""

    town: Town
    base: str  # scheme and host, without a trailing slash: "https://service.weiterstadt.de"
    language: str  # the language the town's metadata is written in ("de")
    contributor_id: str  # DCAT-AP.de dcatde:contributorID, "" when not configured

    @classmethod
    def for_town(cls, town: Town) -> "Site":
        """One query (the town's host names)."""
        codes = town.language_codes
        return cls(
            town=town,
            base=absolute_url("").rstrip("/"),
            language=codes[0] if codes else settings.LANGUAGE_CODE,
            contributor_id=getattr(settings, "RATHAUS_DCAT_CONTRIBUTOR_ID", ""),
        )

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def catalog(self) -> str:
        return self.url(reverse("dcat:catalog"))

    @property
    def town_publisher(self) -> str:
        return self.catalog + "#publisher"

    def dataset(self, dataset_id: UUID) -> str:
        return self.url(reverse("dcat:dataset_uri", args=[dataset_id]))

    def distribution(self, dataset_id: UUID, resource_id: UUID) -> str:
        return self.url(reverse("dcat:distribution_uri", args=[dataset_id, resource_id]))

    def organization(self, unit_id: UUID) -> str:
        return self.url(reverse("dcat:organization_uri", args=[unit_id]))
