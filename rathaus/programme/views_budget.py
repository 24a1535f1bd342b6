"""Budget-account pages under /staff/programm/haushalt/ (the e-Government officer): the
accounts with budget, actuals and remaining budget of a year, the postings, recording and
correcting a posting, and importing the finance system's CSV export with a preview that
names every problem before anything is booked. Writes go through ``services.budget``.

Between preview and booking the file travels signed in the page (not stored): the
booking reads and checks it again inside its transaction.
"""

from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.core.pagination import paginate

from .budget_import import read_import_file
from .exceptions_plan import ImportExpired, ImportNotValid, PlanError
from .forms_budget import AccountForm, BudgetForm, ImportForm, PostingForm
from .models import BudgetAccount, BudgetAllocation, Posting
from .plan import account_history, account_years, measure_costs
from .services import budget as services
from .trail import programme_trail
from .views_plan import plan_tabs, require_officer, year_context

POSTINGS_PER_PAGE = 50
IMPORT_SALT = "rathaus.programme.budget-import"
IMPORT_MAX_AGE = 60 * 60  # seconds a preview may be booked after


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
        "programme/plan/confirm_delete.html",
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
        "programme/plan/confirm_delete.html",
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


def _import_page(request, account, *, form=None, preview=None, payload="", status=200):
    return render(
        request,
        "programme/budget/import.html",
        {
            "account": account,
            "form": form or ImportForm(),
            "preview": preview,
            "payload": payload,
            "breadcrumbs": _trail(
                (str(account), _account_url(account)), (_("Import postings"), "")
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def import_postings(request, pk):
    """Upload the export and see what would be booked, and every problem."""
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    if request.method == "GET":
        return _import_page(request, account)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, account, form=form, status=400)
    upload = form.cleaned_data["file"]
    preview = read_import_file(upload.read(), account=account)
    if not preview.is_valid:
        return _import_page(request, account, preview=preview, status=400)
    payload = signing.dumps(
        {"account": str(account.pk), "text": preview.text, "name": upload.name},
        salt=IMPORT_SALT,
        compress=True,
    )
    return _import_page(request, account, preview=preview, payload=payload)


@require_POST
def import_book(request, pk):
    """Book what the preview showed: all rows or none."""
    require_officer(request)
    account = get_object_or_404(BudgetAccount, pk=pk)
    try:
        data = signing.loads(
            request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
        )
        if data.get("account") != str(account.pk):
            raise signing.BadSignature
    except signing.BadSignature:
        messages.error(request, ImportExpired.message)
        return redirect("programme:budget_import", pk=account.pk)
    try:
        result = services.import_postings(
            actor=request.user, account=account, text=data["text"], file_name=data["name"]
        )
    except ImportNotValid as error:
        messages.error(request, error.message)
        return _import_page(request, account, preview=error.preview, status=400)
    booked = ngettext(
        "%(count)s posting is booked.", "%(count)s postings are booked.", len(result.booked)
    ) % {"count": len(result.booked)}
    if result.skipped:
        booked += " " + ngettext(
            "%(count)s row was skipped: its voucher number is booked already (%(numbers)s).",
            "%(count)s rows were skipped: their voucher numbers are booked already (%(numbers)s).",
            len(result.skipped),
        ) % {
            "count": len(result.skipped),
            "numbers": ", ".join(row.reference for row in result.skipped),
        }
    messages.success(request, booked)
    year = result.booked[0].booked_on.year if result.booked else None
    return redirect(_account_url(account, year, "#postings"))
