"""Forms of the defect reporter: the report in its steps, following a report, the
questionnaire, and the staff's workflow and set-up forms."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit

from .models import (
    CategoryAttribute,
    DefectCategory,
    DefectSettings,
    Status,
    Street,
)
from .services.reporting import DESCRIPTION_LIMIT

PHOTO_TOKEN_SALT = "rathaus.defects.photo"  # noqa: S105  (a signing salt)
YES_NO = [("ja", _("Yes")), ("nein", _("No"))]


def sign_photo(stored, latitude=None, longitude=None) -> str:
    return signing.dumps(
        {
            "f": str(stored.pk),
            "lat": str(latitude) if latitude is not None else "",
            "lon": str(longitude) if longitude is not None else "",
        },
        salt=PHOTO_TOKEN_SALT,
        compress=True,
    )


def read_photo_token(token: str) -> dict | None:
    """{"f": stored file id, "lat", "lon"} of a photo kept in an earlier step."""
    if not token:
        return None
    try:
        return signing.loads(token, salt=PHOTO_TOKEN_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None


class ChooseCategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the problem?"), widget=forms.RadioSelect, choices=()
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (category.code, category.name) for category in categories
        ]


class ReportForm(forms.Form):
    """The details of a report; ``category``'s questions are added as ``attr_<code>``."""

    street = forms.ChoiceField(
        label=_("Street"),
        required=False,
        choices=(),
        help_text=_("Choose the street; the report is placed on it."),
    )
    house_number = forms.CharField(
        label=_("House number or landmark"),
        required=False,
        max_length=40,
        help_text=_("E.g. 12 or “opposite the bakery”."),
    )
    latitude = forms.CharField(
        label=_("Latitude"),
        required=False,
        max_length=20,
        help_text=_("Decimal degrees, e.g. 49.9076. Clicking on the map fills this in."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = forms.CharField(
        label=_("Longitude"),
        required=False,
        max_length=20,
        help_text=_("Decimal degrees, e.g. 8.5822."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB. Position data is removed before publishing."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_token = forms.CharField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_LIMIT,
        help_text=_("What is wrong, and where exactly? Please no personal data of others."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm the report, and tell you about its progress."),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        help_text=_("Only for questions from the administration; never published."),
    )
    show_name = forms.BooleanField(label=_("Show my name on the public report"), required=False)
    use_photo_position = forms.ChoiceField(
        label=_("Use the position stored in the photo?"),
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, category, attributes, streets, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.attributes = list(attributes)
        self.fields["street"].choices = [("", _("– choose a street –"))] + [
            (str(street.pk), f"{street.name} ({street.postcode} {street.district})".strip())
            if street.postcode or street.district
            else (str(street.pk), street.name)
            for street in streets
        ]
        self.signed_in = user is not None and user.is_authenticated
        if self.signed_in:
            for name in ("name", "email", "phone"):
                del self.fields[name]
        for attribute in self.attributes:
            self.fields[f"attr_{attribute.code}"] = _attribute_field(attribute)

    @property
    def attribute_fields(self):
        return [self[f"attr_{attribute.code}"] for attribute in self.attributes]

    def attribute_answers(self) -> dict:
        return {
            attribute.code: self.cleaned_data.get(f"attr_{attribute.code}")
            for attribute in self.attributes
        }

    def address_text(self) -> str:
        street_id = self.cleaned_data.get("street")
        if not street_id:
            return ""
        street = Street.objects.filter(pk=street_id).first()
        if street is None:
            return ""
        return f"{street.name} {self.cleaned_data.get('house_number', '')}".strip() + (
            f", {street.postcode}" if street.postcode else ""
        )


def _attribute_field(attribute: CategoryAttribute) -> forms.Field:
    Datatype = CategoryAttribute.Datatype
    common = {
        "label": attribute.question,
        "required": attribute.required,
        "help_text": attribute.description,
    }
    choices = [(str(item.get("key")), item.get("name")) for item in attribute.values or []]
    if attribute.datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if attribute.datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if attribute.datatype == Datatype.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=4, **common)
    if attribute.datatype == Datatype.TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if attribute.datatype == Datatype.DATETIME:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}),
            **{**common, "help_text": common["help_text"] or _("As YYYY-MM-DD.")},
        )
    return forms.CharField(max_length=300, **common)


class FollowByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link; after you open it you receive updates on this report."),
    )


class QuestionnaireForm(forms.Form):
    fixed = forms.ChoiceField(
        label=_("Has the problem been fixed?"), choices=YES_NO, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        help_text=_("If it is not fixed: what is still wrong? The comment is published."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# ------------------------------------------------------------------ staff


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=())

    def __init__(self, *args, categories, units, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(statuses)
        self.fields["category"].choices = [("", _("All"))] + [
            (category.code, category.name) for category in categories
        ]
        self.fields["unit"].choices = [("", _("All"))] + [
            (str(unit.pk), str(unit)) for unit in units
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=(), widget=forms.RadioSelect)
    expected_at = forms.DateField(
        label=_("Expected by"),
        required=False,
        help_text=_("For “scheduled”: as YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of report number"),
        required=False,
        min_value=1,
        help_text=_("For “duplicate”: the number of the report that stays open."),
    )
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=2000,
        help_text=_("Shown on the report's page and sent to the reporter and followers."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Status(s).label) for s in statuses]


class ReassignForm(forms.Form):
    prefix = "weitergeben"  # its fields must not share ids with the status form's
    category = forms.ChoiceField(label=_("Pass on to category"), choices=())
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (
                category.code,
                f"{category.name} ({category.unit})" if category.unit else category.name,
            )
            for category in categories
        ]


class CategoryForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())

    class Meta:
        model = DefectCategory
        fields = [
            "name",
            "code",
            "group",
            "unit",
            "description",
            "keywords",
            "position",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = DefectCategory.objects.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another category has this code."))
        return code


class AttributeForm(forms.ModelForm):
    values_text = forms.CharField(
        label=_("Answer options"),
        required=False,
        help_text=_("For the list types: one option a line, as key=name."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = CategoryAttribute
        fields = ["question", "code", "datatype", "description", "required", "position"]

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        if self.instance.pk:
            self.fields["values_text"].initial = "\n".join(
                f"{item.get('key')}={item.get('name')}" for item in self.instance.values or []
            )

    def clean(self):
        from .services.administration import parse_values

        cleaned = super().clean()
        values = parse_values(cleaned.get("values_text", ""))
        listed = cleaned.get("datatype") in (
            CategoryAttribute.Datatype.SINGLEVALUELIST,
            CategoryAttribute.Datatype.MULTIVALUELIST,
        )
        if listed and not values:
            self.add_error("values_text", _("A list needs at least one option."))
        code = cleaned.get("code")
        if code and (
            CategoryAttribute.objects.filter(category=self.category, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("code", _("Another question of this category has this code."))
        self.instance.values = values if listed else []
        self.instance.category = self.category
        return cleaned


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DefectSettings
        fields = [
            "center_latitude",
            "center_longitude",
            "zoom",
            "duplicate_radius_m",
            "questionnaire_after_days",
        ]


class BoundaryForm(forms.Form):
    geojson = forms.CharField(
        label=_("Town boundary (GeoJSON)"),
        required=False,
        help_text=_(
            "Paste a GeoJSON Polygon or MultiPolygon (coordinates as [longitude, latitude]). "
            "Empty: reports are accepted everywhere."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class StreetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Street directory (CSV)"),
        help_text=_(
            "One street a line: name;postcode;district;latitude;longitude (UTF-8). "
            "Known streets are updated."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
