"""The e-file's search page: full text over what the user may see, with filters."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from rathaus.core.accounts.models import Unit
from rathaus.core.staff.forms import UnitChoiceField
from rathaus.core.staff.views.common import breadcrumbs

from ..access import require_records_user
from ..models import FilePlanEntry, RecordFile
from ..search import MAX_QUERY_LENGTH, InvalidQuery, search

_DATE = {"type": "date", "autocomplete": "off"}


class PlanEntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    plan_entry = PlanEntryField(
        label=gettext_lazy("File plan position"),
        queryset=FilePlanEntry.objects.none(),
        required=False,
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State of the file"),
        required=False,
        choices=[("", gettext_lazy("All")), *RecordFile.State.choices],
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("code")
        self.fields["plan_entry"].queryset = FilePlanEntry.objects.order_by("code")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 500))
    except ValueError:
        return 1


@require_GET
@login_required
def search_page(request):
    """GET ?q=…&unit=…&plan_entry=…&state=…&date_from=…&date_to=…&page=N"""
    require_records_user(request.user)
    form = SearchForm(request.GET or None)
    results, message = None, ""
    if form.is_bound:
        if not form.is_valid():
            message = _("Please correct the search below.")
        elif not form.cleaned_data["q"].strip():
            message = _("Enter at least one word to search for.")
        else:
            data = form.cleaned_data
            try:
                results = search(
                    request.user,
                    data["q"],
                    unit=data["unit"],
                    plan_entry=data["plan_entry"],
                    state=data["state"] or None,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    page=_page_number(request),
                )
            except InvalidQuery as error:
                message = error.message
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/search/results.html",
        {
            "form": form,
            "results": results,
            "message": message,
            "query": query.urlencode(),
            "breadcrumbs": breadcrumbs(
                (_("E-file (e-Akte)"), reverse("records:home")),
                (_("Search"), reverse("records:search")),
            ),
        },
    )
