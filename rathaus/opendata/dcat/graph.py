"""Our datasets as DCAT-AP.de 3.0: the triples of the catalogue, a dataset (dcat:Dataset) and
its resources (dcat:Distribution), in the wording of the specification. Every IRI the
catalogue refers to (licence, media type, location, language…) carries its class, so the
output validates on its own against the official SHACL shapes."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .. import vocabularies
from ..models import Dataset, Resource
from .namespaces import (
    ATTRIBUTION_LICENSES,
    DCAT_VERSION,
    DCATDE,
    EU_ACCESS_RIGHT,
    EU_DATA_THEME_SCHEME,
    EU_LANGUAGE,
    GEOCODING_LEVEL,
    IANA_MEDIA_TYPES,
    LANGUAGES,
    MUNICIPALITY_KEY,
    PREFIXES,
    PUBLISHER_TYPE,
    REGIONAL_KEY,
    SPDX,
    VCARD,
)
from .uris import Site


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def political_geocoding(site: Site, spatial_ars: str = "") -> tuple[str, str] | None:
    """The dataset's area as (geocoding URI, level URI): its own regional key (ARS, or a
    municipality key, AGS), else the town's regional key, else the town's municipality
    key."""
    town = site.town
    key = spatial_ars.strip()
    if key.isdigit() and key not in (town.ars, town.ags):
        if len(key) == 12:
            return REGIONAL_KEY + key, GEOCODING_LEVEL + _level_of(key)
        if len(key) == 8:
            return MUNICIPALITY_KEY + key, GEOCODING_LEVEL + "municipality"
    if town.ars:
        return REGIONAL_KEY + town.ars, GEOCODING_LEVEL + "municipality"
    if town.ags:
        return MUNICIPALITY_KEY + town.ags, GEOCODING_LEVEL + "municipality"
    return None


def _level_of(ars: str) -> str:
    """The level a regional key (Land 2, Regierungsbezirk 1, Kreis 2, Verband 4, Gemeinde 3
    digits) describes; the zeros at its end say how much of it is left open."""
    if not ars.strip("0"):
        return "federal"
    if not ars[2:].strip("0"):
        return "state"
    if not ars[5:].strip("0"):
        return "administrativeDistrict"
    return "municipality"


class CatalogWriter:
    """Writes the triples of one catalogue page or one dataset into ``graph``."""

    def __init__(self, site: Site, graph: Graph | None = None):
        self.site = site
        self.graph = graph if graph is not None else new_graph()

    # helpers

    def add(self, subject, predicate, obj) -> None:
        self.graph.add((subject, predicate, obj))

    def text(self, value: str) -> Literal:
        return Literal(value, lang=self.site.language)

    def typed_iri(self, iri: str, rdf_type: URIRef) -> URIRef:
        """An IRI the catalogue refers to, with its class (the shapes check the class)."""
        ref = URIRef(iri)
        self.add(ref, RDF.type, rdf_type)
        return ref

    def language(self) -> URIRef:
        code = LANGUAGES.get(self.site.language, "DEU")
        return self.typed_iri(EU_LANGUAGE + code, DCTERMS.LinguisticSystem)

    def town_publisher(self) -> URIRef:
        town = self.site.town
        ref = URIRef(self.site.town_publisher)
        self.add(ref, RDF.type, FOAF.Organization)
        self.add(ref, FOAF.name, self.text(str(town)))
        self.add(ref, DCTERMS.type, self.typed_iri(PUBLISHER_TYPE + "LocalAuthority", SKOS.Concept))
        if town.website:
            self.add(ref, FOAF.homepage, self.typed_iri(town.website, FOAF.Document))
        return ref

    def organization(self, unit) -> URIRef:
        """A unit of the town as publisher (foaf:Organization), or the town without one."""
        if unit is None:
            return self.town_publisher()
        ref = URIRef(self.site.organization(unit.pk))
        self.add(ref, RDF.type, FOAF.Organization)
        self.add(ref, FOAF.name, self.text(f"{self.site.town}, {unit.name}"))
        self.add(ref, DCTERMS.type, self.typed_iri(PUBLISHER_TYPE + "LocalAuthority", SKOS.Concept))
        return ref

    def spatial(self, subject: URIRef, spatial_ars: str = "", *, dataset: bool = False) -> None:
        geocoding = political_geocoding(self.site, spatial_ars)
        if geocoding is None:
            return
        location, level = geocoding
        location_ref = self.typed_iri(location, DCTERMS.Location)
        self.add(subject, DCTERMS.spatial, location_ref)
        if dataset:
            # dcatde:politicalGeocodingURI is deprecated in DCAT-AP.de 3.0 in favour of
            # dct:spatial (a SHACL warning), but GovData's harvester still fills its
            # geopolitical facet from it.
            self.add(subject, DCATDE.politicalGeocodingURI, location_ref)
            self.add(
                subject, DCATDE.politicalGeocodingLevelURI, self.typed_iri(level, SKOS.Concept)
            )

    # the catalogue

    def catalog(self, *, modified=None, issued=None) -> URIRef:
        site = self.site
        ref = URIRef(site.catalog)
        with translation.override(site.language):
            title = _("Open data: %(town)s") % {"town": site.town}
            description = _("Datasets that %(town)s publishes as open data.") % {"town": site.town}
        self.add(ref, RDF.type, DCAT.Catalog)
        self.add(ref, DCTERMS.title, self.text(title))
        self.add(ref, DCTERMS.description, self.text(description))
        self.add(ref, DCTERMS.publisher, self.town_publisher())
        homepage = self.typed_iri(site.url(reverse("opendata:catalogue")), FOAF.Document)
        self.add(ref, FOAF.homepage, homepage)
        self.add(ref, DCTERMS.language, self.language())
        scheme = self.typed_iri(EU_DATA_THEME_SCHEME, SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, Literal("Data theme", lang="en"))
        self.add(ref, DCAT.themeTaxonomy, scheme)
        self.spatial(ref)
        if modified:
            self.add(ref, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime))
        if issued:
            self.add(ref, DCTERMS.issued, Literal(issued, datatype=XSD.dateTime))
        return ref

    # a dataset

    def dataset(self, dataset: Dataset) -> URIRef:
        """The dataset with its distributions; expects ``organization`` selected and
        ``tags`` and ``resources`` (with ``file``) prefetched."""
        site = self.site
        ref = URIRef(site.dataset(dataset.pk))
        self.add(ref, RDF.type, DCAT.Dataset)
        self.add(ref, DCTERMS.title, self.text(dataset.title))
        self.add(ref, DCTERMS.description, self.text(dataset.notes or dataset.title))
        self.add(ref, DCTERMS.identifier, Literal(str(ref)))
        for tag in dataset.tags.all():
            self.add(ref, DCAT.keyword, self.text(tag.name))
        for code in dataset.themes or ():
            theme = vocabularies.THEME_BY_ID.get(code)
            if theme:
                self.add(ref, DCAT.theme, self.typed_iri(theme.uri, SKOS.Concept))
        self.add(ref, DCTERMS.publisher, self.organization(dataset.organization))
        self.add(ref, DCAT.contactPoint, self.contact_point(dataset))
        if dataset.published_at:
            self.add(ref, DCTERMS.issued, Literal(dataset.published_at, datatype=XSD.dateTime))
        self.add(ref, DCTERMS.modified, Literal(dataset.modified_at, datatype=XSD.dateTime))
        self.temporal(ref, dataset)
        frequency = vocabularies.FREQUENCY_BY_ID.get(dataset.frequency)
        if frequency:
            self.add(
                ref, DCTERMS.accrualPeriodicity, self.typed_iri(frequency.uri, DCTERMS.Frequency)
            )
        self.spatial(ref, dataset.spatial_ars, dataset=True)
        if site.contributor_id:
            # A concept of GovData's contributor list; typed as a mere resource because the
            # EU shapes would ask a skos:Concept for a label only that list gives.
            contributor = self.typed_iri(site.contributor_id, RDFS.Resource)
            self.add(ref, DCATDE.contributorID, contributor)
        self.add(ref, DCTERMS.language, self.language())
        self.add(
            ref,
            DCTERMS.accessRights,
            self.typed_iri(EU_ACCESS_RIGHT + "PUBLIC", DCTERMS.RightsStatement),
        )
        landing_page = site.url(reverse("opendata:dataset", args=[dataset.name]))
        self.add(ref, DCAT.landingPage, self.typed_iri(landing_page, FOAF.Document))
        if dataset.version:
            self.add(ref, DCAT_VERSION, Literal(dataset.version))
        for resource in dataset.resources.all():
            self.add(ref, DCAT.distribution, self.distribution(dataset, resource))
        return ref

    def contact_point(self, dataset: Dataset) -> BNode:
        contact = BNode()
        self.add(contact, RDF.type, VCARD.Organization)
        name = dataset.contact_name or (dataset.organization and dataset.organization.name)
        self.add(contact, VCARD.fn, Literal(name or str(self.site.town)))
        email = dataset.contact_email or (dataset.organization and dataset.organization.email)
        if email:
            self.add(contact, VCARD.hasEmail, URIRef("mailto:" + email))
        else:
            self.add(contact, VCARD.hasURL, URIRef(self.site.url("/")))
        return contact

    def temporal(self, ref: URIRef, dataset: Dataset) -> None:
        if not (dataset.temporal_start or dataset.temporal_end):
            return
        period = BNode()
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        if dataset.temporal_start:
            self.add(period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date))
        if dataset.temporal_end:
            self.add(period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date))
        self.add(ref, DCTERMS.temporal, period)

    # a distribution

    def distribution(self, dataset: Dataset, resource: Resource) -> URIRef:
        site = self.site
        ref = URIRef(site.distribution(dataset.pk, resource.pk))
        fmt = vocabularies.FORMAT_BY_ID.get(resource.format)
        self.add(ref, RDF.type, DCAT.Distribution)
        self.add(ref, DCTERMS.title, self.text(resource.name))
        if resource.description:
            self.add(ref, DCTERMS.description, self.text(resource.description))
        page = site.url(reverse("opendata:resource", args=[dataset.name, resource.pk]))
        if resource.file_id:
            download = site.url(reverse("opendata:download", args=[dataset.name, resource.pk]))
            self.add(ref, DCAT.accessURL, self.typed_iri(page, RDFS.Resource))
            self.add(ref, DCAT.downloadURL, self.typed_iri(download, RDFS.Resource))
        elif fmt and fmt.id == "HTML":
            # A linked web page or web application: reached, not downloaded.
            self.add(ref, DCAT.accessURL, self.typed_iri(resource.url, RDFS.Resource))
        else:
            self.add(ref, DCAT.accessURL, self.typed_iri(page, RDFS.Resource))
            self.add(ref, DCAT.downloadURL, self.typed_iri(resource.url, RDFS.Resource))
        if fmt:
            self.add(ref, DCTERMS.format, self.typed_iri(fmt.uri, DCTERMS.MediaTypeOrExtent))
            media_type = IANA_MEDIA_TYPES + fmt.mimetype
            self.add(ref, DCAT.mediaType, self.typed_iri(media_type, DCTERMS.MediaType))
        size = resource.size if resource.size is not None else _file_size(resource)
        if size is not None:
            self.add(ref, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger))
        if resource.file_id and resource.file.sha256:
            self.add(ref, SPDX.checksum, self.checksum(resource.file.sha256))
        self.license(ref, dataset)
        self.add(ref, DCTERMS.issued, Literal(resource.created_at, datatype=XSD.dateTime))
        self.add(ref, DCTERMS.modified, Literal(resource.modified_at, datatype=XSD.dateTime))
        self.add(ref, DCTERMS.language, self.language())
        return ref

    def license(self, ref: URIRef, dataset: Dataset) -> None:
        license = dataset.license
        if license is None:
            return
        self.add(ref, DCTERMS.license, self.typed_iri(license.uri, DCTERMS.LicenseDocument))
        if license.id in ATTRIBUTION_LICENSES:
            source = str(self.site.town)
            if dataset.organization is not None:
                source = f"{source}, {dataset.organization.name}"
            self.add(ref, DCATDE.licenseAttributionByText, self.text(source))

    def checksum(self, sha256: str) -> BNode:
        checksum = BNode()
        self.add(checksum, RDF.type, SPDX.Checksum)
        algorithm = self.typed_iri(str(SPDX.checksumAlgorithm_sha256), SPDX.ChecksumAlgorithm)
        self.add(checksum, SPDX.algorithm, algorithm)
        self.add(checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary))
        return checksum


def _file_size(resource: Resource) -> int | None:
    return resource.file.size if resource.file_id else None
