"""Helpers every staff page uses: breadcrumbs, pagination, errors into forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rathaus.core.pagination import paginate


def breadcrumbs(*items: tuple[str, str]) -> list[dict]:
    """The staff area's trail: Staff area › … ; items are (label, url) pairs."""
    trail = [{"label": _("Staff area"), "url": reverse("staff:home")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail


def perform(request, action, success_message: str, *, then):
    """Run one staff action from a button: the service's refusal becomes an error message,
    success a confirmation; either way the browser goes back to ``then``."""
    from ..exceptions import StaffError

    try:
        action()
    except StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message)
    return redirect(then)


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has one,
    else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


def history_page(request, *, obj, subject: str, back_url: str, trail: list[dict]):
    """The audit history of one object as a page, for any object the person may see.

    The caller checks the right to see ``obj`` first; apps can reuse this for their
    objects, or include ``staff/_history.html`` with ``entries`` in their own pages.
    """
    from rathaus.core.audit.services import history_for

    return render(
        request,
        "staff/history.html",
        {
            "subject": subject,
            "page": paginate(request, history_for(obj)),
            "back_url": back_url,
            "breadcrumbs": trail,
        },
    )
