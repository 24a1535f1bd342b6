"""Euro amounts kept in cents, shown the way the page's language writes them."""

from decimal import Decimal

from django.utils.formats import number_format


def format_euro(cents: int) -> str:
    """``25000000`` → "250.000 €" in German, "250,000 €" in English; cents only if any."""
    cents = int(cents or 0)
    places = 0 if cents % 100 == 0 else 2
    amount = number_format(
        Decimal(cents) / 100, decimal_pos=places, use_l10n=True, force_grouping=True
    )
    return f"{amount}\N{NO-BREAK SPACE}€"


def euros_to_cents(amount: Decimal) -> int:
    return int((Decimal(amount) * 100).to_integral_value())
