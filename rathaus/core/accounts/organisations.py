"""Acting on behalf of an organisation: the choice is kept in the session."""

from .models import Membership, Organisation

SESSION_KEY = "rathaus_acting_for"


def acting_organisation(request) -> Organisation | None:
    org_id = request.session.get(SESSION_KEY)
    if not org_id:
        return None
    cached = getattr(request, "_acting_organisation", None)
    if cached is not None and str(cached.pk) == org_id:
        return cached
    membership = (
        Membership.objects.filter(user=request.user, organisation_id=org_id)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        request.session.pop(SESSION_KEY, None)
        return None
    request._acting_organisation = membership.organisation
    return membership.organisation


def act_for(request, organisation: Organisation | None) -> None:
    """Switch whom the person acts for; ``None`` means on their own behalf."""
    if organisation is None:
        request.session.pop(SESSION_KEY, None)
        return
    if not Membership.objects.filter(user=request.user, organisation=organisation).exists():
        raise PermissionError("Not a member of this organisation.")
    request.session[SESSION_KEY] = str(organisation.pk)
