"""Background jobs of the budget import: checking an uploaded export (its result is the
preview page) and booking it (its result is the budget account). The officer follows
both on the job's progress page; ``services.budget`` starts them."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django_tasks import task

from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import job_task, report_progress, set_result

from .budget_import import ImportPreview
from .exceptions import ProgrammeError
from .exceptions_plan import ImportNotValid
from .models import BudgetAccount

# Characters of voucher numbers named in the booking's message (it holds 300 characters).
NUMBERS_LENGTH = 120


def _starter(job_id: str):
    return Job.objects.select_related("started_by").get(pk=job_id).started_by


def _upload_page(account: BudgetAccount) -> str:
    return reverse("programme:budget_import", args=[account.pk])


def _refused(job_id: str, account: BudgetAccount, error: ProgrammeError) -> dict:
    """Nothing to show but why: the result leads back to the upload."""
    set_result(job_id, url=_upload_page(account), message=str(error.message))
    return {"refused": str(error.message)}


def _found(preview: ImportPreview) -> str:
    if preview.problems:
        return ngettext(
            "The file has %(count)s problem: nothing can be booked. Open the result to see it.",
            "The file has %(count)s problems: nothing can be booked. Open the result to see them.",
            len(preview.problems),
        ) % {"count": len(preview.problems)}
    message = ngettext(
        "The file is checked: %(count)s posting can be booked.",
        "The file is checked: %(count)s postings can be booked.",
        len(preview.to_book),
    ) % {"count": len(preview.to_book)}
    if preview.skipped:
        # The preview page's own words (its template counts in ``counter``).
        message += " " + ngettext(
            "%(counter)s row is skipped: its voucher number is booked already.",
            "%(counter)s rows are skipped: their voucher numbers are booked already.",
            len(preview.skipped),
        ) % {"counter": len(preview.skipped)}
    return message + " " + gettext("Open the result to see the preview.")


@task()
@job_task
def check_budget_import(*, job_id: str, account_id: str, file_id: str) -> dict:
    """Read and check the uploaded export; the result is its preview."""
    from .services.budget import check_import_file

    account = BudgetAccount.objects.get(pk=account_id)
    report_progress(job_id, done=0, total=1, message=gettext("Reading the file."))

    def progress(done: int, total: int) -> None:
        report_progress(
            job_id,
            done=done,
            total=total,
            message=gettext("Rows checked: %(done)s of %(total)s.")
            % {"done": done, "total": total},
        )

    try:
        kept = check_import_file(
            actor=_starter(job_id), account=account, file_id=file_id, progress=progress
        )
    except ProgrammeError as error:
        return _refused(job_id, account, error)
    preview = kept.preview
    set_result(job_id, url=kept.url, message=_found(preview))
    return {"rows": len(preview.rows), "problems": len(preview.problems)}


def _booked(result) -> str:
    message = ngettext(
        "%(count)s posting is booked.", "%(count)s postings are booked.", len(result.booked)
    ) % {"count": len(result.booked)}
    if result.skipped:
        numbers = [row.reference for row in result.skipped]
        named = ", ".join(numbers)
        if len(named) > NUMBERS_LENGTH:
            named = named[:NUMBERS_LENGTH].rpartition(", ")[0] + ", …"
        message += " " + ngettext(
            "%(count)s row was skipped: its voucher number is booked already (%(numbers)s).",
            "%(count)s rows were skipped: their voucher numbers are booked already (%(numbers)s).",
            len(numbers),
        ) % {"count": len(numbers), "numbers": named}
    return message


@task()
@job_task
def book_budget_import(*, job_id: str, account_id: str, file_id: str, preview_id: str) -> dict:
    """Check the export again and book it, all rows or none; the result is the account
    (or, when a row is bad now, a preview of the problems)."""
    from .services.budget import book_import_file, replace_import_preview

    account = BudgetAccount.objects.get(pk=account_id)
    actor = _starter(job_id)
    report_progress(
        job_id, done=0, total=1, message=gettext("Checking the file again and booking it.")
    )
    try:
        result = book_import_file(
            actor=actor, account=account, file_id=file_id, preview_id=preview_id
        )
    except ImportNotValid as refusal:
        try:
            kept = replace_import_preview(
                actor=actor,
                account=account,
                file_id=file_id,
                preview=refusal.preview,
                replaces=preview_id,
            )
        except ProgrammeError as error:
            return _refused(job_id, account, error)
        problems = refusal.preview.problems
        message = str(refusal.message) + " " + gettext("Open the result to see every problem.")
        if problems:
            message += " " + str(problems[0])
        set_result(job_id, url=kept.url, message=message)
        return {"booked": 0, "problems": len(problems)}
    except ProgrammeError as error:
        return _refused(job_id, account, error)
    year = result.booked[0].booked_on.year if result.booked else None
    url = reverse("programme:budget_account", args=[account.pk])
    url = f"{url}?year={year}#postings" if year else f"{url}#postings"
    set_result(job_id, url=url, message=_booked(result))
    return {"booked": len(result.booked), "skipped": len(result.skipped)}
