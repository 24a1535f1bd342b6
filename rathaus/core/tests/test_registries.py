"""Apps plug key figures and datasets into core's registries; consumers never import them."""

import sys
import textwrap

import pytest
from django.conf import settings
from django.test import override_settings

from rathaus.core.registries import (
    DatasetPublisher,
    DuplicateRegistration,
    KeyFigure,
    Registry,
    account_area_registry,
    autodiscover,
    kpi_registry,
    open_data_registry,
    register_account_area,
    register_dataset,
    register_kpi,
    visible_areas,
)


@pytest.fixture
def clean_registries():
    """Remove whatever a test registers, so tests cannot see each other's entries."""
    registries = (kpi_registry, open_data_registry, account_area_registry)
    before = {id(r): set(r._entries) for r in registries}
    yield
    for registry in registries:
        for key in set(registry._entries) - before[id(registry)]:
            registry.remove(key)


def test_register_kpi_adds_a_key_figure_with_its_app(clean_registries):
    @register_kpi(key="test.applications_online", label="Online applications", unit="%")
    def applications_online(town, period):
        return 42

    figure = kpi_registry.get("test.applications_online")
    assert isinstance(figure, KeyFigure)
    assert (figure.label, figure.unit, figure.app_label) == ("Online applications", "%", "core")
    assert figure.compute(None, None) == 42
    assert applications_online(None, None) == 42  # the decorator returns the function


def test_register_dataset_adds_a_publisher(clean_registries):
    @register_dataset(key="test.defects", title="Defect reports", keywords=["Straße", "Mängel"])
    def defects(town):
        return [{"month": "2026-01", "count": 3}]

    publisher = open_data_registry.get("test.defects")
    assert isinstance(publisher, DatasetPublisher)
    assert publisher.keywords == ("Straße", "Mängel")
    assert publisher.build(None) == [{"month": "2026-01", "count": 3}]
    assert "test.defects" in open_data_registry


def test_same_key_registered_twice_is_refused(clean_registries):
    @register_kpi(key="test.twice", label="First", unit="")
    def first(town, period):
        return 1

    with pytest.raises(DuplicateRegistration, match="test.twice"):

        @register_kpi(key="test.twice", label="Second", unit="")
        def second(town, period):
            return 2

    assert kpi_registry.get("test.twice").label == "First"


def test_registering_the_identical_entry_again_is_harmless():
    registry = Registry(KeyFigure)

    def compute(town, period):
        return 0

    entry = KeyFigure("a", "A", "", compute)
    registry.add(entry)
    registry.add(KeyFigure("a", "A", "", compute))
    assert len(registry) == 1


def test_registry_accepts_only_its_own_kind():
    with pytest.raises(TypeError):
        Registry(KeyFigure).add(DatasetPublisher("x", "X", build=lambda town: []))


def test_entries_are_listed_by_key():
    registry = Registry(KeyFigure)
    for key in ("b", "c", "a"):
        registry.add(KeyFigure(key, key.upper(), "", lambda town, period: 0))
    assert [entry.key for entry in registry.all()] == ["a", "b", "c"]
    registry.remove("b")
    assert [entry.key for entry in registry.all()] == ["a", "c"]


def test_an_account_area_is_listed_only_for_whom_it_is_visible(clean_registries):
    @register_account_area(key="test.council", title="Council", text="", url_name="core:home")
    def council_member(user):
        return user == "member"

    def keys(user):
        return [area.key for area in visible_areas(account_area_registry, user)]

    assert "test.council" in keys("member")
    assert "test.council" not in keys("visitor")
    assert account_area_registry.get("test.council").app_label == "core"


@pytest.fixture
def plugin_app(tmp_path, clean_registries):
    """A separate app, unknown to core, with its own kpis.py and open_data.py."""
    package = tmp_path / "rathaus_plugin_demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "kpis.py").write_text(
        textwrap.dedent(
            """
            from rathaus.core.registries import register_kpi

            @register_kpi(key="plugin.visits", label="Visits", unit="count")
            def visits(town, period):
                return 7
            """
        )
    )
    (package / "open_data.py").write_text(
        textwrap.dedent(
            """
            from rathaus.core.registries import register_dataset

            @register_dataset(key="plugin.visits", title="Visits per month")
            def visits(town):
                return []
            """
        )
    )
    sys.path.insert(0, str(tmp_path))
    yield "rathaus_plugin_demo"
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("rathaus_plugin_demo")]:
        del sys.modules[name]


def test_autodiscovery_finds_the_modules_of_every_installed_app(plugin_app):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, plugin_app]):
        autodiscover()
        figure = kpi_registry.get("plugin.visits")
        assert figure.compute(None, None) == 7
        assert figure.app_label == "rathaus_plugin_demo"
        assert open_data_registry.get("plugin.visits").title == "Visits per month"
        autodiscover()  # running it again (as every start does) registers nothing twice
        assert [e.key for e in kpi_registry.all()].count("plugin.visits") == 1


def test_apps_without_the_modules_are_skipped(plugin_app):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS]):
        autodiscover()
    assert "plugin.visits" not in kpi_registry
