"""The demo town's e-file: loaded with the demo town, once, and usable at once."""

from io import StringIO

from django.core.management import call_command

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town
from rathaus.records.models import Document, FilePlanEntry, Procedure, RecordFile, RouteStep


def load_demo() -> Town:
    call_command("load_demo", stdout=StringIO())
    return Town.objects.for_host("127.0.0.1")


def person(email: str) -> User:
    return User.objects.get(email_lookup=email_lookup_for(email))


def counts() -> tuple:
    return tuple(
        model.objects.count() for model in (FilePlanEntry, RecordFile, Procedure, Document)
    )


def test_demo_town_has_a_file_plan_files_and_a_file_due_for_disposal():
    town = load_demo()
    with for_town(town):
        first = counts()
        assert FilePlanEntry.objects.get(code="63.1").parent.code == "63"
        application = RecordFile.objects.get(title__startswith="Bauantrag Neubau")
        assert application.reference.startswith("60-63.1/0001/")
        documents = Document.objects.filter(procedure__file=application)
        assert documents.count() == 2
        assert all(d.current_version.text_state == "done" for d in documents)
        assert "Lindenweg" in " ".join(d.current_version.text for d in documents)
        assert list(RecordFile.objects.due_for_disposal().values_list("title", flat=True)) == [
            "Bauvoranfrage Gartenstraße 3"
        ]
        lead = person("thomas.becker@weiterstadt.example")
        assert (
            RouteStep.objects.inbox_of(lead)
            .get()
            .route.document.title.startswith("Eingangsbestätigung")
        )
        clerk_32 = person("murat.yildiz@weiterstadt.example")
        assert not RecordFile.objects.visible_to(clerk_32).filter(pk=application.pk).exists()
    load_demo()
    with for_town(town):
        assert counts() == first
