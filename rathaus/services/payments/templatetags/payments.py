"""Template filters of the payments app."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents) -> str:
    """Whole cents as a euro amount in the active language (1250 → "12,50 €" in German)."""
    return f"{number_format(Decimal(int(cents)) / 100, 2, force_grouping=True)}\u00a0€"
