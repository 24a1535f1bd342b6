"""Importing the finance system's CSV export: German numbers and dates, ";" or ",", UTF-8
or Windows-1252, columns by header; a preview that names every problem by row and
column; nothing booked when any row is bad; voucher numbers booked already skipped; texts
that look like formulas kept as text."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry

from ..budget_import import parse_amount, parse_category, parse_date, read_import_file
from ..exceptions_plan import ImportNotValid
from ..models import Posting
from ..services import budget as services
from ..views_budget import IMPORT_SALT
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    MeasureFactory,
    PostingFactory,
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


def _payload(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.text).group(1)


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


# ------------------------------------------------------------------ booking


def test_the_officer_previews_and_books_a_file(officer_client, officer, account, measure):
    preview = _upload(officer_client, account, GOOD)

    assert preview.status_code == 200
    text = _text(preview.text)
    assert "3 rows read." in text
    assert "3 postings of 2,094.56 € in all will be booked." in text
    assert "Book 3 postings" in text
    assert not Posting.objects.exists()

    response = officer_client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"payload": _payload(preview)}
    )

    assert response.status_code == 302
    postings = Posting.objects.order_by("booked_on")
    assert [(p.reference, p.amount, p.source) for p in postings] == [
        (f"RE-{Y}-0042", D("1234.56"), Posting.Source.IMPORT),
        (f"GS-{Y}-0001", D("-120.00"), Posting.Source.IMPORT),
        (f"RE-{Y}-0050", D("980.00"), Posting.Source.IMPORT),
    ]
    assert all(p.recorded_by == officer for p in postings)
    assert AuditEntry.objects.filter(summary="postings imported").exists()
    assert AuditEntry.objects.filter(summary__startswith="posting imported").count() == 3
    page = _text(officer_client.get(response["Location"]).text)
    assert "3 postings are booked." in page


def test_nothing_is_booked_when_a_row_is_bad(officer_client, account, measure):
    content = GOOD + f"01.05.{Y};viel;Unklar;RE-{Y}-0099;3.1;\n"

    response = _upload(officer_client, account, content)

    assert response.status_code == 400
    text = _text(response.text)
    assert "Nothing is booked: the file has problems" in text
    assert "Row 5, column “Betrag”: “viel” is not an amount in euros" in text
    assert 'name="payload"' not in response.text
    assert not Posting.objects.exists()


def test_the_service_books_all_or_nothing(officer, account, measure):
    content = GOOD + f"01.05.{Y};1,00;Gut;RE-{Y}-0100;9.9;\n"

    with pytest.raises(ImportNotValid) as refused:
        services.import_postings(actor=officer, account=account, text=content)

    assert not Posting.objects.exists()
    assert [problem.row for problem in refused.value.preview.problems] == [5]


def test_voucher_numbers_booked_already_are_skipped_and_reported(officer_client, account, measure):
    PostingFactory(account=account, reference=f"RE-{Y}-0042", amount=D("1234.56"))

    preview = _upload(officer_client, account, GOOD)

    text = _text(preview.text)
    assert "2 postings of 860.00 € in all will be booked." in text
    assert "1 row is skipped: its voucher number is booked already." in text
    assert "Skipped: booked already" in text
    response = officer_client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"payload": _payload(preview)}
    )
    assert Posting.objects.count() == 3
    page = _text(officer_client.get(response["Location"]).text)
    assert "2 postings are booked." in page
    assert f"1 row was skipped: its voucher number is booked already (RE-{Y}-0042)." in page


def test_a_voucher_booked_between_preview_and_booking_is_skipped(officer_client, account, measure):
    preview = _upload(officer_client, account, GOOD)
    PostingFactory(account=account, reference=f"GS-{Y}-0001", amount=D("-120"))

    officer_client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"payload": _payload(preview)}
    )

    assert Posting.objects.filter(reference=f"GS-{Y}-0001").count() == 1
    assert Posting.objects.count() == 3


def test_the_same_voucher_on_another_account_is_booked(officer, account, measure):
    other = BudgetAccountFactory(number="54320000")
    PostingFactory(account=other, reference=f"RE-{Y}-0042")

    result = services.import_postings(actor=officer, account=account, text=GOOD)

    assert len(result.booked) == 3 and not result.skipped


def test_a_tampered_or_foreign_payload_books_nothing(officer_client, account, measure):
    url = reverse("programme:budget_import_book", args=[account.pk])
    forged = signing.dumps({"account": str(account.pk), "text": GOOD, "name": "x"}, salt="other")
    other = BudgetAccountFactory(number="54320000")
    for_other = signing.dumps(
        {"account": str(other.pk), "text": GOOD, "name": "x"}, salt=IMPORT_SALT
    )

    for payload in ("", "nonsense", forged, for_other):
        response = officer_client.post(url, {"payload": payload})
        assert response.status_code == 302
        assert response["Location"] == reverse("programme:budget_import", args=[account.pk])
    assert not Posting.objects.exists()


def test_formula_like_texts_are_kept_as_text(officer_client, officer, account, measure):
    content = (
        "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme\n"
        f'01.02.{Y};10,00;"=HYPERLINK(""http://evil.example"";""Klick"")";=1+1;3.1\n'
        f"02.02.{Y};20,00;@SUM(A1) <b>fett</b>;+49;3.1\n"
    )

    preview = _upload(officer_client, account, content)

    assert preview.status_code == 200
    assert "<b>fett</b>" not in preview.text
    assert "&lt;b&gt;fett&lt;/b&gt;" in preview.text
    officer_client.post(
        reverse("programme:budget_import_book", args=[account.pk]), {"payload": _payload(preview)}
    )
    texts = dict(Posting.objects.values_list("reference", "text"))
    assert texts == {
        "=1+1": '=HYPERLINK("http://evil.example";"Klick")',
        "+49": "@SUM(A1) <b>fett</b>",
    }


def test_an_upload_without_file_is_refused(officer_client, account):
    response = officer_client.post(reverse("programme:budget_import", args=[account.pk]), {})

    assert response.status_code == 400
    assert "Choose the CSV file to import." in _text(response.text)


def test_the_import_page_explains_the_columns(officer_client, account):
    response = officer_client.get(reverse("programme:budget_import", args=[account.pk]))

    assert response.status_code == 200
    assert "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart" in response.text
