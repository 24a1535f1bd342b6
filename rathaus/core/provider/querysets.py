"""Reads of the provider area: towns with their host names and how many accounts they have.

Towns and host names belong to no town; accounts do, so counting them across towns is
the one place here that looks past the current town's scope (counts only, no rows).
"""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from rathaus.core.accounts.models import User
from rathaus.core.models import Town
from rathaus.core.tenancy import scopes_disabled


def _account_count(kind: str) -> Coalesce:
    with scopes_disabled():
        accounts = User.objects.filter(town=OuterRef("pk"), kind=kind)
    counted = accounts.order_by().values("town").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def towns_overview() -> QuerySet:
    """Every town, the provider's own first, with host names and account counts (two
    queries whatever the number of towns)."""
    return (
        Town.objects.annotate(
            staff_count=_account_count(User.Kind.STAFF),
            citizen_count=_account_count(User.Kind.CITIZEN),
        )
        .prefetch_related("hosts")
        .order_by("-is_provider", "name", "pk")
    )
