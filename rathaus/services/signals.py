"""Receivers of the online services: a settled payment lets the application through."""

from django.dispatch import receiver

from .payments.signals import payment_settled


@receiver(payment_settled)
def application_paid(sender, payment, **kwargs) -> None:
    from .services.applications import payment_received

    payment_received(application=payment.application)
