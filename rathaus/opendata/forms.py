"""Input of the portal's pages: the catalogue's search and filters, and the data stewards'
forms for datasets, resources and a resource's Table Schema."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.forms_rendering import DatePartsField
from rathaus.core.models import ars_validator

from . import vocabularies
from .models import Dataset, Resource, name_validator

# The catalogue's query parameters (German, they appear in addresses) and the search field
# each one filters on.
FILTER_PARAMS = {
    "organisation": "organization",
    "thema": "groups",
    "format": "res_format",
    "lizenz": "license_id",
    "schlagwort": "tags",
}
SORTS = {
    "relevanz": ("score desc, metadata_modified desc", _("Best match")),
    "geaendert": ("metadata_modified desc", _("Recently updated")),
    "neu": ("metadata_created desc", _("Recently added")),
    "titel": ("title_string asc", _("Title A to Z")),
    "titel-absteigend": ("title_string desc", _("Title Z to A")),
}


class CatalogueQuery:
    """The catalogue's search words, filters, sort order and page as read from the address;
    unknown or repeated nonsense is dropped rather than refused (a link should always work)."""

    MAX_VALUES = 20

    def __init__(self, params):
        self.q = " ".join(params.get("q", "").split())[:200]
        self.filters: dict[str, list[str]] = {}
        for param, field in FILTER_PARAMS.items():
            values = []
            for value in params.getlist(param)[: self.MAX_VALUES]:
                value = value.strip()[:200]
                if value and value not in values:
                    values.append(value)
            if values:
                self.filters[field] = values
        default = "relevanz" if self.q else "geaendert"
        sort = params.get("sortierung", default)
        if sort not in SORTS or (sort == "relevanz" and not self.q):
            sort = default
        self.sort = sort

    @property
    def ckan_sort(self) -> str:
        return SORTS[self.sort][0]

    def sort_choices(self) -> list[tuple[str, object]]:
        return [
            (key, label) for key, (_sort, label) in SORTS.items() if key != "relevanz" or self.q
        ]

    def is_selected(self, field: str, value: str) -> bool:
        return value in self.filters.get(field, ())

    @property
    def has_criteria(self) -> bool:
        return bool(self.q or self.filters)


# ------------------------------------------------------------------ staff forms


def _split_keywords(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class DatasetForm(forms.Form):
    """A dataset's metadata (DCAT-AP.de's mandatory and recommended properties)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("Say what the data is about, e.g. “Parking spaces in the town centre”."),
        error_messages={"required": _("Enter a title.")},
    )
    name = forms.CharField(
        label=_("Short name in addresses"),
        max_length=100,
        validators=[name_validator],
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. parkplaetze-innenstadt. "
            "Appears in the dataset's address; change it only if you must."
        ),
        error_messages={"required": _("Enter a short name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    notes = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("What the data contains, where it comes from and what to watch out for."),
        error_messages={"required": _("Enter a description.")},
    )
    organization = forms.ModelChoiceField(
        label=_("Publishing unit"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose a unit"),
        error_messages={"required": _("Choose the unit that publishes the data.")},
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=vocabularies.choices(vocabularies.THEMES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The EU data themes the data belongs to. Choose all that apply."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=2000,
        help_text=_("Separate keywords with commas, e.g. Verkehr, Parken."),
    )
    license_id = forms.ChoiceField(
        label=_("Licence"),
        choices=vocabularies.choices(vocabularies.LICENSES),
        initial=vocabularies.DEFAULT_LICENSE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a licence.")},
    )
    contact_name = forms.CharField(
        label=_("Contact point"),
        max_length=200,
        help_text=_("A unit or a role, not a person's name, e.g. “Open-Data-Team”."),
        error_messages={"required": _("Enter a contact.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail address"),
        help_text=_("A functional mailbox, e.g. opendata@example.org."),
        error_messages={
            "required": _("Enter the contact's e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    temporal_start = DatePartsField(
        label=_("Covers the time from"),
        required=False,
        help_text=_("For example 1 1 2024."),
    )
    temporal_end = DatePartsField(
        label=_("Covers the time until"),
        required=False,
        help_text=_("For example 31 12 2024. Leave empty if the data continues."),
    )
    frequency = forms.ChoiceField(
        label=_("Update frequency"),
        choices=vocabularies.choices(vocabularies.FREQUENCIES),
        initial="IRREG",
    )
    spatial_ars = forms.CharField(
        label=_("Area covered (official regional key)"),
        required=False,
        max_length=12,
        validators=[ars_validator],
        help_text=_("Twelve digits. The town's own key is filled in."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    version = forms.CharField(label=_("Version"), required=False, max_length=40)

    def __init__(self, *args, town=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        if town is not None and not self.is_bound and not self.initial.get("spatial_ars"):
            self.initial["spatial_ars"] = town.ars

    @classmethod
    def initial_for(cls, dataset: Dataset) -> dict:
        return {
            "title": dataset.title,
            "name": dataset.name,
            "notes": dataset.notes,
            "organization": dataset.organization_id,
            "themes": list(dataset.themes or ()),
            "keywords": ", ".join(tag.name for tag in dataset.tags.all()),
            "license_id": dataset.license_id,
            "contact_name": dataset.contact_name,
            "contact_email": dataset.contact_email,
            "temporal_start": dataset.temporal_start,
            "temporal_end": dataset.temporal_end,
            "frequency": dataset.frequency,
            "spatial_ars": dataset.spatial_ars,
            "version": dataset.version,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("temporal_start"), cleaned.get("temporal_end")
        if start and end and end < start:
            self.add_error("temporal_end", _("The end must be on or after the start."))
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned data as the dataset services take it."""
        fields = {name: value for name, value in self.cleaned_data.items() if name != "keywords"}
        fields["spatial_ars"] = fields.get("spatial_ars") or ""
        return fields

    def keyword_list(self) -> list[str]:
        return _split_keywords(self.cleaned_data.get("keywords", ""))


def _format_choices():
    return [("", _("Recognise from the file name")), *vocabularies.choices(vocabularies.FORMATS)]


FORMAT_BY_EXTENSION = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "geojson": "GEOJSON",
    "pdf": "PDF",
    "html": "HTML",
    "htm": "HTML",
    "xml": "XML",
    "zip": "ZIP",
}


def format_from_name(name: str) -> str:
    return FORMAT_BY_EXTENSION.get(name.rpartition(".")[2].lower(), "") if "." in name else ""


class ResourceForm(forms.Form):
    """A new resource: an uploaded file or the address of a file elsewhere."""

    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        help_text=_("For example “Parking spaces 2025 (table)”."),
        error_messages={"required": _("Enter a name.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "CSV, XLSX, JSON, GeoJSON or PDF. Tables (CSV, XLSX) are checked and loaded "
            "so that visitors can preview and query them."
        ),
    )
    url = forms.URLField(
        label=_("Or the address of a file elsewhere"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("Only if you do not upload a file, e.g. https://example.org/data.csv."),
        error_messages={"invalid": _("Enter a full web address, starting with https://.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=_format_choices, required=False)

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("upload"), cleaned.get("url")
        if "url" in self.errors:
            return cleaned
        if upload and url:
            self.add_error("url", _("Upload a file or enter an address, not both."))
        elif not upload and not url:
            self.add_error("upload", _("Choose a file to upload, or enter an address below."))
        if not cleaned.get("format") and (upload or url):
            source = upload.name if upload else url.split("?")[0]
            found = format_from_name(source)
            if not found:
                self.add_error(
                    "format", _("The format cannot be recognised from the name; choose it.")
                )
            cleaned["format"] = found
        return cleaned


class ResourceEditForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=300, error_messages={"required": _("Enter a name.")}
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, resource: Resource) -> dict:
        return {"name": resource.name, "description": resource.description}


class ReplaceFileForm(forms.Form):
    upload = forms.FileField(
        label=_("Corrected or newer file"),
        help_text=_(
            "It is checked against the rules in effect. The current rows stay until a "
            "file has been checked without errors."
        ),
        error_messages={"required": _("Choose a file to upload.")},
    )
    infer_schema = forms.BooleanField(
        label=_("Work out the rules again from the new file (for a file with other columns)"),
        required=False,
    )


# Table Schema field types a steward can choose (Frictionless Table Schema v1).
FIELD_TYPES = [
    ("string", _("Text")),
    ("integer", _("Whole number")),
    ("number", _("Number")),
    ("boolean", _("Yes/no")),
    ("date", _("Date")),
    ("datetime", _("Date and time")),
    ("time", _("Time")),
    ("year", _("Year")),
    ("yearmonth", _("Year and month")),
    ("geopoint", _("Geographic point")),
    ("any", _("Any value")),
]
NUMERIC_TYPES = {"integer", "number", "year"}


class SchemaFieldForm(forms.Form):
    """One column's rules: type, required, range, pattern, allowed values."""

    name = forms.CharField(widget=forms.HiddenInput)
    type = forms.ChoiceField(label=_("Type"), choices=FIELD_TYPES)
    required = forms.BooleanField(label=_("A value is required"), required=False)
    minimum = forms.CharField(label=_("Smallest value"), required=False, max_length=40)
    maximum = forms.CharField(label=_("Largest value"), required=False, max_length=40)
    pattern = forms.CharField(
        label=_("Pattern (regular expression)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    enum = forms.CharField(
        label=_("Allowed values"),
        required=False,
        max_length=5000,
        help_text=_("Separate values with commas; leave empty to allow any value."),
    )

    def clean_pattern(self):
        import re

        pattern = self.cleaned_data["pattern"]
        if pattern:
            try:
                re.compile(pattern)
            except re.error:
                raise ValidationError(_("This is not a valid regular expression.")) from None
        return pattern

    def _bound(self, name: str):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        kind = self.cleaned_data.get("type")
        if kind in NUMERIC_TYPES:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                self.add_error(name, _("Enter a number."))
                return None
            return int(number) if kind != "number" and number.is_integer() else number
        return text

    def clean(self):
        cleaned = super().clean()
        cleaned["minimum_value"] = self._bound("minimum")
        cleaned["maximum_value"] = self._bound("maximum")
        low, high = cleaned["minimum_value"], cleaned["maximum_value"]
        if (
            isinstance(low, int | float)
            and isinstance(high, int | float)
            and not isinstance(low, bool)
            and high < low
        ):
            self.add_error("maximum", _("The largest value must not be below the smallest."))
        return cleaned

    @classmethod
    def initial_for(cls, field: dict) -> dict:
        constraints = field.get("constraints") or {}
        enum = constraints.get("enum") or []
        return {
            "name": field.get("name", ""),
            "type": field.get("type", "string"),
            "required": bool(constraints.get("required")),
            "minimum": _text(constraints.get("minimum")),
            "maximum": _text(constraints.get("maximum")),
            "pattern": constraints.get("pattern", ""),
            "enum": ", ".join(str(value) for value in enum),
        }

    def schema_field(self, original: dict) -> dict:
        """The column as a Table Schema field: what was there, with the rules replaced."""
        data = self.cleaned_data
        field = {key: value for key, value in original.items() if key != "constraints"}
        field["type"] = data["type"]
        if data["type"] != original.get("type"):
            field.pop("format", None)
        constraints = {
            key: value
            for key, value in (original.get("constraints") or {}).items()
            if key not in {"required", "minimum", "maximum", "pattern", "enum"}
        }
        if data["required"]:
            constraints["required"] = True
        if data["minimum_value"] is not None:
            constraints["minimum"] = data["minimum_value"]
        if data["maximum_value"] is not None:
            constraints["maximum"] = data["maximum_value"]
        if data["pattern"]:
            constraints["pattern"] = data["pattern"]
        enum = _split_keywords(data["enum"])
        if enum:
            constraints["enum"] = [_typed(value, data["type"]) for value in enum]
        if constraints:
            field["constraints"] = constraints
        return field


def _text(value) -> str:
    return "" if value is None else str(value)


def _typed(value: str, kind: str):
    if kind in {"integer", "year"}:
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "number":
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


SchemaFormSet = forms.formset_factory(SchemaFieldForm, extra=0, max_num=500, absolute_max=500)


def schema_from_formset(formset, schema: dict) -> dict:
    """The resource's schema with each column's rules taken from the bound formset."""
    originals = {field.get("name"): field for field in schema.get("fields", [])}
    fields = [
        form.schema_field(originals.get(form.cleaned_data["name"], {}))
        for form in formset.forms
        if form.cleaned_data.get("name") in originals
    ]
    return {**schema, "fields": fields}


class DatasetFilterForm(forms.Form):
    """The staff list's filters."""

    q = forms.CharField(label=_("Title or short name contains"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *Dataset.State.choices],
    )
    unit = forms.ModelChoiceField(
        label=_("Publishing unit"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All units"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")
