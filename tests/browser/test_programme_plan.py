"""The programme's plan and budget account in a real browser (German, as the town's staff
see it).

The e-Government officer opens the roadmap, where an overdue measure is hatched and
labelled, and jumps to its table alternative; looks at the cost plan and the staff plan;
adds the licence costs of a measure to the cost plan, records a posting on the budget
account, sees the remaining budget go down and the posting as the licences' actual cost; and
previews an import of the finance system's export (checked and booked by background jobs,
whose pages lead on), which names the bad row. Every page passes axe-core (see conftest.py).
Selectors use addresses and field names, not texts, so the test holds before and after the
German translations are compiled.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import PASSWORD, sign_in

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.programme.models import Measure, Posting
from rathaus.programme.tests.factories import (
    BudgetAccountFactory,
    BudgetAllocationFactory,
    CostItemFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MilestoneFactory,
    PostingFactory,
    StaffPlanEntryFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def officer():
    user = StaffFactory(
        email="sabine.krueger@weiterstadt.example",
        password=PASSWORD,
        given_name="Sabine",
        family_name="Krüger",
    )
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    RoleAssignmentFactory(user=user, role=Role.EGOV_OFFICER, unit=None)
    return user


@pytest.fixture
def programme():
    today = timezone.localdate()
    year = today.year
    paper = FieldOfActionFactory(title="Papierarme Verwaltung (E-Akte)", position=1)
    online = FieldOfActionFactory(title="Online-Dienste", position=2)
    bauamt = MeasureFactory(
        field=paper,
        code="3.1",
        title="E-Akte im Bauamt einführen",
        status=Measure.Status.IN_PROGRESS,
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today - datetime.timedelta(days=20),
    )
    MilestoneFactory(
        measure=bauamt, title="Pilot im Bauamt", due_on=today - datetime.timedelta(days=60)
    )
    parking = MeasureFactory(
        field=online,
        code="1.1",
        title="Bewohnerparkausweis online",
        status=Measure.Status.DONE,
        starts_on=datetime.date(year - 1, 4, 1),
        ends_on=datetime.date(year - 1, 12, 31),
    )
    MilestoneFactory(
        measure=parking,
        title="Freischaltung",
        due_on=datetime.date(year - 1, 12, 1),
        reached_on=datetime.date(year - 1, 11, 28),
    )
    CostItemFactory(measure=bauamt, category="services", planned=Decimal("28000"))
    StaffPlanEntryFactory(unit=UnitFactory(code="60", name="Bauamt"), fte=Decimal("0.8"))
    account = BudgetAccountFactory(number="54310000", title="Digitalisierung / E-Government")
    BudgetAllocationFactory(account=account, year=year, amount=Decimal("50000"))
    PostingFactory(
        account=account,
        measure=bauamt,
        category="services",
        amount=Decimal("12000"),
        booked_on=today - datetime.timedelta(days=1),
        text="Einführung E-Akte Bauamt, 1. Abschlag",
    )
    return {"bauamt": bauamt, "account": account}


def test_roadmap_with_its_table_alternative(page, visit, officer, programme):
    roadmap = reverse("programme:plan_roadmap")
    sign_in(page, visit, officer, roadmap)

    chart = page.locator("main svg[role=img]")
    assert chart.is_visible()
    assert chart.locator("title").text_content().startswith(("Roadmap", "Fahrplan"))
    assert chart.locator("[fill='url(#roadmap-overdue)']").count() >= 2
    page.locator("main a[href='#roadmap-table']").click()
    assert page.evaluate("() => location.hash") == "#roadmap-table"
    table = page.locator("main table").first
    row = table.locator("tr", has_text="E-Akte im Bauamt einführen")
    assert "Pilot im Bauamt" in row.inner_text()
    assert row.locator("strong").count() == 1  # the overdue mark, in words

    page.select_option("select[name=status]", "done")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"status=done"))
    assert "Bewohnerparkausweis online" in page.locator("main table").first.inner_text()
    assert "E-Akte im Bauamt" not in page.locator("main table").first.inner_text()


def test_officer_records_a_posting_and_sees_the_remaining_budget(page, visit, officer, programme):
    account = programme["account"]
    sign_in(page, visit, officer, reverse("programme:plan_costs"))
    assert "28.000,00" in page.locator("main").inner_text()
    visit(reverse("programme:plan_staff"))
    assert "0,80" in page.locator("main").inner_text()

    # The measure gets its licence costs in the plan.
    measure = programme["bauamt"]
    year = timezone.localdate().year
    visit(reverse("programme:plan_cost_new") + f"?measure={measure.pk}&year={year}")
    page.check("input[name=kind][value=running]")
    page.select_option("select[name=category]", "licences")
    page.fill("input[name=description]", "Lizenzen E-Akte")
    page.fill("input[name=planned]", "5.000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("programme:plan_costs"))))
    assert "5.000,00" in page.locator("main").inner_text()
    assert measure.costs.get(category="licences").planned == Decimal("5000")

    account_url = reverse("programme:budget_account", args=[account.pk])
    visit(account_url)
    # 50.000,00 − 12.000,00
    assert "38.000,00" in page.locator("#remaining-budget").inner_text()

    page.locator(
        f"main a[href='{reverse('programme:budget_posting_new', args=[account.pk])}']"
    ).click()
    page.wait_for_url(re.compile(r"/buchungen/neu/$"))
    today = timezone.localdate()
    page.fill("input[name=booked_on_0]", str(today.day))
    page.fill("input[name=booked_on_1]", str(today.month))
    page.fill("input[name=booked_on_2]", str(today.year))
    page.fill("input[name=amount]", "1.234,56")
    page.fill("input[name=text]", "Lizenz E-Akte 4. Quartal")
    page.fill("input[name=reference]", "RE-2026-0815")
    page.select_option("select[name=measure]", str(programme["bauamt"].pk))
    page.select_option("select[name=category]", "licences")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(account_url)))

    # 38.000,00 − 1.234,56
    assert "36.765,44" in page.locator("#remaining-budget").inner_text()
    assert "Lizenz E-Akte 4. Quartal" in page.locator("main table").first.inner_text()
    posting = Posting.objects.get(reference="RE-2026-0815")
    assert posting.amount == Decimal("1234.56") and posting.recorded_by == officer

    # The posting is the licences' actual cost in the plan.
    visit(reverse("programme:plan_costs") + f"?year={year}")
    per_measure = page.locator("main table").first
    assert per_measure.locator("caption").inner_text().startswith("Kosten je Maßnahme")
    licences = per_measure.locator("tr", has=page.locator("th", has_text=re.compile("^Lizenzen$")))
    assert "1.234,56" in licences.inner_text()


def test_an_import_preview_names_the_bad_row(page, visit, officer, programme, tmp_path):
    account = programme["account"]
    year = timezone.localdate().year
    main = page.locator("main")
    preview_link = main.locator("a[href*='/import/vorschau/?token=']")
    export = tmp_path / "export.csv"
    export.write_bytes(
        (
            "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart\r\n"
            f"15.03.{year};1.234,56;Lizenz E-Akte;RE-1;3.1;Lizenzen\r\n"
            f"16.03.{year};viel;Unklar;RE-2;3.1;\r\n"
        ).encode("cp1252")
    )
    import_url = reverse("programme:budget_import", args=[account.pk])
    sign_in(page, visit, officer, import_url)

    # The upload is checked by a background job; its page leads to the preview.
    page.set_input_files("input[name=file]", str(export))
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    assert "100" in main.locator("progress").get_attribute("value")
    preview_link.click()
    page.wait_for_selector("#import-problems")
    problems = page.locator("#import-problems").inner_text()
    assert "3" in problems and "Betrag" in problems and "viel" in problems
    assert not Posting.objects.filter(reference="RE-1").exists()

    # The corrected file, uploaded from the preview of the bad one.
    export.write_bytes(
        (
            "Buchungsdatum;Betrag;Buchungstext;Belegnummer;Maßnahme;Kostenart\r\n"
            f"15.03.{year};1.234,56;Lizenz E-Akte;RE-1;3.1;Lizenzen\r\n"
        ).encode("cp1252")
    )
    page.set_input_files("input[name=file]", str(export))
    main.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    preview_link.click()
    page.wait_for_selector("input[name=token]", state="attached")

    # Booking is a second job; its page leads back to the account's postings.
    main.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/auftraege/[0-9a-f-]+/$"))
    account_url = reverse("programme:budget_account", args=[account.pk])
    main.locator(f"a[href^='{account_url}']").click()
    page.wait_for_url(re.compile(r"#postings$"))
    assert Posting.objects.get(reference="RE-1").amount == Decimal("1234.56")
