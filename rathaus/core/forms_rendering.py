"""The one form-rendering layer: every form renders through these templates.

``{{ form }}`` gives every field with its label, hint and error (GOV.UK Design System
patterns on KERN UX classes): the control is tied to its hint and error with
``aria-describedby``; radio buttons, checkbox groups and dates become fieldsets with a
legend; optional fields say so in their label; common personal fields get their
``autocomplete`` token. ``{% error_summary form %}`` lists the errors at the top, each
linking to its field. Nothing needs JavaScript, and a re-shown form keeps every value
except passwords and files.

Dates are asked for as day, month and year in three boxes (``DatePartsField``), as
GOV.UK recommends for dates people know (birthdays, past events), instead of a
browser date picker.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

CHOICE_GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)

# autocomplete tokens (HTML "autofill field names") for fields whose name says what they hold.
AUTOCOMPLETE_BY_NAME = {
    "email": "email",
    "name": "name",
    "full_name": "name",
    "first_name": "given-name",
    "given_name": "given-name",
    "last_name": "family-name",
    "family_name": "family-name",
    "phone": "tel",
    "telephone": "tel",
    "street": "street-address",
    "postcode": "postal-code",
    "postal_code": "postal-code",
    "city": "address-level2",
    "organisation": "organization",
    "organization": "organization",
}
TEXT_LIKE_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.NumberInput)


class RathausFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DatePartsWidget(forms.MultiWidget):
    """Three labelled boxes for day, month and year inside the field's fieldset."""

    template_name = "forms/widgets/date_parts.html"
    part_labels = (_("Day"), _("Month"), _("Year"))
    part_classes = ("kern-form-input__input--width-2", "kern-form-input__input--width-2", "")

    def __init__(self, attrs=None, autocomplete_prefix: str = ""):
        widgets = []
        for index, part in enumerate(("day", "month", "year")):
            part_attrs = {"inputmode": "numeric", "maxlength": 4 if index == 2 else 2}
            if autocomplete_prefix:
                part_attrs["autocomplete"] = f"{autocomplete_prefix}-{part}"
            widgets.append(forms.TextInput(attrs=part_attrs))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for subwidget, label, extra in zip(
            context["widget"]["subwidgets"], self.part_labels, self.part_classes, strict=True
        ):
            sub_attrs = subwidget["attrs"]
            # The fieldset carries hint and error; each box only says whether it is invalid.
            sub_attrs.pop("aria-describedby", None)
            sub_attrs["class"] = " ".join(filter(None, [sub_attrs.get("class"), extra]))
            parts.append({"label": label, "widget": subwidget})
        context["widget"]["parts"] = parts
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year; one clear message when it is not a real date."""

    widget = DatePartsWidget
    default_error_messages = {
        "incomplete": _("Enter the day, month and year."),
        "invalid": _("Enter a real date, for example 27 3 2007."),
    }

    def __init__(self, *, autocomplete_prefix: str = "", **kwargs):
        parts = tuple(forms.CharField(required=False, max_length=4) for _part in range(3))
        kwargs.setdefault("widget", DatePartsWidget(autocomplete_prefix=autocomplete_prefix))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(str(item).strip()) for item in data_list)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def widget_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, DatePartsWidget):
        return "date"
    if isinstance(widget, CHOICE_GROUP_WIDGETS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def error_anchor(bound_field) -> str:
    """The id the error summary links to: the field's (first) control."""
    if widget_kind(bound_field) in {"choices", "date"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def described_by(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


def widget_attrs(bound_field) -> dict:
    """Classes and ARIA attributes tying the control to its hint and error."""
    kind = widget_kind(bound_field)
    widget = bound_field.field.widget
    has_error = bool(bound_field.errors)
    attrs: dict = {}
    if kind == "checkbox":
        attrs["class"] = "kern-form-check__checkbox" + (
            " kern-form-check__checkbox--error" if has_error else ""
        )
    elif kind == "select":
        attrs["class"] = "kern-form-input__select" + (
            " kern-form-input__select--error" if has_error else ""
        )
    elif kind in {"input", "file", "textarea", "date"}:
        attrs["class"] = "kern-form-input__input" + (
            " kern-form-input__input--error" if has_error else ""
        )
    if kind not in {"choices", "date", "hidden"}:
        ids = described_by(bound_field)
        if ids:
            attrs["aria-describedby"] = ids
    if has_error and kind not in {"choices", "hidden"}:
        attrs["aria-invalid"] = "true"
    if (
        isinstance(widget, TEXT_LIKE_WIDGETS)
        and "autocomplete" not in widget.attrs
        and bound_field.name in AUTOCOMPLETE_BY_NAME
    ):
        attrs["autocomplete"] = AUTOCOMPLETE_BY_NAME[bound_field.name]
    if isinstance(widget, forms.EmailInput) and "spellcheck" not in widget.attrs:
        attrs["spellcheck"] = "false"
    return attrs
