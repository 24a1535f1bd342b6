"""``{% load budgets %}``: amounts of a participatory budget (``{{ cents|money }}``)."""

from django import template

from ..money import format_euro

register = template.Library()


@register.filter
def money(cents) -> str:
    """Cents as whole euros where there are no cents: ``25000000`` → "250.000 €"."""
    if cents in (None, ""):
        return ""
    return format_euro(cents)
