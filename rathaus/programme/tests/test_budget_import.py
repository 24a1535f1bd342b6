"""Importing the finance system's CSV export: German numbers and dates, ";" or ",", UTF-8
or Windows-1252, columns by header; a preview that names every problem by row and
column; nothing booked when any row is bad; voucher numbers booked already skipped; texts
that look like formulas kept as text. The upload is stored and checked by a background
job whose result is the preview; booking is a second job that checks the file again.
(Jobs run at once in tests: the officer lands on a finished job's page.)"""

import datetime
import html
import json
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.jobs.models import Job
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.core.uploads.models import StoredFile

from .. import budget_import, views_budget
from ..budget_import import (
    MAX_IMPORT_BYTES,
    parse_amount,
    parse_category,
    parse_date,
    read_import_file,
)
from ..budget_preview import make_token, preview_data, preview_from_data, read_token
from ..exceptions_plan import ImportNotValid
from ..models import Measure, Posting
from ..services import budget as services
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    MeasureFactory,
    PostingFactory,
    pdf_upload,
)

D = Decimal
Y = THIS_YEAR
GOOD = (
    "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart\r\n"
    f"15.03.{Y};1.234,56;Lizenz E-Akte 1. Quartal;RE-{Y}-0042;3.1;Lizenzen\r\n"
    f"{Y}-04-01;-120,00;Gutschrift Scanner;GS-{Y}-0001;3.1;Hardware\r\n"
    f"30.04.{Y};980,00;Fachtagung;RE-{Y}-0050;;\r\n"
)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ").split())


@pytest.fixture(autouse=True)
def _jobs_in_english(officer):
    """Jobs speak their starter's language: the officer reads English, like the pages."""
    officer.preferred_language = "en"
    officer.save(update_fields=["preferred_language"])


@pytest.fixture
def account():
    return BudgetAccountFactory(number="54310000")


@pytest.fixture
def measure():
    return MeasureFactory(this_year=True, code="3.1", title="E-Akte im Bauamt")


