"""The controlled vocabularies a dataset's metadata is chosen from, as DCAT-AP.de 3.0 and
GovData expect them: licences from the DCAT-AP.de licence list, themes from the EU data-theme
authority table, update frequencies from the EU frequency table and file types from the EU
file-type table. Each entry carries the short id the CKAN API uses and the URI the DCAT
catalogue uses.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DCAT_AP_DE_LICENSES = "http://dcat-ap.de/def/licenses/"
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
POLITICAL_GEOCODING_ARS = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/"
POLITICAL_GEOCODING_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/"


@dataclass(frozen=True)
class Term:
    id: str  # the id in the CKAN API and in forms
    label: object  # translated label
    uri: str
    url: str = ""  # a licence's text for people


LICENSES = [
    Term(
        "dl-by-de/2.0",
        _("Data licence Germany – attribution – version 2.0"),
        DCAT_AP_DE_LICENSES + "dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    Term(
        "dl-zero-de/2.0",
        _("Data licence Germany – zero – version 2.0"),
        DCAT_AP_DE_LICENSES + "dl-zero-de/2.0",
        "https://www.govdata.de/dl-de/zero-2-0",
    ),
    Term(
        "cc-by/4.0",
        _("Creative Commons Attribution 4.0 International"),
        DCAT_AP_DE_LICENSES + "cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Term(
        "cc-by-sa/4.0",
        _("Creative Commons Attribution – ShareAlike 4.0 International"),
        DCAT_AP_DE_LICENSES + "cc-by-sa/4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Term(
        "cc-zero",
        _("Creative Commons CC Zero (public domain)"),
        DCAT_AP_DE_LICENSES + "cc-zero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    Term(
        "odbl",
        _("Open Data Commons Open Database License (ODbL)"),
        DCAT_AP_DE_LICENSES + "odbl",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    Term(
        "officialWork",
        _("Official work (§ 5 UrhG), free of copyright"),
        DCAT_AP_DE_LICENSES + "officialWork",
        "https://www.gesetze-im-internet.de/urhg/__5.html",
    ),
]

THEMES = [
    Term("AGRI", _("Agriculture, fisheries, forestry and food"), EU_DATA_THEME + "AGRI"),
    Term("ECON", _("Economy and finance"), EU_DATA_THEME + "ECON"),
    Term("EDUC", _("Education, culture and sport"), EU_DATA_THEME + "EDUC"),
    Term("ENER", _("Energy"), EU_DATA_THEME + "ENER"),
    Term("ENVI", _("Environment"), EU_DATA_THEME + "ENVI"),
    Term("GOVE", _("Government and public sector"), EU_DATA_THEME + "GOVE"),
    Term("HEAL", _("Health"), EU_DATA_THEME + "HEAL"),
    Term("INTR", _("International issues"), EU_DATA_THEME + "INTR"),
    Term("JUST", _("Justice, legal system and public safety"), EU_DATA_THEME + "JUST"),
    Term("REGI", _("Regions and cities"), EU_DATA_THEME + "REGI"),
    Term("SOCI", _("Population and society"), EU_DATA_THEME + "SOCI"),
    Term("TECH", _("Science and technology"), EU_DATA_THEME + "TECH"),
    Term("TRAN", _("Transport"), EU_DATA_THEME + "TRAN"),
]

FREQUENCIES = [
    Term("DAILY", _("daily"), EU_FREQUENCY + "DAILY"),
    Term("WEEKLY", _("weekly"), EU_FREQUENCY + "WEEKLY"),
    Term("MONTHLY", _("monthly"), EU_FREQUENCY + "MONTHLY"),
    Term("QUARTERLY", _("quarterly"), EU_FREQUENCY + "QUARTERLY"),
    Term("ANNUAL", _("annually"), EU_FREQUENCY + "ANNUAL"),
    Term("IRREG", _("irregularly"), EU_FREQUENCY + "IRREG"),
    Term("NEVER", _("never (a closed dataset)"), EU_FREQUENCY + "NEVER"),
    Term("UNKNOWN", _("unknown"), EU_FREQUENCY + "UNKNOWN"),
]


@dataclass(frozen=True)
class Format:
    id: str  # CKAN's res_format, upper case
    label: str
    mimetype: str
    uri: str
    tabular: bool = False  # loaded into the datastore


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = [
    Format("CSV", "CSV", "text/csv", EU_FILE_TYPE + "CSV", tabular=True),
    Format("XLSX", "XLSX", XLSX_MIMETYPE, EU_FILE_TYPE + "XLSX", tabular=True),
    Format("JSON", "JSON", "application/json", EU_FILE_TYPE + "JSON"),
    Format("GEOJSON", "GeoJSON", "application/geo+json", EU_FILE_TYPE + "GEOJSON"),
    Format("PDF", "PDF", "application/pdf", EU_FILE_TYPE + "PDF"),
    Format("HTML", "HTML", "text/html", EU_FILE_TYPE + "HTML"),
    Format("XML", "XML", "application/xml", EU_FILE_TYPE + "XML"),
    Format("ZIP", "ZIP", "application/zip", EU_FILE_TYPE + "ZIP"),
]

LICENSE_BY_ID = {term.id: term for term in LICENSES}
THEME_BY_ID = {term.id: term for term in THEMES}
FREQUENCY_BY_ID = {term.id: term for term in FREQUENCIES}
FORMAT_BY_ID = {fmt.id: fmt for fmt in FORMATS}
DEFAULT_LICENSE = "dl-by-de/2.0"


def choices(terms) -> list[tuple[str, object]]:
    return [(term.id, term.label) for term in terms]
