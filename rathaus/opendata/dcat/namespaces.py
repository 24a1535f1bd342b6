"""The RDF vocabularies the catalogue is written in, and the controlled vocabularies of
DCAT-AP.de 3.0 it refers to beyond those in ``opendata.vocabularies``."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")

# DCAT 3's dcat:version (DCAT-AP.de 3.0 deprecates owl:versionInfo), not yet in rdflib's DCAT.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "vcard": VCARD,
    "hydra": HYDRA,
    "spdx": SPDX,
    "adms": ADMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

# DCAT-AP.de 3.0 §"Geopolitische Abdeckung": a regional key (ARS, twelve digits) or a
# municipality key (AGS, eight digits) as a URI, and the level it describes.
REGIONAL_KEY = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/"
MUNICIPALITY_KEY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
GEOCODING_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/"

EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"
EU_DATA_THEME_SCHEME = "http://publications.europa.eu/resource/authority/data-theme"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"

# ISO 639-1 codes of the installation's languages to the EU language authority table.
LANGUAGES = {"de": "DEU", "en": "ENG", "fr": "FRA", "tr": "TUR", "ar": "ARA", "ru": "RUS",
             "uk": "UKR", "pl": "POL"}  # fmt: skip

# Licences of the DCAT-AP.de list that require naming the source
# (dcatde:licenseAttributionByText).
ATTRIBUTION_LICENSES = {"dl-by-de/2.0", "cc-by/4.0", "cc-by-sa/4.0", "odbl"}
