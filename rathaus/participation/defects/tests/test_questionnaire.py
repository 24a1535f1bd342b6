"""“Is it fixed?”: asked once after the configured days; a “no” reopens the report."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rathaus.core.notifications.models import Message

from ..models import ReportUpdate, Status
from ..services.questionnaire import send_questionnaires
from .factories import ReportFactory

LINK = re.compile(r"https?://testserver(?::\d+)?(/maengelmelder/behoben/\S+)")


@pytest.fixture
def fixed(defect_settings, potholes):
    return ReportFactory(
        category=potholes,
        number=11,
        status=Status.FIXED,
        fixed_at=timezone.now() - datetime.timedelta(days=29),
    )


def _ask(outbox, capture) -> str:
    with capture(execute=True):
        call_command("defects_questionnaire", "--host", "testserver")
    return LINK.search(outbox[-1].body).group(1)


def test_the_reporter_is_asked_once_after_the_days(
    fixed, potholes, outbox, django_capture_on_commit_callbacks
):
    ReportFactory(
        category=potholes,
        number=12,
        status=Status.FIXED,
        fixed_at=timezone.now() - datetime.timedelta(days=3),
    )
    _ask(outbox, django_capture_on_commit_callbacks)
    assert [m.to for m in outbox] == [["melder@example.org"]]
    assert send_questionnaires() == 0


def test_no_question_when_the_town_switched_it_off(fixed, defect_settings):
    defect_settings.questionnaire_after_days = 0
    defect_settings.save()
    assert send_questionnaires() == 0


def test_no_reopens_the_report_and_alerts_the_unit(
    client, fixed, clerk, outbox, django_capture_on_commit_callbacks
):
    link = _ask(outbox, django_capture_on_commit_callbacks)
    page = client.get(link)
    assert page.status_code == 200 and "Has the problem been fixed?" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"fixed": "nein", "comment": "Das Loch ist <i>noch</i> da."})
    assert response.status_code == 302
    fixed.refresh_from_db()
    assert fixed.status == Status.CONFIRMED and fixed.fixed_at is None
    last = ReportUpdate.objects.filter(report=fixed).last()
    assert (last.status, last.note) == (Status.CONFIRMED, "Das Loch ist <i>noch</i> da.")
    assert Message.objects.filter(
        recipient=clerk, link=reverse("defects_staff:report", args=[11])
    ).exists()
    html = client.get(fixed.get_absolute_url()).content.decode()
    assert "Das Loch ist &lt;i&gt;noch&lt;/i&gt; da." in html
    # The link works once.
    assert client.get(link).status_code == 400


def test_yes_keeps_it_fixed(client, fixed, outbox, django_capture_on_commit_callbacks):
    link = _ask(outbox, django_capture_on_commit_callbacks)
    client.post(link, {"fixed": "ja"})
    fixed.refresh_from_db()
    assert fixed.status == Status.FIXED and fixed.questionnaire_answered_at is not None


def test_a_forged_link_is_refused(client, fixed):
    assert client.get(reverse("defects:questionnaire", args=["forged"])).status_code == 400


def test_the_task_asks_every_town(fixed, outbox, django_capture_on_commit_callbacks):
    from ..tasks import send_questionnaires_of_all_towns

    with django_capture_on_commit_callbacks(execute=True):
        result = send_questionnaires_of_all_towns()
    assert sum(result.values()) == 1
