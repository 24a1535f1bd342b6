"""The real client: the ``ckanapi`` command line and Python API, unchanged, against the
running server (the live server's host ``localhost`` is the test town's)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import ckanapi
import pytest

from rathaus.core.accounts.api_tokens import create_token

from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

CKANAPI = Path(sys.executable).with_name("ckanapi")


@pytest.fixture
def portal(live_server, statistics_unit):
    parking = DatasetFactory(
        name="parkplaetze",
        title="Parkplätze in der Innenstadt",
        keywords=["Verkehr"],
        themes=["TRAN"],
        organization=statistics_unit,
    )
    ResourceFactory(dataset=parking, format="CSV", url="https://weiterstadt.example/parken.csv")
    budget = DatasetFactory(name="haushalt-2026", title="Haushaltsplan 2026", themes=["ECON"])
    ResourceFactory(dataset=budget, format="PDF")
    DatasetFactory(name="entwurf", title="Parkplätze (Entwurf)", state=Dataset.State.DRAFT)
    return live_server.url


def ckanapi_cli(*args: str, url: str) -> str:
    environment = {
        **os.environ,
        # dump starts workers by the name ckanapi
        "PATH": f"{CKANAPI.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    completed = subprocess.run(
        [str(CKANAPI), *args, "-r", url],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_ckanapi_action_package_list(portal):
    assert json.loads(ckanapi_cli("action", "package_list", url=portal)) == [
        "haushalt-2026",
        "parkplaetze",
    ]


def test_ckanapi_action_package_show(portal):
    package = json.loads(ckanapi_cli("action", "package_show", "id=parkplaetze", url=portal))
    assert package["title"] == "Parkplätze in der Innenstadt"
    assert package["resources"][0]["url"] == "https://weiterstadt.example/parken.csv"
    assert package["organization"]["name"] == "statistik-und-wahlen"


def test_ckanapi_search_datasets(portal):
    lines = ckanapi_cli("search", "datasets", "q=Parkplätze", url=portal).splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["parkplaetze"]


def test_ckanapi_dump_datasets_all(portal):
    lines = ckanapi_cli("dump", "datasets", "--all", "-q", "-p", "1", url=portal).splitlines()
    packages = [json.loads(line) for line in lines]
    assert [package["name"] for package in packages] == ["haushalt-2026", "parkplaetze"]
    parking = packages[1]
    assert parking["state"] == "active"
    assert parking["num_resources"] == 1
    assert parking["resources"][0]["format"] == "CSV"
    assert [group["name"] for group in parking["groups"]] == ["tran"]


def test_the_python_api_searches_and_reports_ckans_errors(portal):
    with ckanapi.RemoteCKAN(portal) as remote:  # closing its connection at the end
        check_reads_and_errors(remote)


def check_reads_and_errors(remote):
    found = remote.action.package_search(
        q="Haushaltsplan", fq="groups:econ", **{"facet.field": ["groups"]}
    )
    assert found["count"] == 1
    assert found["results"][0]["name"] == "haushalt-2026"
    assert found["search_facets"]["groups"]["items"] == [
        {"name": "econ", "display_name": "Economy and finance", "count": 1}
    ]
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id="entwurf")
    with pytest.raises(ckanapi.ValidationError):
        remote.action.package_show()
    with pytest.raises(ckanapi.SearchQueryError):
        remote.action.package_search(fq="notes:geheim")
    with pytest.raises(ckanapi.NotAuthorized):
        remote.action.package_create(name="neu", owner_org="statistik-und-wahlen")
    with pytest.raises(ckanapi.CKANAPIError):
        remote.action.package_shw()


def test_the_python_api_writes_with_a_stewards_token(portal, steward):
    token = create_token(actor=steward, name="ckanapi")[1]
    with ckanapi.RemoteCKAN(portal, apikey=token) as remote:
        check_writes(remote)


def check_writes(remote):
    package = remote.action.package_create(
        name="baumkataster",
        title="Baumkataster",
        notes="Standorte der Straßenbäume.",
        owner_org="statistik-und-wahlen",
        maintainer="Grünflächenamt",
        maintainer_email="gruen@weiterstadt.example",
    )
    assert package["state"] == "draft"
    patched = remote.action.package_patch(id=package["id"], title="Baumkataster 2026")
    assert patched["title"] == "Baumkataster 2026"
    assert remote.action.package_show(id="baumkataster")["state"] == "draft"
