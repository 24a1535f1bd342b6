"""Telling people things: a postbox message, and an e-mail that points to it.

Templates live in ``templates/notifications/<name>_subject.txt`` and
``<name>_body.txt`` and are rendered in the recipient's language.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Message


def render_notification(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"notifications/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/{template}_body.txt", context).strip()
    return " ".join(subject.split()), body


def send_email(*, to: str, subject: str, body: str) -> None:
    """Send one e-mail after the surrounding transaction commits."""
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    transaction.on_commit(lambda: message.send(fail_silently=False), robust=True)


def send_templated_email(*, to: str, template: str, context: dict, language: str = "de") -> None:
    subject, body = render_notification(template, context, language)
    send_email(to=to, subject=subject, body=body)


def notify(
    *, recipient, template: str, context: dict, link: str = "", email: bool = True
) -> Message:
    """Put a message into the recipient's postbox and, unless ``email`` is off, mail them."""
    context = {**context, "recipient": recipient}
    subject, body = render_notification(template, context, recipient.preferred_language)
    message = Message.objects.create(recipient=recipient, subject=subject, body=body, link=link)
    if email and recipient.is_active and recipient.email:
        send_email(to=recipient.email, subject=subject, body=body)
    return message


def notify_staff_with_role(
    *, role: str, template: str, context: dict, link: str = ""
) -> list[Message]:
    from rathaus.core.accounts.models import User

    recipients = User.objects.staff().active().with_role(role)
    return [
        notify(recipient=user, template=template, context=context, link=link) for user in recipients
    ]