def _upload(client, account, content, name="export.csv"):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return client.post(
        reverse("programme:budget_import", args=[account.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def _finished_job(client, response) -> Job:
    """The job a response sent the officer to, finished; its page links to the result."""
    assert response.status_code == 302
    job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert response["Location"] == job.get_absolute_url()
    assert job.state == Job.State.SUCCEEDED, job.message
    page = client.get(job.get_absolute_url())
    assert html.escape(job.result_url) in page.text
    return job


def _preview(client, account, content, name="export.csv"):
    """Upload ``content`` and open what the check found (the job's result)."""
    job = _finished_job(client, _upload(client, account, content, name))
    assert job.result_url.startswith(
        reverse("programme:budget_import_preview", args=[account.pk]) + "?token="
    )
    return client.get(job.result_url)


def _token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


def _book(client, account, token: str) -> Job:
    response = client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"token": token}
    )
    return _finished_job(client, response)


# ------------------------------------------------------------------ reading cells


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567,8", "1234567.80"),
        ("-12,50", "-12.50"),
        ("12,50-", "-12.50"),
        ("+7", "7.00"),
        ("1.000", "1000.00"),
        (" 99 € ", "99.00"),
        ("1 234,00 EUR", "1234.00"),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == D(amount)


@pytest.mark.parametrize(
    "text", ["", "abc", "1,234,5", "12,345", "1.23.4", "=1+1", "1,5,5", "9" * 13]
)
def test_what_is_no_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_dates_are_german_or_iso():
    assert parse_date("31.12.2026") == datetime.date(2026, 12, 31)
    assert parse_date("1.2.2026") == datetime.date(2026, 2, 1)
    assert parse_date("2026-12-31") == datetime.date(2026, 12, 31)
    for text in ("31.02.2026", "12/31/2026", "2026", ""):
        with pytest.raises(ValueError):
            parse_date(text)


def test_types_of_cost_are_read_in_german_and_english():
    assert parse_category("Lizenzen") == "licences"
    assert parse_category("DIENSTLEISTUNGEN") == "services"
    assert parse_category("Personal") == "staff"
    assert parse_category("other") == "other"
    assert parse_category("") == ""
    with pytest.raises(ValueError):
        parse_category("Kaffee")


# ------------------------------------------------------------------ reading files


def test_a_good_file_is_read_with_every_value(account, measure):
    preview = read_import_file(GOOD.encode("utf-8-sig"), account=account)

    assert preview.is_valid, [str(p) for p in preview.problems]
    assert (preview.encoding, preview.delimiter) == ("utf-8-sig", ";")
    first, refund, unassigned = preview.rows
    assert (first.number, first.booked_on, first.amount, first.measure, first.category) == (
        2,
        datetime.date(Y, 3, 15),
        D("1234.56"),
        measure,
        "licences",
    )
    assert (refund.booked_on, refund.amount, refund.category) == (
        datetime.date(Y, 4, 1),
        D("-120.00"),
        "hardware",
    )
    assert (unassigned.measure, unassigned.category) == (None, "")
    assert preview.total == D("2094.56")


def test_a_comma_separated_windows_1252_file_is_read(account, measure):
    content = (
        '"Datum","Betrag","Text","Beleg-Nr.","Massnahme","Kostenart"\r\n'
        f'"15.03.{Y}","1234.56","Bürostühle für das Bauamt","RE-7","3.1","Sonstiges"\r\n'
    ).encode("cp1252")

    preview = read_import_file(content, account=account)

    assert preview.is_valid, [str(p) for p in preview.problems]
    assert (preview.encoding, preview.delimiter) == ("cp1252", ",")
    (row,) = preview.rows
    assert (row.text, row.amount, row.reference, row.category) == (
        "Bürostühle für das Bauamt",
        D("1234.56"),
        "RE-7",
        "other",
    )


def test_columns_are_found_in_any_order(account, measure):
    content = (
        f"Maßnahme;Belegnummer;Betrag;Buchungstext;Buchungsdatum\n3.1;A-1;5,00;Porto;02.01.{Y}\n"
    )

    preview = read_import_file(content.encode(), account=account)

    assert preview.is_valid
    assert preview.rows[0].amount == D("5.00") and preview.rows[0].measure == measure


def test_bad_rows_are_named_by_row_and_column(account, measure):
    content = (
        "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart\n"
        f"15.03.{Y};1.234,56;Gut;RE-1;3.1;Lizenzen\n"
        f"31.02.{Y};10,00;Falsches Datum;RE-2;3.1;\n"
        f"01.03.{Y};zehn;Kein Betrag;RE-3;;\n"
        f"01.03.{Y};10,00;Falsche Maßnahme;RE-4;9.9;\n"
        f"01.03.{Y};10,00;Ohne Beleg;;;Kaffee\n"
        f"01.03.{Y};0,00;;RE-1;;\n"
    )

    preview = read_import_file(content.encode(), account=account)

    assert not preview.is_valid
    assert [str(problem) for problem in preview.problems] == [
        f"Row 3, column “Buchungsdatum”: “31.02.{Y}” is not a date; write it as 31.12.2026 "
        "or 2026-12-31.",
        "Row 4, column “Betrag”: “zehn” is not an amount in euros; write it as 1.234,56.",
        "Row 5, column “Maßnahme”: There is no measure number “9.9”.",
        "Row 6, column “Belegnummer”: The voucher number is missing.",
        "Row 6, column “Kostenart”: “Kaffee” is not a type of cost; use Lizenzen, "
        "Dienstleistungen, Hardware, Personal or Sonstiges.",
        "Row 7, column “Betrag”: The amount must not be zero.",
        "Row 7, column “Buchungstext”: The booking text is missing.",
        "Row 7, column “Belegnummer”: The voucher number RE-1 is in row 2 already.",
    ]


def test_a_missing_column_is_named(account):
    content = "Datum;Betrag;Text\n01.01.2026;1,00;x\n"

    preview = read_import_file(content.encode(), account=account)

    assert [str(problem) for problem in preview.problems] == [
        "The column “Belegnummer” is missing.",
        "The column “Maßnahme” is missing.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"Buchungsdatum;Betrag;Buchungstext;Belegnummer;Massnahme\n", "The file has no postings"),
        (b"\x81\x8d\x00binary", "The file could not be read"),
    ],
)
def test_unusable_files_are_refused(account, content, message):
    preview = read_import_file(content, account=account)

    assert not preview.is_valid
    assert str(preview.problems[0]).startswith(message)


