"""Fees computed from the answers by a per-service rule.

A rule is JSON::

    {"purpose": "Bewohnerparkausweis",           # shown to the payment provider (≤ 27)
     "items": [
        {"label": "Bewohnerparkausweis", "amount_cents": 3070},
        {"label": "Zweitfahrzeug", "amount_cents": 3070,
         "when": {"field": "zweitfahrzeug", "equals": "ja"}},          # a condition
        {"label": "Sperrmüll je m³", "amount_cents": 1000, "per": "menge",
         "above": 3}                      # × (a number − 3), never below 0
     ]}

An empty rule means the service is free.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .engine import condition_holds


@dataclass(frozen=True)
class FeeItem:
    label: str
    quantity: Decimal
    unit_cents: int

    @property
    def amount_cents(self) -> int:
        return int((self.quantity * self.unit_cents).quantize(Decimal(1), ROUND_HALF_UP))


def _quantity(answers: dict, field_id: str | None, above=0) -> Decimal:
    if not field_id:
        return Decimal(1)
    try:
        return max(Decimal(str(answers.get(field_id) or 0)) - Decimal(str(above)), Decimal(0))
    except InvalidOperation:
        return Decimal(0)


def fee_items(rule: dict, answers: dict) -> list[FeeItem]:
    items = []
    for entry in (rule or {}).get("items", []):
        if not condition_holds(entry.get("when"), answers):
            continue
        quantity = _quantity(answers, entry.get("per"), entry.get("above") or 0)
        if quantity > 0:
            items.append(FeeItem(entry["label"], quantity, int(entry["amount_cents"])))
    return items


def total_cents(items: list[FeeItem]) -> int:
    return sum(item.amount_cents for item in items)


def check_rule(rule: dict) -> list[str]:
    """Problems with a rule as plain sentences (empty: the rule is fine)."""
    from django.utils.translation import gettext as _

    problems = []
    if not isinstance(rule, dict):
        return [_("The fee rule must be an object with a list of items.")]
    for number, entry in enumerate(rule.get("items", []), 1):
        if not isinstance(entry, dict) or not entry.get("label"):
            problems.append(_("Fee item %(number)s has no label.") % {"number": number})
            continue
        amount = entry.get("amount_cents")
        if not isinstance(amount, int) or amount < 0:
            problems.append(
                _("Fee item %(number)s needs an amount in cent (a whole number, 0 or more).")
                % {"number": number}
            )
    return problems
