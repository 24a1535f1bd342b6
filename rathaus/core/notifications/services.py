"""Telling people things: a postbox message, and an e-mail that points to it.

Templates live in ``templates/notifications/<name>_subject.txt`` and
``<name>_body.txt`` and are rendered in the recipient's language. E-mails are
sent after the surrounding transaction commits, so a rolled-back change never
mails anyone.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from rathaus.core.tenancy import current_town

from .exceptions import UnsafeLink
from .models import Message

logger = logging.getLogger(__name__)

EMAIL_HEADERS = {"Auto-Submitted": "auto-generated"}


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template: no HTML escaping (the text is escaped where shown)."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False)).strip()


def render_notification(template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject (one line) and body of a notification template, in ``language``."""
    with translation.override(language):
        subject = render_text(f"notifications/{template}_subject.txt", context)
        body = render_text(f"notifications/{template}_body.txt", context)
    return " ".join(subject.split()), body


def absolute_url(path: str) -> str:
    """A site path as a full address for e-mails, on the current town's primary host.

    RATHAUS_BASE_URL gives the scheme (and a port, in development); the host is the
    town's, so a mail from one town never links to another.
    """
    base = urlsplit(getattr(settings, "RATHAUS_BASE_URL", "") or "https://localhost")
    town = _active_town()
    host = (town.primary_host if town is not None else "") or base.hostname or ""
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme or 'https'}://{host}{port}{path}"


def _active_town():
    """The town of the active scope as a Town (a scope may have been opened with an id)."""
    from rathaus.core.models import Town

    town = current_town()
    if town is None or isinstance(town, Town):
        return town
    return Town.objects.filter(pk=town).first()


def _email_body(body: str, language: str, postbox_url: str = "") -> str:
    with translation.override(language):
        return render_text(
            "notifications/email.txt",
            {"body": body, "postbox_url": postbox_url, "town": _active_town()},
        )


def send_email(*, to: str, subject: str, body: str, attachments=()) -> None:
    """Send one e-mail after the surrounding transaction commits.

    ``attachments`` are ``(file name, content bytes, MIME type)`` triples (a receipt PDF, an
    iCalendar file)."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=EMAIL_HEADERS,
    )
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)

    def deliver():
        try:
            message.send(fail_silently=False)
        except Exception:
            # The postbox holds the message; a mail server that is down must not undo it.
            logger.exception("Notification e-mail could not be sent.")

    transaction.on_commit(deliver)


def send_templated_email(
    *, to: str, template: str, context: dict, language: str = "de", attachments=()
) -> None:
    """E-mail only, e.g. to an address not yet confirmed; nothing goes to a postbox."""
    subject, body = render_notification(template, context, language)
    send_email(to=to, subject=subject, body=_email_body(body, language), attachments=attachments)


def notify(
    *,
    recipient,
    template: str,
    context: dict,
    link: str = "",
    email: bool = True,
    attachments=(),
) -> Message:
    """Put a message into the recipient's postbox and, unless ``email`` is off, mail them.

    ``link`` is a path on this site (e.g. ``/antraege/…``) the message points to. The
    message belongs to the recipient's town, which must be the active one (the e-mail's
    links and footer are that town's): a recipient of another town raises
    ``CrossTownWrite``.
    """
    if link and (not link.startswith("/") or link.startswith("//")):
        raise UnsafeLink(link)
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    context = {**context, "recipient": recipient}
    subject, body = render_notification(template, context, language)
    message = Message.objects.create(
        town_id=recipient.town_id, recipient=recipient, subject=subject, body=body, link=link
    )
    # Only to a confirmed address: never to an unconfirmed or placeholder one (OIDC without
    # a verified e-mail); the postbox holds the message either way.
    if email and recipient.is_active and recipient.email and recipient.email_confirmed:
        postbox_url = absolute_url(message.get_absolute_url())
        send_email(
            to=recipient.email,
            subject=subject,
            body=_email_body(body, language, postbox_url),
            attachments=attachments,
        )
    return message


def notify_staff_with_role(
    *, role: str, template: str, context: dict, link: str = ""
) -> list[Message]:
    """Notify every active member of staff holding ``role``."""
    from rathaus.core.accounts.models import User

    recipients = User.objects.staff().active().with_role(role)
    return [
        notify(recipient=user, template=template, context=context, link=link) for user in recipients
    ]


def mark_read(*, message: Message, reader) -> Message:
    """The recipient opened the message. Only the recipient's own reading counts."""
    if message.recipient_id == reader.pk and message.read_at is None:
        now = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.read_at = now
    return message
