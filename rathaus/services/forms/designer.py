"""Forms of the staff pages: services in the catalogue and the form designer."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.models import Unit
from rathaus.core.uploads.kinds import KINDS
from rathaus.records.models import RecordFile

from ..formdefs import FIELD_TYPES, PREFILL_SOURCES
from ..models import LifeSituation, Service

FIELD_TYPE_LABELS = {
    "text": _("Text (one line)"),
    "textarea": _("Text (several lines)"),
    "number": _("Number"),
    "date": _("Date"),
    "choice": _("Single choice"),
    "multichoice": _("Multiple choice"),
    "address": _("Address"),
    "iban": _("IBAN"),
    "email": _("E-mail address"),
    "phone": _("Telephone number"),
    "file": _("File upload"),
    "consent": _("Consent (tick box)"),
    "static": _("Text to read (no input)"),
}


class ServiceForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    record_file = forms.ModelChoiceField(
        label=_("E-file for applications"),
        queryset=RecordFile.objects.none(),
        required=False,
        help_text=_("Each application opens a procedure in this file."),
    )
    life_situations = forms.ModelMultipleChoiceField(
        label=_("Life situations"),
        queryset=LifeSituation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fee_rule_text = forms.CharField(
        label=_("Fee rule (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            'For example {"items": [{"label": "Fee", "amount_cents": 3070}]}; '
            "empty: free of charge."
        ),
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "summary",
            "description",
            "easy_language",
            "leika_key",
            "unit",
            "record_file",
            "audience",
            "required_documents",
            "fees",
            "legal_basis",
            "processing_days",
            "maturity",
            "without_account",
            "needs_appointment",
            "offers_appointment",
            "offers_callback",
            "offers_paper_form",
            "life_situations",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "easy_language": forms.Textarea(attrs={"rows": 4}),
            "required_documents": forms.Textarea(attrs={"rows": 4}),
            "fees": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units=None, files=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()
        self.fields["life_situations"].queryset = LifeSituation.objects.all()
        self.fields["record_file"].queryset = files
        self.fields["record_file"].label_from_instance = lambda f: f"{f.reference} {f.title}"
        if self.instance.pk:
            self.fields["fee_rule_text"].initial = (
                json.dumps(self.instance.fee_rule, ensure_ascii=False, indent=1)
                if self.instance.fee_rule
                else ""
            )

    def clean_fee_rule_text(self):
        text = self.cleaned_data["fee_rule_text"].strip()
        if not text:
            return {}
        try:
            rule = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("The fee rule is not valid JSON.")) from None
        from ..formdefs.fees import check_rule

        problems = check_rule(rule)
        if problems:
            raise forms.ValidationError(problems)
        return rule

    def service_data(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("life_situations", "fee_rule_text")
        }
        data["fee_rule"] = self.cleaned_data["fee_rule_text"]
        return data


def condition_from(field_id: str, values: str) -> dict | None:
    """A ``show_if`` condition from the designer's two inputs: a field, and the value(s)
    that show the item (several separated by commas; none: when the field is answered)."""
    if not field_id:
        return None
    wanted = [value.strip() for value in values.split(",") if value.strip()]
    if not wanted:
        return {"field": field_id, "filled": True}
    if len(wanted) == 1:
        return {"field": field_id, "equals": wanted[0]}
    return {"field": field_id, "in": wanted}


def condition_initial(condition: dict | None) -> dict:
    condition = condition or {}
    values = condition.get("in") or ([condition["equals"]] if "equals" in condition else [])
    return {
        "show_if_field": condition.get("field", ""),
        "show_if_value": ", ".join(str(value) for value in values),
    }


class ConditionFields(forms.Form):
    """The two inputs of a condition; ``other_fields`` are the fields it may refer to."""

    show_if_field = forms.ChoiceField(
        label=_("Show only when this field …"), required=False, choices=[]
    )
    show_if_value = forms.CharField(
        label=_("… has this value"),
        required=False,
        max_length=500,
        help_text=_(
            "Several values separated by commas: when it has one of them. "
            "Empty: when the field is answered at all."
        ),
    )

    def __init__(self, *args, other_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show_if_field"].choices = [("", "–")] + [
            (item["id"], item.get("label") or item["id"]) for item in other_fields
        ]

    def condition(self) -> dict | None:
        return condition_from(
            self.cleaned_data.get("show_if_field", ""), self.cleaned_data.get("show_if_value", "")
        )


class PageForm(ConditionFields):
    title = forms.CharField(
        label=_("Page title"),
        max_length=150,
        error_messages={"required": _("Enter the page title.")},
    )
    field_order = ["title", "show_if_field", "show_if_value"]


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Heading of the group"), max_length=150, required=False)
    hint = forms.CharField(label=_("Hint"), max_length=500, required=False)
    repeat_max = forms.IntegerField(
        label=_("Repeatable: at most how many times?"),
        required=False,
        min_value=2,
        max_value=99,
        help_text=_("Empty: the group appears once."),
    )
    repeat_min = forms.IntegerField(
        label=_("Repeatable: at least how many times?"), required=False, min_value=0, max_value=99
    )

    def repeat(self):
        maximum = self.cleaned_data.get("repeat_max")
        if not maximum:
            return None
        return {"min": self.cleaned_data.get("repeat_min") or 0, "max": maximum}


class FieldForm(ConditionFields):
    """One field of the form, as a clerk describes it."""

    type = forms.ChoiceField(
        label=_("Kind of field"),
        choices=[(kind, FIELD_TYPE_LABELS[kind]) for kind in FIELD_TYPES],
    )
    label = forms.CharField(
        label=_("Question or label"),
        max_length=300,
        error_messages={"required": _("Enter the question or label.")},
    )
    hint = forms.CharField(label=_("Hint"), max_length=500, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choices: one option per line, optionally “value|label”."),
    )
    min_value = forms.CharField(
        label=_("Smallest value or earliest date"),
        required=False,
        max_length=20,
        help_text=_("A number; for dates YYYY-MM-DD or “today”."),
    )
    max_value = forms.CharField(
        label=_("Largest value or latest date"), required=False, max_length=20
    )
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"), required=False, min_value=1, max_value=20000
    )
    pattern = forms.CharField(
        label=_("Format (regular expression)"), required=False, max_length=300
    )
    decimals = forms.IntegerField(
        label=_("Decimal places"), required=False, min_value=0, max_value=6
    )
    kinds = forms.MultipleChoiceField(
        label=_("Allowed file types"),
        required=False,
        choices=[(kind, kind.upper()) for kind in ("pdf", "jpeg", "png", "tiff", "docx", "odt")],
        widget=forms.CheckboxSelectMultiple,
    )
    prefill = forms.ChoiceField(
        label=_("Pre-fill from the profile"),
        required=False,
        choices=[("", "–")] + [(source, source) for source in PREFILL_SOURCES],
    )
    field_order = [
        "type",
        "label",
        "hint",
        "required",
        "options",
        "min_value",
        "max_value",
        "max_length",
        "pattern",
        "decimals",
        "kinds",
        "prefill",
        "show_if_field",
        "show_if_value",
    ]

    def clean_kinds(self):
        kinds = self.cleaned_data["kinds"]
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise forms.ValidationError(_("Unknown file type."))
        return kinds

    def field_definition(self) -> dict:
        data = self.cleaned_data
        field = {
            "type": data["type"],
            "label": data["label"],
            "hint": data["hint"],
            "required": data["required"] and data["type"] != "static",
        }
        if data["type"] in ("choice", "multichoice"):
            field["options"] = [
                {"value": value.strip(), "label": (label or value).strip()}
                for value, _sep, label in (
                    line.partition("|") for line in data["options"].splitlines() if line.strip()
                )
            ]
        for source, target in (("min_value", "min"), ("max_value", "max")):
            if data.get(source):
                field[target] = data[source]
        for name in ("max_length", "pattern", "decimals", "prefill"):
            if data.get(name) not in (None, ""):
                field[name] = data[name]
        if data["type"] == "file":
            field["kinds"] = data["kinds"] or ["pdf", "jpeg", "png"]
        condition = self.condition()
        if condition:
            field["show_if"] = condition
        return field

    @classmethod
    def initial_for(cls, item: dict) -> dict:
        condition = item.get("show_if") or {}
        return {
            "type": item["type"],
            "label": item.get("label", ""),
            "hint": item.get("hint", ""),
            "required": item.get("required", False),
            "options": "\n".join(
                f"{option['value']}|{option['label']}" for option in item.get("options", [])
            ),
            "min_value": item.get("min", ""),
            "max_value": item.get("max", ""),
            "max_length": item.get("max_length"),
            "pattern": item.get("pattern", ""),
            "decimals": item.get("decimals"),
            "kinds": item.get("kinds", []),
            "prefill": item.get("prefill", ""),
            **condition_initial(condition),
        }


class DefinitionJsonForm(forms.Form):
    definition = forms.CharField(
        label=_("Form definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        error_messages={"required": _("Enter the form definition.")},
    )

    def clean_definition(self):
        try:
            value = json.loads(self.cleaned_data["definition"])
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The definition must be a JSON object."))
        return value
