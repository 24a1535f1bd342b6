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
