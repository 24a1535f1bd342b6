"""The one form-rendering layer: every form renders through these templates.

``{{ form }}`` gives every field with its label, hint and error; radio buttons and
checkbox groups become fieldsets with a legend; ``{% error_summary form %}`` lists
the errors at the top, each linking to its field. Nothing needs JavaScript.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

CHOICE_GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class RathausFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def widget_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, CHOICE_GROUP_WIDGETS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def widget_attrs(bound_field) -> dict:
    """Classes and ARIA attributes tying the control to its hint and error."""
    kind = widget_kind(bound_field)
    has_error = bool(bound_field.errors)
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_hint")
    if has_error:
        described_by.append(f"{bound_field.auto_id}_error")
    attrs: dict = {}
    if kind == "checkbox":
        attrs["class"] = "kern-form-check__checkbox" + (
            " kern-form-check__checkbox--error" if has_error else ""
        )
    elif kind == "select":
        attrs["class"] = "kern-form-input__select" + (
            " kern-form-input__select--error" if has_error else ""
        )
    elif kind in {"input", "file"}:
        attrs["class"] = "kern-form-input__input" + (
            " kern-form-input__input--error" if has_error else ""
        )
    if described_by and kind != "choices":
        attrs["aria-describedby"] = " ".join(described_by)
    if has_error and kind != "choices":
        attrs["aria-invalid"] = "true"
    return attrs
