from .organisations import acting_organisation


def acting_for(request):
    """The organisation a signed-in person currently acts for, if any."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"acting_organisation": acting_organisation(request)}
