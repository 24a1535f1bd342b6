"""Template tags every template can use (registered as a builtin)."""

from django import template

from rathaus.core.forms_rendering import widget_attrs, widget_kind

register = template.Library()


@register.simple_tag
def render_widget(bound_field):
    """Render a field's control with the design system's classes and ARIA links."""
    attrs = widget_attrs(bound_field)
    existing = bound_field.field.widget.attrs.get("class")
    if existing and "class" in attrs:
        attrs["class"] = f"{attrs['class']} {existing}"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_kind(bound_field) -> str:
    return widget_kind(bound_field)


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms):
    """The error summary at the top of a page, linking each error to its field."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"message": error, "anchor": ""})
        for field in form:
            if field.errors:
                anchor = field.auto_id
                if widget_kind(field) == "choices":
                    anchor = f"{field.auto_id}_0"
                for error in field.errors:
                    items.append({"message": error, "anchor": anchor})
    return {"items": items}
