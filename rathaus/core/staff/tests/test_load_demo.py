"""The demo town: load_demo is idempotent, and every login it prints works."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.models import (
    Membership,
    Organisation,
    RoleAssignment,
    Unit,
    User,
    email_lookup_for,
)
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.models import Town

LOGIN = re.compile(r"^(?P<label>.+?)\s{2,}(?P<email>\S+@\S+)\s+(?P<password>\S+)$")
TOTP_HINT = re.compile(r"manage\.py totp_code (\S+@\S+)")


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def state() -> dict:
    return {
        "town": list(Town.objects.values()),
        "units": sorted(Unit.objects.values_list("code", "name", "parent__code", "is_active")),
        "users": sorted(User.objects.values_list("email_lookup", "password", "kind")),
        "roles": RoleAssignment.objects.count(),
        "organisations": list(Organisation.objects.values_list("name", flat=True)),
        "memberships": sorted(Membership.objects.values_list("user__email_lookup", "role")),
        "devices": sorted(TOTPDevice.objects.values_list("key", "confirmed")),
        "audit": AuditEntry.objects.count(),
    }


def test_load_demo_twice_changes_nothing():
    run("load_demo")
    first = state()
    run("load_demo")
    assert state() == first
    town = Town.objects.for_host("127.0.0.1")
    assert town.official_name == "Stadt Weiterstadt" and town.ags == "06432023"
    assert town.street == "Riedbahnstraße 6" and town.postcode == "64331"
    assert Unit.objects.get(code="60.1").parent.code == "60"
    assert Organisation.objects.get(name="Bäckerei Beispiel GmbH").memberships.count() == 2
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role) - {Role.PROVIDER_ADMINISTRATOR}


def test_every_printed_login_works(settings):
    settings.AXES_FAILURE_LIMIT = 100
    output = run("load_demo")
    logins = [m.groupdict() for line in output.splitlines() if (m := LOGIN.match(line))]
    staff_emails = set(TOTP_HINT.findall(output))
    # The foundation's 15 people and the accounts the apps' demo data add (the programme's
    # external expert, a citizen account).
    assert len(logins) == 16 and len(staff_emails) == 12
    for login in logins:
        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": login["email"], "password": login["password"]},
        )
        assert response.status_code == 302, login["email"]
        user = User.objects.get(email_lookup=email_lookup_for(login["email"]))
        assert client.session["_auth_user_id"] == str(user.pk)
        if login["email"] in staff_emails:
            assert client.get("/staff/")["Location"].startswith(reverse("otp:verify"))
            code = run("totp_code", login["email"]).strip()
            response = client.post(reverse("otp:verify"), {"code": code, "next": "/staff/"})
            assert response["Location"] == "/staff/", login["email"]
            assert client.get("/staff/").status_code == 200
        else:
            assert client.get("/staff/").status_code == 404


def test_demo_staff_see_what_their_role_allows():
    run("load_demo")
    clerk = User.objects.get(email_lookup=email_lookup_for("lena.hoffmann@weiterstadt.example"))
    client = Client()
    client.force_login(clerk)
    code = run("totp_code", "lena.hoffmann@weiterstadt.example").strip()
    client.post(reverse("otp:verify"), {"code": code})
    building = Unit.objects.get(code="60")
    order = Unit.objects.get(code="32")
    assert client.get(reverse("staff:unit", args=[building.pk])).status_code == 200
    assert client.get(reverse("staff:unit", args=[order.pk])).status_code == 404


def test_totp_code_refuses_accounts_without_a_demo_device():
    staff = StaffFactory(email="echt@weiterstadt.example")
    TOTPDevice.objects.create(user=staff, confirmed=True)
    with pytest.raises(CommandError):
        run("totp_code", "echt@weiterstadt.example")


def test_load_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        run("load_demo")
    assert not StaticDevice.objects.exists() and not Unit.objects.exists()


def test_create_staff_prints_a_working_invitation_link():
    output = run(
        "create_staff",
        "erste@weiterstadt.example",
        "--given-name",
        "Erste",
        "--base-url",
        "https://rathaus.example",
    )
    user = User.objects.get(email_lookup=email_lookup_for("erste@weiterstadt.example"))
    assert user.is_town_staff and RoleAssignment.objects.get(user=user).role == Role.ADMINISTRATOR
    link = re.search(r"https://rathaus\.example(/\S+)", output).group(1)
    assert Client().get(link).status_code == 302
