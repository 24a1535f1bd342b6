"""Helpers the accounts services share: links in e-mails and audit labels."""

from django.urls import reverse

from rathaus.core.tenancy import current_town


def absolute_link(base_url: str, view_name: str, **kwargs) -> str:
    """A full link for an e-mail: ``base_url`` is scheme and host, e.g. https://example.org."""
    return base_url.rstrip("/") + reverse(view_name, kwargs=kwargs or None)


def mail_context(**context) -> dict:
    return {"town": current_town(), **context}


def membership_label(membership) -> str:
    """An audit label for a membership that does not name the person."""
    return f"membership in {membership.organisation.name} ({membership.role})"[:200]
