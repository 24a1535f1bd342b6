"""The test provider's pay page: what it shows, and that a second click changes nothing."""

from django.urls import reverse

from rathaus.services.payments.models import TestProviderTransaction


def test_pay_page_shows_town_purpose_items_and_total(start, client):
    payment = start(
        items=[
            {"description": "Bewohnerparkausweis", "amount_cents": 3070},
            {"description": "Zweitfahrzeug", "amount_cents": 1535, "quantity": 2},
        ]
    )

    html = client.get(payment.pay_url).content.decode()

    assert '<html lang="de">' in html
    assert '<h1 class="kern-heading-large">Online bezahlen</h1>' in html
    assert "Stadt Weiterstadt" in html
    assert "Bewohnerparkausweis" in html and "Zweitfahrzeug" in html
    assert "15,35\u00a0€" in html and "30,70\u00a0€" in html
    assert "61,40\u00a0€" in html
    assert "Es wird kein Geld bewegt." in html


def test_pay_page_in_english(start, client):
    payment = start()

    html = client.get(payment.pay_url, headers={"accept-language": "en"}).content.decode()

    assert "Pay now" in html and "Cancel payment" in html
    assert "30.70\u00a0€" in html


def test_a_second_click_after_paying_changes_nothing(start, client):
    payment = start()
    transaction_id = payment.provider_transaction_id
    client.post(reverse("payments:test_pay", args=[transaction_id]))

    response = client.post(reverse("payments:test_cancel", args=[transaction_id]))

    assert response.status_code == 302
    assert TestProviderTransaction.objects.get(pk=transaction_id).status == "PAYED"
    html = client.get(reverse("payments:test_pay_page", args=[transaction_id])).content.decode()
    assert "Jetzt bezahlen" not in html
    assert "Diese Zahlung ist abgeschlossen: Bezahlt." in html


def test_pay_buttons_only_answer_post(start, client):
    payment = start()

    response = client.get(reverse("payments:test_pay", args=[payment.provider_transaction_id]))

    assert response.status_code == 405