def test_a_date_far_off_is_refused(account, measure):
    content = "Datum;Betrag;Text;Belegnummer;Maßnahme\n01.01.1990;1,00;Alt;A-1;3.1\n"

    (problem,) = read_import_file(content.encode(), account=account).problems

    assert problem.row == 2 and problem.column == "Datum"
    assert "outside the years" in problem.message


# ------------------------------------------------------------------ reading in the background


def test_progress_is_reported_while_rows_are_checked(account, measure, monkeypatch):
    monkeypatch.setattr(budget_import, "PROGRESS_EVERY", 2)
    heard = []

    read_import_file(GOOD.encode(), account=account, progress=lambda *step: heard.append(step))

    assert heard == [(2, 3), (3, 3)]


def test_the_kept_preview_holds_what_the_check_found(account, measure):
    PostingFactory(account=account, reference=f"RE-{Y}-0050")
    content = GOOD + f"31.02.{Y};zehn;;RE-{Y}-0042;9.9;Kaffee\n"
    found = read_import_file(content.encode("cp1252"), account=account)

    kept = preview_from_data(json.loads(json.dumps(preview_data(found))))

    assert [str(problem) for problem in kept.problems] == [str(p) for p in found.problems]
    assert (kept.encoding, kept.delimiter, kept.total) == ("cp1252", ";", found.total)
    for before, after in zip(found.rows, kept.rows, strict=True):
        assert (after.number, after.cells, after.booked_on, after.amount) == (
            before.number,
            before.cells,
            before.booked_on,
            before.amount,
        )
        assert (after.text, after.reference, after.category, after.already_booked) == (
            before.text,
            before.reference,
            before.category,
            before.already_booked,
        )
        assert (after.measure and (after.measure.code, after.measure.title)) == (
            before.measure and (before.measure.code, before.measure.title)
        )
    assert [row.reference for row in kept.skipped] == [f"RE-{Y}-0050"]


def test_a_file_with_too_many_rows_is_refused(officer_client, account, measure, monkeypatch):
    monkeypatch.setattr(budget_import, "MAX_IMPORT_ROWS", 2)

    preview = _preview(officer_client, account, GOOD)

    assert "The file has more than 2 rows; split it." in _text(preview.text)
    assert 'name="token"' not in preview.text


def test_many_voucher_numbers_are_looked_up_in_slices(officer_client, account, monkeypatch):
    monkeypatch.setattr(budget_import, "REFERENCES_PER_QUERY", 2)
    for number in (1, 4):
        PostingFactory(account=account, reference=f"B-{number}")
    rows = "".join(f"0{n}.03.{Y};{n},00;Porto;B-{n};\n" for n in range(1, 6))

    preview = _preview(officer_client, account, f"Datum;Betrag;Text;Belegnummer;Maßnahme\n{rows}")

    text = _text(preview.text)
    assert "3 postings of 10.00 € in all will be booked." in text
    assert "Voucher numbers booked already: B-1, B-4" in text


# ------------------------------------------------------------------ booking


