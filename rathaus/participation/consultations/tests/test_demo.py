"""The demo draft bylaw with five sections and comments of demo citizens."""

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.registries import demo_data_registry
from rathaus.participation.engagement.models import Comment

from ..models import Draft, Section


def test_the_demo_draft_is_loaded_once(process):
    people = {
        email: UserFactory(email=email)
        for email in (
            "erika.mustermann@example.org",
            "hans.beispiel@example.org",
            "fatma.demir@example.org",
        )
    }
    load = demo_data_registry.get("consultations").load
    assert load(units={}, people=people) == 10
    assert load(units={}, people=people) == 0
    draft = Draft.objects.get()
    assert draft.title == "Satzung über die Benutzung des Marktplatzes"
    assert Section.objects.filter(draft=draft).count() == 5
    assert Comment.objects.count() == 4


def test_without_the_process_the_demo_adds_nothing():
    assert demo_data_registry.get("consultations").load(units={}, people={}) == 0
