"""The programme's budget account (Haushaltskonto): the e-Government officer sets it up,
sets its budget per year, records postings (actual expenses) by hand and imports them from
the finance system's CSV export. Every change is audited.

An import runs as two background jobs (``budget_tasks``): the officer uploads the export,
which is stored and checked by the first; the preview page shows what it found
(``budget_preview``); the officer's "book" starts the second. The booking books all rows or
none: it runs in one transaction, checks the file again inside it (with the account
locked, so two imports of one account happen one after the other) and skips the rows
whose voucher number is already booked. Once booked, the export and its preview are
deleted.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.jobs.models import Job
from rathaus.core.uploads.exceptions import CorruptedFile, EmptyFile
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import delete_stored_file, open_stored, store_upload

from ..budget_import import (
    MAX_IMPORT_BYTES,
    ImportPreview,
    ImportRow,
    decode,
    read_import,
    read_import_file,
    unreadable_file,
)
from ..budget_preview import (
    PREVIEW_FILE_NAME,
    KeptPreview,
    make_token,
    preview_data,
    preview_from_data,
    read_token,
)
from ..exceptions_plan import (
    DuplicateAccount,
    DuplicateVoucher,
    ImportExpired,
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


# ------------------------------------------------------------------ import in the background

# The kept preview is our own JSON: far larger than the export only when most rows are bad.
PREVIEW_MAX_BYTES = 25 * MAX_IMPORT_BYTES


def _is_blank(upload) -> bool:
    """Whether the upload holds nothing but white space (and a byte order mark)."""
    return all(not chunk.strip(b" \t\r\n\xef\xbb\xbf") for chunk in upload.chunks())


def start_import_check(*, actor: User, account: BudgetAccount, upload) -> Job:
    """The officer uploads the finance system's export: it is stored and a background job
    checks it (``budget_tasks.check_budget_import``); returns the job. An empty file, one
    that is too large or no CSV is refused at once (an ``UploadError``) and not stored."""
    from rathaus.core.jobs.services import start_job

    from ..budget_tasks import check_budget_import

    require_officer(actor)
    if _is_blank(upload):
        raise EmptyFile
    stored = store_upload(
        uploaded_file=upload, kinds={"csv"}, max_bytes=MAX_IMPORT_BYTES, uploaded_by=actor
    )
    return start_job(
        task=check_budget_import,
        label=gettext("Check the CSV export for the budget account %(account)s")
        % {"account": account},
        started_by=actor,
        kwargs={"account_id": str(account.pk), "file_id": str(stored.pk)},
    )


def _own_file(actor: User, file_id) -> StoredFile:
    """A file the officer uploaded (or a job kept for them); ``ImportExpired`` if gone."""
    stored = StoredFile.objects.uploaded_by(actor).filter(pk=file_id).first()
    if stored is None:
        raise ImportExpired
    return stored


def _read(stored: StoredFile) -> bytes:
    try:
        with open_stored(stored) as handle:
            return handle.read()
    except CorruptedFile:
        raise ImportExpired from None


def _keep_preview(
    *, actor: User, account: BudgetAccount, stored_file: StoredFile, preview: ImportPreview
) -> KeptPreview:
    """Keep what a check of ``stored_file`` found, for the preview page."""
    content = json.dumps(preview_data(preview), ensure_ascii=False).encode("utf-8")
    kept = store_upload(
        uploaded_file=ContentFile(content, name=PREVIEW_FILE_NAME),
        kinds={"json"},
        max_bytes=PREVIEW_MAX_BYTES,
        uploaded_by=actor,
    )
    return KeptPreview(
        preview=preview,
        file_name=stored_file.original_name,
        checked_at=kept.created_at,
        token=make_token(account, file_id=stored_file.pk, preview_id=kept.pk),
        account=account,
    )


def check_import_file(
    *, actor: User, account: BudgetAccount, file_id, progress=None
) -> KeptPreview:
    """Read and check the stored export (the first job) and keep what was found.
    ``progress(done, total)`` hears how many rows are checked."""
    require_officer(actor)
    stored = _own_file(actor, file_id)
    preview = read_import_file(_read(stored), account=account, progress=progress)
    return _keep_preview(actor=actor, account=account, stored_file=stored, preview=preview)


def open_import_preview(*, actor: User, account: BudgetAccount, token: str) -> KeptPreview:
    """The preview a token names, as its check found it; ``ImportExpired`` when the token
    is forged, old or another's, or its files are gone (booked already)."""
    require_officer(actor)
    files = read_token(token, account)
    stored = _own_file(actor, files.file_id)
    kept = _own_file(actor, files.preview_id)
    try:
        preview = preview_from_data(json.loads(_read(kept)))
    except (LookupError, TypeError, ValueError, ArithmeticError):
        raise ImportExpired from None
    return KeptPreview(
        preview=preview,
        file_name=stored.original_name,
        checked_at=kept.created_at,
        token=token,
        account=account,
    )


def start_import_booking(*, actor: User, account: BudgetAccount, token: str) -> Job:
    """The officer books what the preview showed: a background job checks the export
    again and books it (``budget_tasks.book_budget_import``); returns the job."""
    from rathaus.core.jobs.services import start_job

    from ..budget_tasks import book_budget_import

    require_officer(actor)
    files = read_token(token, account)
    stored = _own_file(actor, files.file_id)
    kept = _own_file(actor, files.preview_id)
    return start_job(
        task=book_budget_import,
        label=gettext("Book the CSV export on the budget account %(account)s")
        % {"account": account},
        started_by=actor,
        kwargs={
            "account_id": str(account.pk),
            "file_id": str(stored.pk),
            "preview_id": str(kept.pk),
        },
    )


@transaction.atomic
def book_import_file(
    *, actor: User, account: BudgetAccount, file_id, preview_id=None
) -> ImportResult:
    """Book the stored export (the second job) with ``import_postings``: checked again,
    all rows or none. Once booked, the export and its kept preview are deleted.
    ``ImportNotValid`` when a row is bad now, ``ImportExpired`` when the file is gone."""
    require_officer(actor)
    stored = _own_file(actor, file_id)
    try:
        text, _encoding = decode(_read(stored))
    except UnicodeDecodeError:
        raise ImportNotValid(unreadable_file()) from None
    result = import_postings(
        actor=actor, account=account, text=text, file_name=stored.original_name
    )
    # Read again under the account's lock: a booking that ran meanwhile deleted them.
    ids = [file_id] + ([preview_id] if preview_id else [])
    for done_with in StoredFile.objects.uploaded_by(actor).filter(pk__in=ids):
        delete_stored_file(stored_file=done_with, actor=actor)
    return result


def replace_import_preview(
    *,
    actor: User,
    account: BudgetAccount,
    file_id,
    preview: ImportPreview,
    replaces=None,
) -> KeptPreview:
    """Keep the problems a booking found in place of the preview it booked from, whose
    "book" would only fail again."""
    require_officer(actor)
    stored = _own_file(actor, file_id)
    kept = _keep_preview(actor=actor, account=account, stored_file=stored, preview=preview)
    old = StoredFile.objects.uploaded_by(actor).filter(pk=replaces).first() if replaces else None
    if old is not None:
        delete_stored_file(stored_file=old, actor=actor)
    return kept
