"""Signals of the payments app.

``payment_settled`` is sent once per payment, ever: when ``refresh_payment`` first sees the
provider report it as paid. It is sent with ``sender=Payment`` and ``payment=<the Payment>``
inside the database transaction that marks the payment paid, so a receiver's writes commit
together with the new state; a receiver that raises rolls the transition back, and the next
refresh tries again. Receivers that talk to the outside world (e-mail) should wrap that part
in ``transaction.on_commit``.
"""

from django.dispatch import Signal

payment_settled = Signal()