def test_the_officer_previews_and_books_a_file(officer_client, officer, account, measure):
    upload = _upload(officer_client, account, GOOD)

    check = _finished_job(officer_client, upload)
    assert check.started_by == officer and str(account) in check.label
    assert "3 postings can be booked" in check.message
    preview = officer_client.get(check.result_url)
    assert preview.status_code == 200
    text = _text(preview.text)
    assert "3 rows read." in text
    assert "3 postings of 2,094.56 € in all will be booked." in text
    assert "Book 3 postings" in text
    assert "“export.csv”" in text
    assert not Posting.objects.exists()

    booking = _book(officer_client, account, _token(preview))

    assert booking.result_url == (
        reverse("programme:budget_account", args=[account.pk]) + f"?year={Y}#postings"
    )
    assert booking.message == "3 postings are booked."
    postings = Posting.objects.order_by("booked_on")
    assert [(p.reference, p.amount, p.source) for p in postings] == [
        (f"RE-{Y}-0042", D("1234.56"), Posting.Source.IMPORT),
        (f"GS-{Y}-0001", D("-120.00"), Posting.Source.IMPORT),
        (f"RE-{Y}-0050", D("980.00"), Posting.Source.IMPORT),
    ]
    assert all(p.recorded_by == officer for p in postings)
    assert AuditEntry.objects.filter(summary="postings imported").exists()
    assert AuditEntry.objects.filter(summary__startswith="posting imported").count() == 3
    assert officer_client.get(booking.result_url).status_code == 200


def test_a_booked_preview_cannot_be_booked_again(officer_client, account, measure):
    preview = _preview(officer_client, account, GOOD)
    _book(officer_client, account, _token(preview))

    again = officer_client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"token": _token(preview)}
    )
    shown = officer_client.get(
        f"{reverse('programme:budget_import_preview', args=[account.pk])}?token={_token(preview)}"
    )

    assert Posting.objects.count() == 3
    assert not StoredFile.objects.exists()  # the export and its preview are gone once booked
    for response in (again, shown):
        assert response.status_code == 302
        assert response["Location"] == reverse("programme:budget_import", args=[account.pk])
    page = _text(officer_client.get(shown["Location"]).text)
    assert "The preview is no longer valid. Upload the file again." in page


def test_a_windows_1252_upload_is_booked_with_its_umlauts(officer_client, account, measure):
    content = (
        f"Datum,Betrag,Text,Beleg-Nr.,Massnahme\r\n15.03.{Y},99.50,Bürostühle,RE-7,3.1\r\n"
    ).encode("cp1252")

    preview = _preview(officer_client, account, content)
    _book(officer_client, account, _token(preview))

    assert Posting.objects.get().text == "Bürostühle"


def test_nothing_is_booked_when_a_row_is_bad(officer_client, account, measure):
    content = GOOD + f"01.05.{Y};viel;Unklar;RE-{Y}-0099;3.1;\n"

    check = _finished_job(officer_client, _upload(officer_client, account, content))
    response = officer_client.get(check.result_url)

    assert check.message.startswith("The file has 1 problem: nothing can be booked.")
    assert response.status_code == 200
    text = _text(response.text)
    assert "Nothing is booked: the file has problems" in text
    assert "Row 5, column “Betrag”: “viel” is not an amount in euros" in text
    assert 'name="token"' not in response.text
    assert 'name="file"' in response.text  # upload the corrected file right here
    assert not Posting.objects.exists()


def test_the_service_books_all_or_nothing(officer, account, measure):
    content = GOOD + f"01.05.{Y};1,00;Gut;RE-{Y}-0100;9.9;\n"

    with pytest.raises(ImportNotValid) as refused:
        services.import_postings(actor=officer, account=account, text=content)

    assert not Posting.objects.exists()
    assert [problem.row for problem in refused.value.preview.problems] == [5]


def test_voucher_numbers_booked_already_are_skipped_and_reported(officer_client, account, measure):
    PostingFactory(account=account, reference=f"RE-{Y}-0042", amount=D("1234.56"))

    preview = _preview(officer_client, account, GOOD)

    text = _text(preview.text)
    assert "2 postings of 860.00 € in all will be booked." in text
    assert "1 row is skipped: its voucher number is booked already." in text
    assert "Skipped: booked already" in text
    assert f"Voucher numbers booked already: RE-{Y}-0042" in text
    booking = _book(officer_client, account, _token(preview))
    assert Posting.objects.count() == 3
    assert booking.message == (
        "2 postings are booked. 1 row was skipped: its voucher number is booked already "
        f"(RE-{Y}-0042)."
    )


