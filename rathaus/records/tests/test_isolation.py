"""Nobody reaches an e-file object they may not see: not staff of another town (on its own
host), not a clerk of another unit of the same town. Every page of the e-file, found by
walking the ``records`` URL namespace, is requested with the ids of one object of each
kind; the answer is 404 (or 405 where a page only takes POST), and nothing of the object
appears in it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in
from rathaus.records.models import (
    DeletionProtocol,
    DisposalBatch,
    DisposalMessage,
    FileShare,
    Route,
    RouteStep,
)

from .conftest import staff_with
from .factories import (
    DocumentFactory,
    FilePlanEntryFactory,
    ProcedureFactory,
    ProcedureNoteFactory,
    RecordFileFactory,
    add_version,
)

HOST_B = "musterstadt.localhost"
# Every title and text of the objects below carries this; no refused answer may.
MARK = "Lindenweg"


class Objects:
    """One e-file object of each kind, in the Bauamt of Weiterstadt (town A)."""

    def __init__(self, units, clerk, lead):
        self.plan_entry = FilePlanEntryFactory(code="63.1", title=f"Baugenehmigungen {MARK}")
        self.file = RecordFileFactory(
            plan_entry=self.plan_entry,
            unit=units["building"],
            title=f"Neubau {MARK} 12",
            description=f"Bauantrag {MARK}",
            has_personal_data=True,
        )
        self.share = FileShare.objects.create(file=self.file, user=lead, shared_by=clerk)
        self.procedure = ProcedureFactory(file=self.file, title=f"Prüfung {MARK}")
        self.note = ProcedureNoteFactory(procedure=self.procedure, text=f"Anruf {MARK}")
        self.document = DocumentFactory(procedure=self.procedure, title=f"Bauantrag {MARK}")
        self.version = add_version(self.document, f"Antrag {MARK} 12".encode(), user=clerk)
        self.route = Route.objects.create(
            procedure=self.procedure, subject=f"Mitzeichnung {MARK}", started_by=clerk
        )
        self.step = RouteStep.objects.create(
            route=self.route, position=1, kind="cosign", assigned_user=lead, state="pending"
        )
        self.batch = DisposalBatch.objects.create(created_by=clerk)
        self.message = DisposalMessage.objects.create(
            batch=self.batch,
            direction="out",
            type_code="0501",
            filename=f"{self.batch.pk}_0501_1.zip",
            content_type="application/zip",
            size=1,
            sha256="0" * 64,
        )
        self.protocol = DeletionProtocol.objects.create(
            file_id=self.file.pk,
            file_reference=f"{MARK}-alt",
            plan_code="63.1",
            procedure_count=1,
            document_count=1,
            version_count=1,
            basis=f"Test {MARK}",
            deleted_by=clerk,
            deleted_by_name="Clara Klein",
        )

    # URL names start with the kind of object their ``pk`` names (longest prefix wins).
    PREFIXES = (
        ("plan_entry", "plan_entry"),
        ("plan", "plan_entry"),
        ("share", "share"),
        ("file", "file"),
        ("procedure", "procedure"),
        ("note", "note"),
        ("document_version", "version"),
        ("document_download", "version"),
        ("version", "version"),
        ("document", "document"),
        ("route", "route"),
        ("step", "step"),
        ("batch", "batch"),
        ("message", "message"),
        ("disposal", "batch"),
        ("deletion_protocol", "protocol"),
        ("protocol", "protocol"),
    )

    # Pages whose ``pk`` names the object they are created in, not the one their name says.
    PARENTS = {
        "procedure_create": "file",
        "document_upload": "procedure",
        "document_version_upload": "document",
        "document_from_template": "procedure",
        "route_start": "procedure",
        "xdomea_export": "file",
    }

    def kwargs_for(self, name: str, keys: set[str]) -> dict | None:
        """The URL kwargs naming this set's object for the page ``name``; None if unknown."""
        short = name.split(":", 1)[1]
        kwargs = {}
        for key in keys:
            target = short if key == "pk" else key.removesuffix("_pk").removesuffix("_id")
            if key == "pk" and short in self.PARENTS:
                kwargs[key] = getattr(self, self.PARENTS[short]).pk
                continue
            for prefix, attribute in sorted(self.PREFIXES, key=lambda p: -len(p[0])):
                if target.startswith(prefix):
                    kwargs[key] = getattr(self, attribute).pk
                    break
            else:
                return None
        return kwargs


def records_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    """Every page of the e-file: its name and the names of its URL kwargs."""
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= records_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace == "records:":
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


def object_pages(objects) -> dict[str, dict]:
    return {name: objects.kwargs_for(name, keys) for name, keys in records_pages().items() if keys}


@pytest.fixture
def objects(units, clerk, lead):
    return Objects(units, clerk, lead)


@pytest.fixture
def staff_of_b(other_town):
    """Musterstadt's member of staff holding every role, signed in on Musterstadt's host."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Bauamt", code="60")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _assert_refused(client, url: str, where: str) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {404, 405}, f"{method.upper()} {where}: {response}"
        assert MARK not in _text(response), f"{method.upper()} {where} shows the object"


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    pages = object_pages(objects)
    assert pages, "the e-file has pages with objects"
    unknown = sorted(name for name, kwargs in pages.items() if kwargs is None)
    assert not unknown, f"teach Objects.PREFIXES which object these pages name: {unknown}"


def test_staff_of_another_town_get_404_for_every_object(objects, staff_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(staff_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_staff_of_another_town_see_nothing_of_this_town_on_plain_pages(objects, staff_of_b):
    for name, keys in records_pages().items():
        if keys:
            continue
        response = staff_of_b.get(reverse(name))
        assert response.status_code < 500, name
        assert MARK not in _text(response), f"{name} on town B's host"


# Pages of things every e-file user of the town may see (the file plan is the town's).
TOWN_WIDE = {"plan_entry"}


def test_a_clerk_of_another_unit_gets_404_for_the_units_objects(objects, other_clerk, client):
    sign_in(client, other_clerk, verified=True)
    for name, kwargs in object_pages(objects).items():
        if any(objects.kwargs_for(name, {key}) is not None for key in kwargs) and any(
            name.split(":")[1].startswith(prefix) for prefix in TOWN_WIDE
        ):
            continue
        _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another unit's clerk")


def test_the_same_pages_open_for_the_responsible_clerk(objects, clerk, client):
    """The ids above are real: the Bauamt's clerk opens the file, procedure and document."""
    sign_in(client, clerk, verified=True)
    for name in ("records:file_detail", "records:procedure_detail", "records:document_detail"):
        kwargs = object_pages(objects)[name]
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        assert MARK in _text(response), name


def test_an_archivist_does_not_see_open_files(objects):
    archivist = staff_with(Role.ARCHIVIST, None)
    client = sign_in(Client(), archivist, verified=True)
    response = client.get(reverse("records:file_detail", kwargs={"pk": objects.file.pk}))
    assert response.status_code == 404
