"""Template tags every template can use (registered as a builtin, no ``{% load %}`` needed).

Forms: ``{% render_widget field %}``, ``field|field_kind``, ``{% error_summary form %}``.
Layout: ``{% aria_current url %}`` for navigation links, ``{% page_url 3 %}`` for
pagination links that keep the other query parameters, ``{% pagination_items page %}``
for the numbered page links.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from rathaus.core.forms_rendering import error_anchor, widget_attrs, widget_kind

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
    """The error summary at the top of a page, linking each error to its field.

    Accepts forms and formsets (their forms' errors and non-form errors are listed).
    """
    items = []
    for form in forms:
        if form is None or not getattr(form, "is_bound", False):
            continue
        if hasattr(form, "forms"):  # a formset
            for error in form.non_form_errors():
                items.append({"message": error, "anchor": ""})
            for inner in form.forms:
                items.extend(_form_errors(inner))
        else:
            items.extend(_form_errors(form))
    return {"items": items}


def _form_errors(form) -> list[dict]:
    items = [{"message": error, "anchor": ""} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            items.append({"message": error, "anchor": error_anchor(field)})
    return items


@register.simple_tag(takes_context=True)
def aria_current(context, url: str, section: bool = False) -> SafeString:
    """` aria-current="page"` on the link to the page being shown.

    With ``section=True`` a link also counts as current for every page below it
    (``/konto/`` for ``/konto/daten/``), as ``aria-current="true"``.
    """
    request = context.get("request")
    if request is None or not url:
        return SafeString("")
    path = request.path
    if path == url:
        return format_html(' aria-current="{}"', "page")
    if section and url != "/" and path.startswith(url):
        return format_html(' aria-current="{}"', "true")
    return SafeString("")


@register.simple_tag(takes_context=True)
def page_url(context, number, param: str = "page") -> str:
    """The current URL's query string with ``param`` set to ``number``, other parameters kept."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?{param}={number}"
    query[param] = str(number)
    return "?" + query.urlencode()


@register.simple_tag
def pagination_items(page, around: int = 1) -> list:
    """Page numbers to show, ``None`` standing for a gap: 1 … 4 5 6 … 20.

    The first and last page and ``around`` pages either side of the current one are shown.
    """
    last = page.paginator.num_pages
    current = page.number
    wanted = {1, last, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    items: list = []
    previous = 0
    for number in numbers:
        if number - previous == 2:
            items.append(number - 1)
        elif number - previous > 2:
            items.append(None)
        items.append(number)
        previous = number
    return items


@register.filter
def euro(cents) -> str:
    """An amount in cent as the locale writes euros: ``3070`` → ``30,70 €``."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if cents in (None, ""):
        return ""
    return f"{number_format(Decimal(int(cents)) / 100, decimal_pos=2, use_l10n=True)} €"


@register.filter
def css_string(text) -> SafeString:
    """``text`` for a quoted CSS string, e.g. a PDF page footer's ``content``: quotes,
    backslashes, control characters and ``<>&'`` as CSS hex escapes (``\\22 ``), every
    other character as it is. (``escapejs`` writes ``\\u002D``, which CSS prints as "u002D".)
    """
    escaped = []
    for character in str(text):
        if character in "\"\\<>&'" or ord(character) < 0x20:
            escaped.append(f"\\{ord(character):x} ")
        else:
            escaped.append(character)
    return SafeString("".join(escaped))
