"""``manage.py create_provider``: the provider's tenant and its first provider administrator."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town

from .conftest import sign_in_verified


def create_provider(*args):
    out = io.StringIO()
    call_command("create_provider", *args, stdout=out)
    return out.getvalue()


def test_command_creates_the_tenant_and_prints_a_set_password_link_on_its_host():
    output = create_provider("it@provider.example", "--host", "anbieter.localhost")
    provider = Town.objects.get(is_provider=True)
    assert Town.objects.for_host("anbieter.localhost") == provider
    assert "://anbieter.localhost" in output and "/staff/einladung/" in output
    with for_town(provider):
        admin = User.objects.get(email_lookup=email_lookup_for("it@provider.example"))
        roles = set(admin.role_assignments.values_list("role", flat=True))
    assert roles == {Role.PROVIDER_ADMINISTRATOR, Role.ADMINISTRATOR}
    client = Client(HTTP_HOST="anbieter.localhost")
    sign_in_verified(client, admin, provider)
    assert client.get("/anbieter/").status_code == 200


def test_command_refuses_a_second_provider_and_a_taken_host():
    with pytest.raises(CommandError, match="already used"):
        create_provider("it@provider.example", "--host", "testserver")
    create_provider("it@provider.example", "--host", "anbieter.localhost")
    with pytest.raises(CommandError, match="already has"):
        create_provider("it@provider.example", "--host", "zweiter.localhost")


def test_create_staff_refuses_the_provider_role_in_an_ordinary_town():
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="provider"):
        call_command(
            "create_staff", "admin@stadt.example", "--role=provider_admin", stdout=StringIO()
        )