def test_a_long_list_of_skipped_voucher_numbers_is_shortened(officer_client, account):
    rows = "".join(f"02.01.{Y};1,00;Porto;VORHER-{n:04};\n" for n in range(40))
    for n in range(40):
        PostingFactory(account=account, reference=f"VORHER-{n:04}")
    content = f"Datum;Betrag;Text;Belegnummer;Maßnahme\n{rows}03.01.{Y};2,00;Neu;NEU-1;\n"

    booking = _book(officer_client, account, _token(_preview(officer_client, account, content)))

    assert booking.message.startswith("1 posting is booked. 40 rows were skipped")
    assert "(VORHER-0000, VORHER-0001, " in booking.message
    assert booking.message.endswith(", …).") and "VORHER-0039" not in booking.message


def test_a_file_booked_already_offers_nothing_to_book(officer_client, account, measure):
    preview = _preview(officer_client, account, GOOD)
    _book(officer_client, account, _token(preview))

    again = _preview(officer_client, account, GOOD)

    assert "3 rows are skipped" in _text(again.text)
    assert 'name="token"' not in again.text
    assert 'id="import-nothing"' in again.text


def test_a_voucher_booked_between_preview_and_booking_is_skipped(officer_client, account, measure):
    preview = _preview(officer_client, account, GOOD)
    PostingFactory(account=account, reference=f"GS-{Y}-0001", amount=D("-120"))

    booking = _book(officer_client, account, _token(preview))

    assert Posting.objects.filter(reference=f"GS-{Y}-0001").count() == 1
    assert Posting.objects.count() == 3
    assert "2 postings are booked." in booking.message


def test_a_row_gone_wrong_since_the_preview_books_nothing(officer_client, account, measure):
    preview = _preview(officer_client, account, GOOD)
    Measure.objects.filter(pk=measure.pk).update(code="3.9")

    booking = _book(officer_client, account, _token(preview))

    assert not Posting.objects.exists()
    assert booking.message.startswith("Nothing was booked: the file has problems.")
    assert "Row 2, column “Maßnahme”: There is no measure number “3.1”." in booking.message
    problems = _text(officer_client.get(booking.result_url).text)
    assert "Row 3, column “Maßnahme”: There is no measure number “3.1”." in problems
    outdated = officer_client.get(preview.request["PATH_INFO"] + "?token=" + _token(preview))
    assert outdated.status_code == 302  # its "book" would only fail again


def test_the_same_voucher_on_another_account_is_booked(officer, account, measure):
    other = BudgetAccountFactory(number="54320000")
    PostingFactory(account=other, reference=f"RE-{Y}-0042")

    result = services.import_postings(actor=officer, account=account, text=GOOD)

    assert len(result.booked) == 3 and not result.skipped


def test_a_tampered_foreign_or_other_officers_token_books_nothing(
    officer_client, client, account, measure
):
    good = _token(_preview(officer_client, account, GOOD))
    files = read_token(good, account)
    forged = signing.dumps([str(account.pk), files.file_id, files.preview_id], salt="other")
    other = BudgetAccountFactory(number="54320000")
    for_other = make_token(other, file_id=files.file_id, preview_id=files.preview_id)
    jobs = Job.objects.count()

    book = reverse("programme:budget_import_book", args=[account.pk])
    preview = reverse("programme:budget_import_preview", args=[account.pk])
    for token in ("", "nonsense", forged, for_other):
        for response in (
            officer_client.post(book, {"token": token}),
            officer_client.get(preview, {"token": token}),
        ):
            assert response.status_code == 302
            assert response["Location"] == reverse("programme:budget_import", args=[account.pk])
    second_officer = StaffFactory()
    RoleAssignmentFactory(user=second_officer, role=Role.EGOV_OFFICER, unit=None)
    sign_in_verified(client, second_officer)
    for response in (client.post(book, {"token": good}), client.get(preview, {"token": good})):
        assert response["Location"] == reverse("programme:budget_import", args=[account.pk])
    assert Job.objects.count() == jobs
    assert not Posting.objects.exists()


