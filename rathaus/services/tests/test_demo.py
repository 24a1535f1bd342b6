"""The demo town's online services: three realistic services and a waiting application."""

from django.core.management import call_command

from rathaus.core.tenancy import for_town
from rathaus.records.models import Document
from rathaus.records.tests.test_demo import load_demo
from rathaus.services import kpis
from rathaus.services.models import Application, Service


def test_demo_town_offers_three_services_and_a_paid_application_waits():
    town = load_demo()
    with for_town(town):
        names = set(Service.objects.published().values_list("name", flat=True))
        assert names == {"Bewohnerparkausweis", "Gewerbeanmeldung", "Sperrmüllabholung"}
        assert all(
            s.form_versions.filter(published_at__isnull=False).exists()
            for s in Service.objects.all()
        )
        application = Application.objects.get()
        assert application.state == "submitted"
        assert application.fee_cents == 3070
        assert Document.objects.filter(procedure=application.procedure).count() == 2
        first = (Service.objects.count(), Application.objects.count())
    assert kpis.applications_online(town, None) == 1
    assert kpis.online_services(town, None) == 3
    call_command("load_demo", verbosity=0)
    with for_town(town):
        assert (Service.objects.count(), Application.objects.count()) == first


def test_bulky_waste_needs_a_collection_date_before_it_can_be_sent(
    client, django_capture_on_commit_callbacks
):
    """Without an account: a date from the crew's windows, then the e-mail confirmation."""
    import re
    import uuid

    from django.core import mail

    from rathaus.services.appointments.models import Appointment

    town = load_demo()
    client = client.__class__(HTTP_HOST="localhost")
    with for_town(town):
        response = client.post("/antraege/neu/sperrmuellabholung/")
        application = Application.objects.get(applicant=None)
        page = f"/antraege/{application.pk}/seite/0/"
        assert response["Location"] == page
        response = client.post(
            page,
            {
                "a-f-name": "Karl Kübel",
                "a-f-abholadresse-street": "Am Park 2",
                "a-f-abholadresse-postcode": "64331",
                "a-f-abholadresse-city": "Weiterstadt",
                "a-f-menge": "5",
                "a-f-gegenstaende": ["moebel", "teppiche"],
                "action": "next",
            },
        )
        check = client.get(f"/antraege/{application.pk}/pruefen/").content.decode()
        assert "20,00" in check or "20.00" in check
        booking = re.search(r'href="(/termine/sperrmuellabholung/\?[^"]+)"', check).group(1)
        booking = booking.replace("&amp;", "&")
        refused = client.post(
            f"/antraege/{application.pk}/pruefen/", {"submission_key": str(uuid.uuid4())}
        )
        assert refused.status_code == 200
        application.refresh_from_db()
        assert application.is_draft

        day_page = client.get(booking).content.decode()
        day = re.search(r"tag=(\d{4}-\d{2}-\d{2})", day_page).group(1)
        slots = client.get(f"{booking}&tag={day}").content.decode()
        starts_at = re.search(r'name="starts_at" value="([^"]+)"', slots).group(1)
        booked = client.post(
            f"{booking}&tag={day}",
            {"starts_at": starts_at, "name": "Karl Kübel", "email": "karl@example.org"},
        )
        assert booked.status_code == 302, re.findall(
            r"rh-error-summary.*?</ul>", booked.content.decode(), re.S
        )
        assert Appointment.objects.get().application == application

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(
                f"/antraege/{application.pk}/pruefen/",
                {"submission_key": str(uuid.uuid4()), "c-email": "karl@example.org"},
            )
        assert sent.status_code == 302
        application.refresh_from_db()
        assert application.state == "confirming"
        link = re.search(r"https?://\S+/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
        path = "/" + link.split("/", 3)[3]
        assert client.get(path).status_code == 200
        client.post(path)
        application.refresh_from_db()
        assert application.state == "paying"
        assert application.fee_cents == 2000
