"""Password login by e-mail address, and the key django-axes counts failures under."""

from django.contrib.auth.backends import ModelBackend

from rathaus.core.tenancy import current_town_id

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
    """Count failed logins per account without storing the e-mail address in clear.

    Accounts belong to a town, so the key names the town too: the same address in two
    towns is two accounts, and failures in one town never lock the other's.
    """
    raw = ""
    if credentials:
        raw = credentials.get("username") or credentials.get("email") or ""
    if not raw and request is not None:
        raw = request.POST.get("username", "")
    if not raw:
        return ""
    town = getattr(request, "town", None)
    town_id = town.pk if town is not None else current_town_id()
    return f"{town_id or '-'}:{email_lookup_for(raw)[:32]}"
