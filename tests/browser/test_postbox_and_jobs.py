"""Postbox and job pages in a real browser: they pass axe-core and the CSP, and a job's
progress page follows the job without a reload (the optional JavaScript)."""

import re

import pytest
from playwright.sync_api import expect

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import report_progress
from rathaus.core.notifications.models import Message

pytestmark = pytest.mark.browser

PASSWORD = "Sonnenblume-Weiterstadt-42"


def sign_in(page, visit, email):
    visit("/konto/anmelden/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/konto/"))


def test_postbox_pages_pass_axe(page, visit):
    person = UserFactory(email="post@example.org", password=PASSWORD)
    message = Message.objects.create(
        recipient=person, subject="Ihr Antrag", body="Er ist eingegangen.", link="/konto/"
    )
    Message.objects.create(
        recipient=person, subject="Gelesen", body="x", read_at=message.created_at
    )
    sign_in(page, visit, "post@example.org")
    visit("/postfach/")
    expect(page.locator("h1")).to_have_text("Postfach")
    expect(page.locator(".rh-postbox__unread")).to_have_count(1)
    page.get_by_role("link", name="Ihr Antrag").click()
    expect(page.locator("h1")).to_have_text("Ihr Antrag")
    visit("/postfach/")
    expect(page.locator(".rh-postbox__unread")).to_have_count(0)


def test_job_page_follows_progress_and_shows_the_end(page, visit):
    person = UserFactory(email="jobs@example.org", password=PASSWORD)
    job = Job.objects.create(label="Export", task_path="x", started_by=person, state="running")
    report_progress(job.pk, done=1, total=4, message="Akte 1 von 4")
    sign_in(page, visit, "jobs@example.org")
    visit("/auftraege/")
    visit(f"/auftraege/{job.pk}/")
    expect(page.locator("progress")).to_have_attribute("value", "25")

    report_progress(job.pk, done=3, total=4, message="Akte 3 von 4")
    expect(page.locator("[data-job-message]")).to_have_text("Akte 3 von 4", timeout=8000)
    expect(page.locator("[data-job-percent]")).to_have_text("75")

    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, done=4)
    expect(page.locator("[data-job-state]")).to_have_text("Fertig", timeout=8000)
    expect(page.get_by_role("link", name="Aktualisieren")).to_have_count(0, timeout=8000)
