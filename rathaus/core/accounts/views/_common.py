"""Small helpers the account views share."""

from django.utils.http import url_has_allowed_host_and_scheme


def base_url(request) -> str:
    """Scheme and host of this request, for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def safe_next(request, default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