def test_staff_without_the_officer_role_get_404(colleague_client, officer, account, measure):
    book = reverse("programme:budget_import_book", args=[account.pk])
    preview = reverse("programme:budget_import_preview", args=[account.pk])

    assert colleague_client.get(preview, {"token": "x"}).status_code == 404
    assert colleague_client.post(book, {"token": "x"}).status_code == 404
    assert (
        colleague_client.post(
            reverse("programme:budget_import", args=[account.pk]),
            {"file": SimpleUploadedFile("export.csv", GOOD.encode(), content_type="text/csv")},
        ).status_code
        == 404
    )
    assert not Job.objects.exists() and not StoredFile.objects.exists()


def test_a_long_preview_is_paged(officer_client, account, measure, monkeypatch):
    monkeypatch.setattr(views_budget, "PREVIEW_ROWS_PER_PAGE", 2)

    first = _preview(officer_client, account, GOOD)
    second = officer_client.get(first.request["PATH_INFO"], {"token": _token(first), "page": 2})

    assert f"RE-{Y}-0042" in first.text and f"RE-{Y}-0050" not in first.text
    assert f"RE-{Y}-0050" in second.text and f"RE-{Y}-0042" not in second.text
    assert "Book 3 postings" in _text(second.text)


def test_formula_like_texts_are_kept_as_text(officer_client, officer, account, measure):
    content = (
        "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme\n"
        f'01.02.{Y};10,00;"=HYPERLINK(""http://evil.example"";""Klick"")";=1+1;3.1\n'
        f"02.02.{Y};20,00;@SUM(A1) <b>fett</b>;+49;3.1\n"
    )

    preview = _preview(officer_client, account, content)

    assert preview.status_code == 200
    assert "<b>fett</b>" not in preview.text
    assert "&lt;b&gt;fett&lt;/b&gt;" in preview.text
    _book(officer_client, account, _token(preview))
    texts = dict(Posting.objects.values_list("reference", "text"))
    assert texts == {
        "=1+1": '=HYPERLINK("http://evil.example";"Klick")',
        "+49": "@SUM(A1) <b>fett</b>",
    }


# ------------------------------------------------------------------ refused in the request


def test_an_upload_without_file_is_refused(officer_client, account):
    response = officer_client.post(reverse("programme:budget_import", args=[account.pk]), {})

    assert response.status_code == 400
    assert "Choose the CSV file to import." in _text(response.text)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "export.csv", "The file is empty."),
        (b" \r\n\r\n ", "export.csv", "The file is empty."),
        (b"\x81\x8d\x00binary", "export.csv", "This type of file is not accepted here."),
        (pdf_upload().read(), "export.csv", "This type of file is not accepted here."),
        (b"x" * (MAX_IMPORT_BYTES + 1), "export.csv", "The file is larger than 10 MB; split it."),
    ],
    ids=["empty", "blank", "binary", "pdf", "too-large"],
)
def test_a_bad_upload_is_refused_at_once(officer_client, account, content, name, message):
    response = _upload(officer_client, account, content, name)

    assert response.status_code == 400
    text = _text(response.text)
    assert message in text
    assert 'name="file"' in response.text and 'aria-invalid="true"' in response.text
    assert not Job.objects.exists() and not StoredFile.objects.exists()


def test_the_import_page_explains_the_columns(officer_client, account):
    response = officer_client.get(reverse("programme:budget_import", args=[account.pk]))

    assert response.status_code == 200
    assert "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart" in response.text
    assert "up to 10 MB and 20,000 rows" in _text(response.text)
