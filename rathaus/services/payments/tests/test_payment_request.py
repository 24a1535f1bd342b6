"""What a payment asks the provider for: purpose (at most 27 characters), items, amounts."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from rathaus.services.payments import xbezahldienste
from rathaus.services.payments.models import TestProviderTransaction
from rathaus.services.payments.xbezahldienste import clean_purpose


def test_purpose_longer_than_27_characters_is_shortened_to_what_the_standard_allows(start):
    payment = start(purpose="Bewohnerparkausweis für das Zweitfahrzeug Nr. 2/2026")

    assert len(payment.purpose) <= 27
    assert xbezahldienste.PURPOSE_PATTERN.fullmatch(payment.purpose)
    assert payment.purpose == "Bewohnerparkausweis fuer da"
    sent = TestProviderTransaction.objects.get(pk=payment.provider_transaction_id)
    assert sent.payment_request["purpose"] == payment.purpose


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Hundesteuer 2026", "Hundesteuer 2026"),
        ("Gebühr Straßensondernutzung", "Gebuehr Strassensondernutzu"),
        ("AZ 63/1-2026 Baugenehmigung", "AZ 63 1-2026 Baugenehmigung"),
        ("  Café   Müller  ", "Cafe Mueller"),
        ("Ä" * 40, "Ae" * 13 + "A"),
    ],
)
def test_purpose_is_spelled_without_umlauts_and_signs(given, expected):
    assert clean_purpose(given) == expected
    assert len(clean_purpose(given)) <= 27


def test_purpose_ending_in_a_space_after_shortening_loses_it():
    assert clean_purpose("Bewohnerparkausweis Antrag 12345") == "Bewohnerparkausweis Antrag"


def test_the_payment_request_names_the_fields_as_the_standard_does(start):
    payment = start(
        items=[
            {"description": "Bewohnerparkausweis", "amount_cents": 3070},
            {"description": "Zweitfahrzeug", "amount_cents": 1535, "quantity": 2},
        ]
    )

    sent = TestProviderTransaction.objects.get(pk=payment.provider_transaction_id).payment_request
    assert sent["requestId"] == str(payment.pk)
    assert sent["currency"] == "EUR"
    assert sent["grosAmount"] == 61.4
    assert sent["redirectUrl"] == payment.get_absolute_url()
    assert sent["requestTimestamp"].endswith("Z")
    assert sent["items"][1] == {
        "id": "2",
        "description": "Zweitfahrzeug",
        "taxRate": 0,
        "quantity": 2,
        "singleNetAmount": 15.35,
        "singleTaxAmount": 0,
        "totalNetAmount": 30.7,
        "totalTaxAmount": 0,
    }
    assert payment.amount_cents == 6140


@dataclass(frozen=True)
class FeeItem:
    """Shaped like the fee rule's items (label, unit price, quantity)."""

    label: str
    quantity: Decimal
    unit_cents: int


def test_fee_items_of_the_fee_rule_are_accepted_and_part_units_become_one_position(start):
    payment = start(
        items=[
            FeeItem("Sperrmüll je m³", Decimal("2.5"), 1000),
            FeeItem("Anfahrt", Decimal(1), 1500),
        ]
    )

    assert payment.items == [
        {"description": "Sperrmüll je m3", "amount_cents": 2500, "quantity": 1},
        {"description": "Anfahrt", "amount_cents": 1500, "quantity": 1},
    ]
    assert payment.amount_cents == 4000


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"description": "Gebühr", "amount_cents": -1}],
        [{"description": "Gebühr", "amount_cents": 10.5}],
        [{"description": "", "amount_cents": 100}],
        [{"description": "Gebühr", "amount_cents": 100, "quantity": 0}],
        [{"description": "Gebühr", "amount_cents": 0}],
    ],
)
def test_items_the_standard_cannot_carry_are_refused(start, items):
    with pytest.raises(ValueError):
        start(items=items)


@pytest.mark.parametrize("return_url", ["https://evil.example/", "//evil.example/", "antraege/"])
def test_the_return_address_must_be_a_path_on_this_site(start, return_url):
    with pytest.raises(ValueError):
        start(return_url=return_url)


def test_amounts_are_converted_between_cents_and_euros_exactly():
    assert xbezahldienste.cents_to_euros(1999) == 19.99
    assert xbezahldienste.euros_to_cents(19.99) == 1999
    assert xbezahldienste.euros_to_cents(Decimal("999999.00")) == 99_999_900
    with pytest.raises(ValueError):
        xbezahldienste.euros_to_cents("1.005")
    with pytest.raises(ValueError):
        xbezahldienste.euros_to_cents(True)
