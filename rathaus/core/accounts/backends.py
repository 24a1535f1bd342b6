"""Password login by e-mail address, and the key django-axes counts failures under."""

from django.contrib.auth.backends import ModelBackend

from .models import email_lookup_for


class EmailBackend(ModelBackend):
    """ModelBackend that finds the account through the e-mail blind index."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("email")
        if not username or password is None:
            return None
        return super().authenticate(request, username=username, password=password)


def axes_username(request, credentials) -> str:
    """Count failed logins per account without storing the e-mail address in clear."""
    raw = ""
    if credentials:
        raw = credentials.get("username") or credentials.get("email") or ""
    if not raw and request is not None:
        raw = request.POST.get("username", "")
    return email_lookup_for(raw)[:32] if raw else ""
