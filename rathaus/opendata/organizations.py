"""The town's units as CKAN organisations: the name is a slug of the unit's name, stable
for as long as the unit keeps its name."""

from django.utils.text import slugify

from rathaus.core.accounts.models import Unit


def organization_name(unit: Unit) -> str:
    return slugify(unit.name.replace("ß", "ss"))[:100] or str(unit.pk)


def find_organization(name: str) -> Unit | None:
    """The active unit whose organisation name (or id) is ``name``."""
    for unit in Unit.objects.filter(is_active=True).order_by("name"):
        if name in (organization_name(unit), str(unit.pk)):
            return unit
    return None
