"""The budget account: setting it up, its budget per year, recording and correcting
postings, the remaining budget and the warning when a measure costs more than planned;
only the officer gets in, and every change is in the audit trail."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry

from ..exceptions import NotAllowed
from ..exceptions_plan import DuplicateVoucher, NegativeAmount, YearOutOfRange, ZeroPosting
from ..models import BudgetAccount, BudgetAllocation, Posting
from ..services import budget as services
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    BudgetAllocationFactory,
    CostItemFactory,
    MeasureFactory,
    PostingFactory,
)

D = Decimal


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ").split())


@pytest.fixture
def account():
    account = BudgetAccountFactory(number="54310000", title="Digitalisierung / E-Government")
    BudgetAllocationFactory(account=account, year=THIS_YEAR, amount=D("50000"))
    return account


def _posting_data(**changes) -> dict:
    data = {
        "booked_on_0": "15",
        "booked_on_1": "3",
        "booked_on_2": str(THIS_YEAR),
        "amount": "1.234,56",
        "text": "Lizenz E-Akte 1. Quartal",
        "reference": "RE-2026-0042",
        "measure": "",
        "category": "licences",
    }
    data.update(changes)
    return data


# ------------------------------------------------------------------ the account


def test_the_officer_sets_up_the_account_and_its_budget(officer_client, officer):
    response = officer_client.post(
        reverse("programme:budget_account_new"),
        {"number": "54310000", "product": "1.1.10 Informationstechnik", "title": "E-Government"},
    )
    assert response.status_code == 302
    account = BudgetAccount.objects.get()

    response = officer_client.post(
        reverse("programme:budget_set", args=[account.pk]),
        {"budget-year": THIS_YEAR, "budget-amount": "240.000,00"},
    )
    assert response.status_code == 302
    assert BudgetAllocation.objects.get(account=account, year=THIS_YEAR).amount == D("240000")

    # Setting it again replaces the year's budget.
    officer_client.post(
        reverse("programme:budget_set", args=[account.pk]),
        {"budget-year": THIS_YEAR, "budget-amount": "250000"},
    )
    assert BudgetAllocation.objects.get(account=account, year=THIS_YEAR).amount == D("250000")
    actions = set(
        AuditEntry.objects.filter(actor_id=str(officer.pk)).values_list("action", flat=True)
    )
    assert {AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE} <= actions
    text = _text(officer_client.get(reverse("programme:budget")).text)
    assert "54310000 E-Government" in text and "250,000.00 €" in text


def test_a_taken_account_number_is_refused(officer_client, account):
    response = officer_client.post(
        reverse("programme:budget_account_new"),
        {"number": "54310000", "product": "", "title": "Noch eins"},
    )

    assert response.status_code == 400
    assert "There is already a budget account with this number." in _text(response.text)
    assert BudgetAccount.objects.count() == 1


def test_a_negative_budget_is_refused(officer_client, account):
    response = officer_client.post(
        reverse("programme:budget_set", args=[account.pk]),
        {"budget-year": THIS_YEAR + 1, "budget-amount": "-5"},
    )

    assert response.status_code == 400
    assert "Amounts must not be negative." in _text(response.text)
    assert not BudgetAllocation.objects.filter(year=THIS_YEAR + 1).exists()


def test_the_officer_changes_the_account_and_removes_a_budget(officer_client, account):
    response = officer_client.post(
        reverse("programme:budget_account_edit", args=[account.pk]),
        {"number": "54310001", "product": "1.1.10", "title": "Digitalisierung"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.number, account.title) == ("54310001", "Digitalisierung")

    allocation = account.budgets.get()
    officer_client.post(reverse("programme:budget_delete", args=[allocation.pk]))
    assert not account.budgets.exists()


# ------------------------------------------------------------------ postings


def test_the_officer_records_a_posting_and_sees_the_remaining_budget(officer_client, account):
    response = officer_client.post(
        reverse("programme:budget_posting_new", args=[account.pk]), _posting_data()
    )

    assert response.status_code == 302
    posting = Posting.objects.get()
    assert (posting.booked_on, posting.amount, posting.category, posting.source) == (
        datetime.date(THIS_YEAR, 3, 15),
        D("1234.56"),
        "licences",
        Posting.Source.MANUAL,
    )
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(posting.pk)
    ).exists()
    text = _text(officer_client.get(response["Location"]).text)
    # 50,000.00 − 1,234.56
    assert "Remaining budget 48,765.44 €" in text
    assert "Lizenz E-Akte 1. Quartal" in text


def test_a_refund_is_a_negative_posting(officer_client, account):
    PostingFactory(account=account, amount=D("1000"))

    officer_client.post(
        reverse("programme:budget_posting_new", args=[account.pk]),
        _posting_data(amount="-120,00", reference="GS-1"),
    )

    text = _text(officer_client.get(reverse("programme:budget_account", args=[account.pk])).text)
    assert "Remaining budget 49,120.00 €" in text


def test_bad_postings_are_refused_and_the_form_keeps_the_input(officer_client, account):
    PostingFactory(account=account, reference="RE-2026-0042")

    response = officer_client.post(
        reverse("programme:budget_posting_new", args=[account.pk]),
        _posting_data(text="Doppelt gebucht"),
    )
    assert response.status_code == 400
    assert "A posting with this voucher number is already booked on this account." in _text(
        response.text
    )
    assert 'value="Doppelt gebucht"' in response.text

    response = officer_client.post(
        reverse("programme:budget_posting_new", args=[account.pk]),
        _posting_data(amount="0", reference="X-1", booked_on_0="31", booked_on_1="2"),
    )
    assert response.status_code == 400
    text = _text(response.text)
    assert "A posting needs an amount other than zero." in text
    assert "Enter a real date, for example 27 3 2007." in text
    assert Posting.objects.count() == 1


def test_the_officer_corrects_and_removes_a_posting(officer_client, account):
    measure = MeasureFactory(this_year=True, code="3.1")
    posting = PostingFactory(account=account, amount=D("500"), reference="RE-1")

    response = officer_client.post(
        reverse("programme:budget_posting_edit", args=[posting.pk]),
        _posting_data(amount="550", reference="RE-1", measure=measure.pk, category="services"),
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert (posting.amount, posting.measure, posting.category) == (D("550.00"), measure, "services")
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(posting.pk)
    ).exists()

    officer_client.post(reverse("programme:budget_posting_delete", args=[posting.pk]))
    assert not Posting.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(posting.pk)
    ).exists()


def test_a_measure_over_plan_is_warned_about_on_the_account(officer_client, account):
    measure = MeasureFactory(this_year=True, code="3.1", title="E-Akte im Bauamt")
    CostItemFactory(measure=measure, planned=D("1000"))
    PostingFactory(account=account, measure=measure, amount=D("800"))
    page = officer_client.get(reverse("programme:budget_account", args=[account.pk])).text
    assert "above plan" not in page

    PostingFactory(account=account, measure=measure, amount=D("250"))

    text = _text(officer_client.get(reverse("programme:budget_account", args=[account.pk])).text)
    assert f"Measures above plan in {THIS_YEAR}" in text
    assert "3.1 E-Akte im Bauamt: actual costs of 1,050.00 € exceed the planned 1,000.00 €." in text


def test_postings_of_another_year_are_shown_for_that_year(officer_client, account):
    PostingFactory(
        account=account, text="Alte Rechnung", booked_on=datetime.date(THIS_YEAR - 1, 5, 1)
    )
    url = reverse("programme:budget_account", args=[account.pk])

    assert "Alte Rechnung" not in officer_client.get(url).text
    text = _text(officer_client.get(url, {"year": THIS_YEAR - 1}).text)
    assert "Alte Rechnung" in text
    assert "Budget not set" in text


def test_the_account_page_costs_a_fixed_number_of_queries(
    officer_client, account, django_assert_max_num_queries
):
    for number in range(30):
        PostingFactory(account=account, measure=MeasureFactory(this_year=True, code=f"7.{number}"))
    url = reverse("programme:budget_account", args=[account.pk])
    officer_client.get(url)

    with django_assert_max_num_queries(30):
        assert officer_client.get(url).status_code == 200


# ------------------------------------------------------------------ who may


def test_staff_without_the_officer_role_get_404(colleague_client, colleague, account):
    posting = PostingFactory(account=account)
    urls = [
        reverse("programme:budget"),
        reverse("programme:budget_account_new"),
        reverse("programme:budget_account", args=[account.pk]),
        reverse("programme:budget_account_edit", args=[account.pk]),
        reverse("programme:budget_posting_new", args=[account.pk]),
        reverse("programme:budget_posting_edit", args=[posting.pk]),
        reverse("programme:budget_posting_delete", args=[posting.pk]),
        reverse("programme:budget_import", args=[account.pk]),
    ]
    for url in urls:
        assert colleague_client.get(url).status_code == 404, url
    response = colleague_client.post(
        reverse("programme:budget_posting_new", args=[account.pk]), _posting_data()
    )
    assert response.status_code == 404
    assert Posting.objects.count() == 1


def test_services_refuse_anyone_but_the_officer(colleague, officer, account):
    with pytest.raises(NotAllowed):
        services.record_posting(
            actor=colleague,
            account=account,
            booked_on=datetime.date(THIS_YEAR, 1, 2),
            amount=D("1"),
            text="x",
        )
    with pytest.raises(NotAllowed):
        services.set_budget(actor=colleague, account=account, year=THIS_YEAR, amount=D("1"))


def test_services_check_what_forms_check(officer, account):
    def book(**changes):
        data = {
            "actor": officer,
            "account": account,
            "booked_on": datetime.date(THIS_YEAR, 1, 2),
            "amount": D("10"),
            "text": "Rechnung",
            "reference": "R-1",
        }
        data.update(changes)
        return services.record_posting(**data)

    book()
    with pytest.raises(DuplicateVoucher):
        book()
    with pytest.raises(ZeroPosting):
        book(reference="R-2", amount=D("0"))
    with pytest.raises(YearOutOfRange):
        book(reference="R-3", booked_on=datetime.date(1990, 1, 1))
    with pytest.raises(NegativeAmount):
        services.set_budget(actor=officer, account=account, year=THIS_YEAR, amount=D("-1"))
    # Postings without a voucher number may repeat.
    book(reference="")
    book(reference="")
    assert Posting.objects.count() == 3
