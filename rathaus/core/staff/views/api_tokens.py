"""My API tokens: a member of staff creates tokens for programs that use the JSON API in
their name, sees them (never their secret again) and revokes them."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts.api_tokens import (
    NAME_MAX_LENGTH,
    ApiToken,
    ApiTokenError,
    create_token,
    revoke_token,
)
from rathaus.core.forms_rendering import DatePartsField

from .common import breadcrumbs, paginate


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("For example the name of the program that uses it."),
        error_messages={"required": gettext_lazy("Say what the token is for.")},
        # Not a person's name: the browser should not offer one.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = DatePartsField(
        label=gettext_lazy("Valid until"),
        required=False,
        help_text=gettext_lazy(
            "Optional. The token works until the end of this day, for example 31 12 2026. "
            "Leave empty for a token without an end date."
        ),
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on < timezone.localdate():
            raise forms.ValidationError(_("The expiry date cannot be in the past."))
        return expires_on


def _list_crumbs(*more):
    return breadcrumbs((_("API tokens"), reverse("staff:api_tokens")), *more)


@require_GET
def token_list(request):
    tokens = ApiToken.objects.of_user(request.user)
    return render(
        request,
        "staff/api_tokens/list.html",
        {
            "page": paginate(request, tokens),
            "api_docs_url": reverse("api:openapi-view"),
            "breadcrumbs": breadcrumbs((_("API tokens"), "")),
        },
    )


def token_create(request):
    """The secret is part of this one response only (not stored, not redirected to)."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = create_token(actor=request.user, **form.cleaned_data)
        except ApiTokenError as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "staff/api_tokens/created.html",
                {
                    "token": token,
                    "secret": secret,
                    "breadcrumbs": _list_crumbs((_("New API token"), "")),
                },
            )
    return render(
        request,
        "staff/api_tokens/create.html",
        {"form": form, "breadcrumbs": _list_crumbs((_("New API token"), ""))},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def token_revoke(request, pk):
    # Only one's own tokens exist here; anyone else's is answered with 404.
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("staff:api_tokens")
