from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rathaus.core.models import Town


def test_create_town_serves_it_under_its_hosts(client):
    call_command(
        "create_town",
        "--name=Griesheim",
        "--ags=06432008",
        "--host=griesheim.localhost",
        "--host=www.griesheim.localhost",
        stdout=StringIO(),
    )
    town = Town.objects.for_host("www.griesheim.localhost")
    assert town.name == "Griesheim" and town.primary_host == "griesheim.localhost"
    page = client.get("/", HTTP_HOST="griesheim.localhost").content.decode()
    assert "Griesheim" in page


def test_a_host_serves_only_one_town():
    with pytest.raises(CommandError, match="Already served: testserver"):
        call_command("create_town", "--name=Doppelt", "--host=testserver", stdout=StringIO())


def test_invalid_ags_is_refused():
    with pytest.raises(CommandError, match="AGS"):
        call_command("create_town", "--name=X", "--ags=123", "--host=x.localhost")
