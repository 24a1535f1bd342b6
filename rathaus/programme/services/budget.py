"""The programme's budget account (Haushaltskonto): the e-Government officer sets it up,
sets its budget per year, records postings (actual expenses) by hand and imports them from
the finance system's CSV export. Every change is audited.

An import books all rows or none: it runs in one transaction, checks the file again
inside it (with the account locked, so two imports of one account happen one after the
other) and skips the rows whose voucher number is already booked.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..budget_import import ImportPreview, ImportRow, read_import
from ..exceptions_plan import (
    DuplicateAccount,
    DuplicateVoucher,
    ImportNotValid,
    ZeroPosting,
)
from ..models import BudgetAccount, BudgetAllocation, KeyFigure, Measure, Posting
from ..plan import check_year
from .common import check_amounts, remove_recorded, require_officer

# ------------------------------------------------------------------ the account


@transaction.atomic
def open_account(
    *,
    actor: User,
    number: str,
    title: str,
    product: str = "",
    key_figure: KeyFigure | None = None,
) -> BudgetAccount:
    """The officer sets up a budget account of the programme."""
    require_officer(actor)
    number = number.strip()
    if BudgetAccount.objects.filter(number=number).exists():
        raise DuplicateAccount
    account = BudgetAccount.objects.create(
        number=number, title=title, product=product, key_figure=key_figure
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=account,
        summary=f"budget account opened: {number}",
    )
    return account


@transaction.atomic
def change_account(
    *,
    actor: User,
    account: BudgetAccount,
    number: str,
    title: str,
    product: str = "",
    key_figure: KeyFigure | None = None,
) -> BudgetAccount:
    require_officer(actor)
    number = number.strip()
    if BudgetAccount.objects.filter(number=number).exclude(pk=account.pk).exists():
        raise DuplicateAccount
    account = BudgetAccount.objects.select_for_update().get(pk=account.pk)
    before = snapshot(account)
    account.number, account.title, account.product = number, title, product
    account.key_figure = key_figure
    account.save()
    record_update(actor=actor, obj=account, before=before, summary="budget account changed")
    return account


@transaction.atomic
def set_budget(
    *, actor: User, account: BudgetAccount, year: int, amount: Decimal
) -> BudgetAllocation:
    """The officer sets (or changes) the account's budget for a year."""
    require_officer(actor)
    check_year(year)
    check_amounts(amount)
    BudgetAccount.objects.select_for_update().get(pk=account.pk)
    allocation = BudgetAllocation.objects.filter(account=account, year=year).first()
    if allocation is None:
        allocation = BudgetAllocation.objects.create(account=account, year=year, amount=amount)
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=allocation,
            summary=f"budget set: {account.number} {year}",
        )
        return allocation
    before = snapshot(allocation)
    allocation.amount = amount
    allocation.save()
    record_update(actor=actor, obj=allocation, before=before, summary="budget changed")
    return allocation


@transaction.atomic
def remove_budget(*, actor: User, allocation: BudgetAllocation) -> None:
    require_officer(actor)
    remove_recorded(actor=actor, obj=allocation, summary="budget removed")


# ------------------------------------------------------------------ postings


def _check_posting(account: BudgetAccount, amount: Decimal, reference: str, exclude=None):
    if not amount:
        raise ZeroPosting
    if reference:
        taken = Posting.objects.filter(account=account, reference=reference)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if taken.exists():
            raise DuplicateVoucher


@transaction.atomic
def record_posting(
    *,
    actor: User,
    account: BudgetAccount,
    booked_on: datetime.date,
    amount: Decimal,
    text: str,
    reference: str = "",
    measure: Measure | None = None,
    category: str = "",
) -> Posting:
    """The officer records an actual expense (a negative amount is a refund)."""
    require_officer(actor)
    check_year(booked_on.year)
    reference = reference.strip()
    BudgetAccount.objects.select_for_update().get(pk=account.pk)
    _check_posting(account, amount, reference)
    posting = Posting.objects.create(
        account=account,
        booked_on=booked_on,
        amount=amount,
        text=text,
        reference=reference,
        measure=measure,
        category=category,
        source=Posting.Source.MANUAL,
        recorded_by=actor,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=posting,
        summary=f"posting recorded on {account.number}",
    )
    return posting


@transaction.atomic
def change_posting(
    *,
    actor: User,
    posting: Posting,
    booked_on: datetime.date,
    amount: Decimal,
    text: str,
    reference: str = "",
    measure: Measure | None = None,
    category: str = "",
) -> Posting:
    """The officer corrects a posting (entered or imported)."""
    require_officer(actor)
    check_year(booked_on.year)
    reference = reference.strip()
    BudgetAccount.objects.select_for_update().get(pk=posting.account_id)
    posting = Posting.objects.get(pk=posting.pk)
    _check_posting(posting.account, amount, reference, exclude=posting)
    before = snapshot(posting)
    posting.booked_on, posting.amount, posting.text = booked_on, amount, text
    posting.reference, posting.measure, posting.category = reference, measure, category
    posting.save()
    record_update(actor=actor, obj=posting, before=before, summary="posting corrected")
    return posting


@transaction.atomic
def remove_posting(*, actor: User, posting: Posting) -> None:
    require_officer(actor)
    remove_recorded(actor=actor, obj=posting, summary="posting removed")


# ------------------------------------------------------------------ import


@dataclass
class ImportResult:
    booked: list[Posting]
    skipped: list[ImportRow]
    preview: ImportPreview

    @property
    def total(self) -> Decimal:
        return sum((posting.amount for posting in self.booked), Decimal("0.00"))


@transaction.atomic
def import_postings(
    *, actor: User, account: BudgetAccount, text: str, file_name: str = ""
) -> ImportResult:
    """Book the postings of a CSV export (its decoded ``text``) on ``account``: all rows
    or none. Rows whose voucher number is booked already are skipped. Raises
    ``ImportNotValid`` (with the preview of every problem) when any row is bad."""
    require_officer(actor)
    account = BudgetAccount.objects.select_for_update().get(pk=account.pk)
    preview = read_import(text, account=account)
    if not preview.is_valid:
        raise ImportNotValid(preview)
    booked = []
    for row in preview.to_book:
        posting = Posting.objects.create(
            account=account,
            booked_on=row.booked_on,
            amount=row.amount,
            text=row.text,
            reference=row.reference,
            measure=row.measure,
            category=row.category,
            source=Posting.Source.IMPORT,
            recorded_by=actor,
        )
        record(
            action=AuditEntry.Action.CREATE,
            actor=actor,
            obj=posting,
            summary=f"posting imported on {account.number}",
        )
        booked.append(posting)
    record(
        action=AuditEntry.Action.OTHER,
        actor=actor,
        obj=account,
        summary="postings imported",
        changes={
            "file": file_name[:200],
            "booked": len(booked),
            "skipped": [row.reference for row in preview.skipped],
        },
    )
    return ImportResult(booked=booked, skipped=preview.skipped, preview=preview)
