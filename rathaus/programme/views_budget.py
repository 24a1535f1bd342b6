"""Budget-account pages under /staff/programm/haushalt/ (the e-Government officer): the
accounts with budget, actuals and remaining budget of a year, the postings, recording and
correcting a posting, and importing the finance system's CSV export with a preview that
names every problem before anything is booked. Writes go through ``services.budget``.

The import runs as background jobs: the upload is stored and checked by one, whose result
link leads to the preview page; the preview's "book" starts the other, which checks the
file again and books it. Between them a signed token (``budget_preview``) names the
stored file and what the check found.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.pagination import paginate
from rathaus.core.uploads.exceptions import UploadError

from .budget_import import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from .exceptions_plan import ImportExpired, PlanError
from .forms_budget import AccountForm, BudgetForm, ImportForm, PostingForm
from .models import BudgetAccount, BudgetAllocation, Posting
from .plan import account_history, account_years, measure_costs
from .services import budget as services
from .trail import programme_trail
from .views_plan import plan_tabs, require_officer, year_context

POSTINGS_PER_PAGE = 50
PREVIEW_ROWS_PER_PAGE = 100
# Problems listed above the preview's table; every row of the table names its own.
PROBLEMS_LISTED = 200


def _trail(*items):
    return programme_trail((_("Budget account"), reverse("programme:budget")), *items)


def _account_url(account: BudgetAccount, year: int | None = None, anchor: str = "") -> str:
    url = reverse("programme:budget_account", args=[account.pk])
    return f"{url}?year={year}{anchor}" if year else url + anchor


def _over_plan(year: int):
    return [cost for cost in measure_costs(year) if cost.over_plan]


# ------------------------------------------------------------------ accounts


@require_GET
def budget(request):
    require_officer(request)
    context = year_context(request)
    accounts = BudgetAccount.objects.all()
    return render(
        request,
        "programme/budget/accounts.html",
        {
            **context,
            "summaries": account_years(accounts, context["year"]),
            "over_plan": _over_plan(context["year"]),
            "tabs": plan_tabs(request.user, "programme:budget"),
            "breadcrumbs": programme_trail((_("Budget account"), "")),
        },
    )


def _account_form_page(request, form, account=None, status=200):
    title = _("Change the budget account") if account else _("Set up a budget account")
    back = _account_url(account) if account else reverse("programme:budget")
    return render(
        request,
        "programme/plan/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back,
            "breadcrumbs": _trail((title, "")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def account_new(request):
    require_officer(request)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.open_account(actor=request.user, **form.service_fields())
        except PlanError as error:
            form.add_error("number", error.message)
        else:
            messages.success(request, _("The budget account is set up. Now set its budget."))
            return redirect(_account_url(account, anchor="#budget-title"))
    return _account_form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        account.refresh_from_db()
        try:
            services.change_account(actor=request.user, account=account, **form.service_fields())
        except PlanError as error:
            form.add_error("number", error.message)
        else:
            messages.success(request, _("The budget account is changed."))
            return redirect(_account_url(account))
    return _account_form_page(request, form, account, status=400 if form.is_bound else 200)


def _account_page(request, account, *, budget_form=None, status=200):
    context = year_context(request)
    year = context["year"]
    postings = (
        Posting.objects.filter(account=account, booked_on__year=year)
        .select_related("measure")
        .order_by("-booked_on", "-recorded_at")
    )
    (summary,) = account_years([account], year)
    return render(
        request,
        "programme/budget/account.html",
        {
            **context,
            "account": account,
            "summary": summary,
            "history": account_history(account),
            "allocations": list(account.budgets.order_by("-year")),
            "over_plan": _over_plan(year),
            "page": paginate(request, postings, per_page=POSTINGS_PER_PAGE),
            "budget_form": budget_form or BudgetForm(initial={"year": year}),
            "tabs": plan_tabs(request.user, "programme:budget"),
            "breadcrumbs": _trail((str(account), "")),
        },
        status=status,
    )


@require_GET
def account(request, pk):
    require_officer(request)
    return _account_page(request, get_object_or_404(BudgetAccount, pk=pk))


@require_POST
def budget_set(request, pk):
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            allocation = services.set_budget(
                actor=request.user,
                account=account,
                year=form.cleaned_data["year"],
                amount=form.cleaned_data["amount"],
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The budget for %(year)s is set.") % {"year": allocation.year}
            )
            return redirect(_account_url(account, allocation.year, "#budget-title"))
    return _account_page(request, account, budget_form=form, status=400)


@require_http_methods(["GET", "POST"])
def budget_delete(request, pk):
    require_officer(request)
    allocation = get_object_or_404(BudgetAllocation.objects.select_related("account"), pk=pk)
    back = _account_url(allocation.account, allocation.year, "#budget-title")
    if request.method == "POST":
        services.remove_budget(actor=request.user, allocation=allocation)
        messages.success(request, _("The budget is removed."))
        return redirect(back)
    title = _("Remove the budget of a year")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _("The budget of %(year)s is removed from %(account)s. Postings stay.")
            % {"year": allocation.year, "account": allocation.account},
            "button": _("Remove"),
            "cancel_url": back,
            "breadcrumbs": _trail(
                (str(allocation.account), _account_url(allocation.account)), (title, "")
            ),
        },
    )


# ------------------------------------------------------------------ postings


def _posting_form_page(request, form, account, posting=None, status=200):
    title = _("Correct the posting") if posting else _("Record a posting")
    return render(
        request,
        "programme/plan/form.html",
        {
            "form": form,
            "title": title,
            "intro": _(
                "An actual expense on %(account)s. Book it to the measure and type of cost it "
                "belongs to, so that the cost plan shows it as actual cost."
            )
            % {"account": account},
            "back_url": _account_url(account),
            "breadcrumbs": _trail((str(account), _account_url(account)), (title, "")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def posting_new(request, pk):
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    form = PostingForm(request.POST or None, initial={"booked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.record_posting(
                actor=request.user, account=account, **form.service_fields()
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The posting is recorded."))
            return redirect(_account_url(account, posting.booked_on.year, "#summary-title"))
    return _posting_form_page(request, form, account, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def posting_edit(request, pk):
    require_officer(request)
    posting = get_object_or_404(Posting.objects.select_related("account"), pk=pk)
    if request.method == "POST":
        form = PostingForm(request.POST)
    else:
        form = PostingForm(initial=PostingForm.initial_from(posting))
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.change_posting(
                actor=request.user, posting=posting, **form.service_fields()
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The posting is corrected."))
            return redirect(_account_url(posting.account, posting.booked_on.year, "#postings"))
    return _posting_form_page(
        request, form, posting.account, posting, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "POST"])
def posting_delete(request, pk):
    require_officer(request)
    posting = get_object_or_404(Posting.objects.select_related("account"), pk=pk)
    back = _account_url(posting.account, posting.booked_on.year, "#postings")
    if request.method == "POST":
        services.remove_posting(actor=request.user, posting=posting)
        messages.success(request, _("The posting is removed."))
        return redirect(back)
    title = _("Remove the posting")
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "title": title,
            "text": _("“%(text)s” of %(date)s is removed from the budget account.")
            % {"text": posting.text, "date": posting.booked_on.strftime("%d.%m.%Y")},
            "button": _("Remove"),
            "cancel_url": back,
            "breadcrumbs": _trail((str(posting.account), back), (title, "")),
        },
    )


# ------------------------------------------------------------------ import


def _import_trail(account, *items):
    return _trail(
        (str(account), _account_url(account)),
        (_("Import postings"), reverse("programme:budget_import", args=[account.pk])),
        *items,
    )


def _import_page(request, account, *, form=None, status=200):
    return render(
        request,
        "programme/budget/import.html",
        {
            "account": account,
            "form": form or ImportForm(),
            "max_megabytes": MAX_IMPORT_BYTES // (1024 * 1024),
            "max_rows": MAX_IMPORT_ROWS,
            "breadcrumbs": _trail(
                (str(account), _account_url(account)), (_("Import postings"), "")
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_postings(request, pk):
    """Upload the export: stored and checked by a background job, whose page the officer
    follows to the preview."""
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    if request.method == "GET":
        return _import_page(request, account)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.start_import_check(
                actor=request.user, account=account, upload=form.cleaned_data["file"]
            )
        except UploadError as error:
            form.add_error("file", str(error.message))
        else:
            return redirect(job)
    return _import_page(request, account, form=form, status=400)


def _expired(request, account, error: ImportExpired):
    messages.error(request, error.message)
    return redirect("programme:budget_import", pk=account.pk)


@require_GET
def import_preview(request, pk):
    """What the check found: every problem, the rows that would be booked and those
    skipped; "book" when every row is right."""
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    try:
        kept = services.open_import_preview(
            actor=request.user, account=account, token=request.GET.get("token", "")
        )
    except ImportExpired as error:
        return _expired(request, account, error)
    problems = kept.preview.problems
    return render(
        request,
        "programme/budget/import_preview.html",
        {
            "account": account,
            "kept": kept,
            "preview": kept.preview,
            "problems": problems[:PROBLEMS_LISTED],
            "problems_unlisted": max(0, len(problems) - PROBLEMS_LISTED),
            "page": paginate(request, kept.preview.rows, per_page=PREVIEW_ROWS_PER_PAGE),
            "form": ImportForm(),
            "breadcrumbs": _import_trail(account, (_("Preview"), "")),
        },
    )


@require_POST
def import_book(request, pk):
    """Book what the preview showed, in a background job: all rows or none."""
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    try:
        job = services.start_import_booking(
            actor=request.user, account=account, token=request.POST.get("token", "")
        )
    except ImportExpired as error:
        return _expired(request, account, error)
    return redirect(job)
