"""The breadcrumb trail every programme page starts with: the e-Government programme's
dashboard, then the page's own crumbs."""

from django.urls import reverse
from django.utils.translation import gettext as _

from rathaus.core.staff.views.common import breadcrumbs


def programme_crumb() -> tuple[str, str]:
    return (_("e-Government programme"), reverse("programme:dashboard"))


def programme_trail(*items: tuple[str, str]) -> list[dict]:
    return breadcrumbs(programme_crumb(), *items)
