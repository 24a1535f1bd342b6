"""Town scopes: queries see only the active town, writes stay in it, and forgetting the
scope fails loudly instead of leaking another town's rows."""

import contextvars

import pytest
from django.contrib.auth.models import Group

from rathaus.core.accounts.models import Membership, Unit, User
from rathaus.core.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.jobs.models import Job
from rathaus.core.models import AccessibilityFeedback, Town
from rathaus.core.notifications.models import Message
from rathaus.core.tenancy import (
    CrossTownWrite,
    ScopeError,
    TownOwned,
    current_town,
    current_town_id,
    for_town,
    scopes_disabled,
    town_owned_models,
)
from rathaus.core.uploads.models import StoredFile


def outside_any_town(function, *args, **kwargs):
    """Run ``function`` as a process without a request would: with no town's scope."""
    return contextvars.Context().run(function, *args, **kwargs)


def test_query_without_a_town_raises_scope_error():
    UnitFactory()
    with pytest.raises(ScopeError):
        outside_any_town(lambda: list(Unit.objects.all()))
    with pytest.raises(ScopeError):
        outside_any_town(lambda: User.objects.count())


@pytest.mark.parametrize("model", town_owned_models(), ids=lambda model: model._meta.label)
def test_every_town_owned_model_refuses_queries_without_a_town(model):
    for query in (
        lambda: list(model.objects.all()),
        lambda: model.objects.count(),
        lambda: model.objects.first(),
        lambda: list(model.objects.exclude(pk=None)),
        lambda: model.objects.update(pk=None),
        lambda: model.objects.all().delete(),
    ):
        with pytest.raises(ScopeError):
            outside_any_town(query)


@pytest.mark.parametrize(
    "query",
    [
        lambda: Unit.objects.exists(),
        lambda: Unit.objects.exclude(code="0").exists(),
        lambda: Unit.objects.select_related("parent").exists(),
    ],
    ids=["exists", "exclude-exists", "select_related-exists"],
)
def test_exists_without_a_town_raises_scope_error(query):
    UnitFactory()
    with pytest.raises(ScopeError):
        outside_any_town(query)


def test_the_foundations_town_owned_models_are_all_scoped():
    labels = {model._meta.label for model in town_owned_models()}
    assert {
        "accounts.User",
        "accounts.Unit",
        "accounts.RoleAssignment",
        "accounts.Organisation",
        "accounts.Membership",
        "accounts.Invitation",
        "accounts.EmailChange",
        "accounts.DeletionRequest",
        "accounts.OidcIdentity",
        "core.AccessibilityFeedback",
        "audit.AuditEntry",
        "notifications.Message",
        "uploads.StoredFile",
        "jobs.Job",
    } <= labels


def test_queries_see_only_the_active_towns_rows(town, other_town):
    UnitFactory(name="Bauamt Weiterstadt", code="60")
    with for_town(other_town):
        UnitFactory(name="Bauamt Musterstadt", code="60")
        assert list(Unit.objects.values_list("name", flat=True)) == ["Bauamt Musterstadt"]
    assert list(Unit.objects.values_list("name", flat=True)) == ["Bauamt Weiterstadt"]
    with scopes_disabled():
        assert Unit.objects.count() == 2


def test_a_row_of_another_town_is_not_found_by_its_id(other_town):
    with for_town(other_town):
        theirs = UnitFactory()
    with pytest.raises(Unit.DoesNotExist):
        Unit.objects.get(pk=theirs.pk)


def test_new_rows_belong_to_the_active_town(town, other_town):
    assert UnitFactory().town == town
    with for_town(other_town):
        unit = Unit.objects.create(name="Ordnungsamt", code="32")
        feedback = AccessibilityFeedback.objects.create(message="Kontrast zu schwach")
        person = UserFactory()
        message = Message.objects.create(recipient=person, subject="Hallo", body="Text")
        job = Job.objects.create(label="Export", task_path="x")
    for row in (unit, feedback, person, message, job):
        assert row.town_id == other_town.pk, row._meta.label


def test_the_town_default_follows_the_scope_at_creation_time(town, other_town):
    field = Unit._meta.get_field("town")
    assert field.get_default() == town.pk
    with for_town(other_town):
        assert field.get_default() == other_town.pk
        assert (current_town(), current_town_id()) == (other_town, other_town.pk)
    assert current_town() == town
    assert outside_any_town(current_town) is None


def test_saving_a_row_of_one_town_in_another_towns_scope_is_refused(other_town):
    unit = UnitFactory(name="Bauamt")
    with for_town(other_town):
        unit.name = "Übernommen"
        with pytest.raises(CrossTownWrite):
            unit.save()
        with pytest.raises(CrossTownWrite):
            Unit(name="Untergeschoben", code="1", town=Town.objects.get(pk=unit.town_id)).save()
    unit.refresh_from_db()
    assert unit.name == "Bauamt"


def test_a_row_cannot_be_moved_to_another_town_from_its_own_scope(other_town):
    unit = UnitFactory()
    unit.town = other_town
    with pytest.raises(CrossTownWrite):
        unit.save()


def test_bulk_updates_stay_inside_the_active_town(town, other_town):
    UnitFactory(name="Hier")
    with for_town(other_town):
        UnitFactory(name="Dort")
    assert Unit.objects.update(is_active=False) == 1
    with for_town(other_town):
        assert Unit.objects.get().is_active is True


def test_same_e_mail_address_is_one_account_per_town(other_town):
    UserFactory(email="gleich@example.org")
    with for_town(other_town):
        UserFactory(email="gleich@example.org")
    with scopes_disabled():
        assert User.objects.filter(email_lookup=User.objects.first().email_lookup).count() == 2


def test_models_that_are_not_town_owned_stay_unscoped():
    assert not issubclass(Town, TownOwned)
    assert not issubclass(Group, TownOwned)
    assert outside_any_town(lambda: Town.objects.count()) >= 1


def test_scopes_nest_and_restore(town, other_town):
    with for_town(other_town):
        with scopes_disabled():
            assert StoredFile.objects.count() == 0  # allowed: scopes are off
        with for_town(town):
            assert current_town() == town
        assert current_town() == other_town
    assert current_town() == town


def test_a_row_cannot_point_at_a_row_of_another_town(other_town):
    organisation = OrganisationFactory()
    with for_town(other_town):
        person = UserFactory()
        try:
            MembershipFactory(organisation=organisation, user=person)
        except CrossTownWrite:
            return
    with scopes_disabled():
        assert not Membership.objects.filter(organisation=organisation, user=person).exists()
