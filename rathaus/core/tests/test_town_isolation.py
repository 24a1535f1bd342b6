"""Two towns on two hosts in one installation never see each other's data.

Weiterstadt (town A, host ``testserver``) holds one object of every kind the foundation
has; Musterstadt (town B, host ``musterstadt.localhost``) has a citizen and a member of
staff holding every town role, verified with a second factor. Every page and API of the
foundation, found by walking the URL resolver, is requested on B's host with A's ids:
B's people get 404 (a link with A's token is merely invalid), visitors are sent to B's
own sign-in, and nothing of A's ever appears in an answer.
"""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db.models import F
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts import services as account_services
from rathaus.core.accounts.backends import axes_username
from rathaus.core.accounts.models import (
    DeletionRequest,
    EmailChange,
    Invitation,
    Membership,
    OidcIdentity,
    Organisation,
    RoleAssignment,
    Unit,
    User,
    email_lookup_for,
)
from rathaus.core.accounts.oidc import sign_in_with_oidc
from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.accounts.tokens import email_confirmation_token
from rathaus.core.jobs.models import Job
from rathaus.core.jobs.services import start_job
from rathaus.core.jobs.tasks import count_to
from rathaus.core.models import AccessibilityFeedback
from rathaus.core.notifications.models import Message
from rathaus.core.notifications.services import notify
from rathaus.core.tenancy import TownOwned, for_town, scopes_disabled, town_owned_models
from rathaus.core.uploads.services import store_upload
from rathaus.core.uploads.tests import samples

HOST_A = "testserver"
HOST_B = "musterstadt.localhost"
BACKEND = "rathaus.core.accounts.backends.EmailBackend"
LOGIN = reverse("accounts:login")
# Every name, address, file and label of town A contains this; B's answers never may.
MARK_A = "weiterst"
LINK = re.compile(r"https?://([^/\s:]+)(?::\d+)?(/\S*)")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def outbox(django_capture_on_commit_callbacks, monkeypatch):
    """Mails go out when a request's transaction commits, as after a real request."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    mail.outbox.clear()
    return mail.outbox


def links_in(message) -> list[tuple[str, str]]:
    """(host, path) of each link in an e-mail."""
    return LINK.findall(message.body)


def sign_in(client: Client, user: User, *, verified: bool = False) -> Client:
    """Sign ``user`` in on ``client`` (in the user's own town, where the session is made),
    with a confirmed authenticator checked in this session if ``verified``."""
    with for_town(user.town):
        client.force_login(user, backend=BACKEND)
        if verified:
            device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


# --- town A's objects ----------------------------------------------------------------------


class TownA:
    """One object of each kind in Weiterstadt, and the links its e-mails would carry."""

    def __init__(self, town):
        self.town = town
        self.citizen = UserFactory(
            email="buergerin@weiterstadt.example",
            given_name="Wilma",
            family_name="Weiterstädter",
        )
        self.unconfirmed = UserFactory(
            email="neu@weiterstadt.example", given_name="Weiterstadt-Neu", email_confirmed_at=None
        )
        self.organisation = OrganisationFactory(name="Weiterstädter Backstube")
        self.owner_membership = MembershipFactory(
            organisation=self.organisation, user=self.citizen, role=Membership.Role.OWNER
        )
        self.member = UserFactory(email="mitglied@weiterstadt.example", family_name="Weiterstädter")
        self.membership = MembershipFactory(organisation=self.organisation, user=self.member)
        self.staff = StaffFactory(
            email="amt@weiterstadt.example", given_name="Walter", family_name="Weiterstädter"
        )
        self.unit = UnitFactory(name="Weiterstädter Bauamt", code="60")
        self.role = RoleAssignmentFactory(user=self.staff, role=Role.CLERK, unit=self.unit)
        self.invited_staff = StaffFactory(
            email="eingeladen@weiterstadt.example", family_name="Weiterstädter", password=None
        )
        self.totp = TOTPDevice.objects.create(
            user=self.staff, name="Weiterstädter Telefon", confirmed=True
        )
        self.static = StaticDevice.objects.create(
            user=self.staff, name="Weiterstädter Codes", confirmed=True
        )
        self.feedback = AccessibilityFeedback.objects.create(
            message="Weiterstädter Barriere", name="Weiterstädter Hinweisgeber"
        )
        from rathaus.core.accounts.api_tokens import create_token

        self.api_token, _secret = create_token(actor=self.staff, name="Weiterstädter Schnittstelle")
        self.deletion_request = account_services.request_account_deletion(
            user=self.member, reason="Weiterstädter Grund"
        )
        self.message = notify(
            recipient=self.citizen, template="accounts/deletion_requested", context={}
        )
        self.message.subject = "Weiterstädter Nachricht"
        self.message.save()
        self.job = start_job(
            task=count_to, label="Weiterstädter Auftrag", started_by=self.citizen, kwargs={"n": 1}
        )
        self.private_file = store_upload(
            uploaded_file=_file("weiterstaedter-bescheid.pdf"),
            kinds={"pdf"},
            uploaded_by=self.citizen,
        )
        self.public_file = store_upload(
            uploaded_file=_file("weiterstaedter-wappen.pdf"), kinds={"pdf"}, is_public=True
        )
        self.oidc_identity = OidcIdentity.objects.create(
            issuer="https://id.example", subject="weiterstadt-sub", user=self.citizen
        )
        self.host = town.hosts.get(hostname=HOST_A)
        self.tokens = self._tokens()

    def _tokens(self) -> dict[str, str]:
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            account_services.invite_member(
                actor=self.citizen,
                organisation=self.organisation,
                email="gast@weiterstadt.example",
                role=Membership.Role.MEMBER,
                base_url=f"http://{HOST_A}",
            )
            account_services.request_email_change(
                user=self.member, new_email="neu-mitglied@weiterstadt.example", base_url="http://x"
            )
        self.invitation = Invitation.objects.get()
        paths = [path for message in mail.outbox for _, path in links_in(message)]
        invitation_token = _token_after(paths, "/konto/einladung/")
        change_token = _token_after(paths, "/konto/email/bestaetigen/")
        return {
            "invitation": invitation_token,
            "email_change": change_token,
            "confirm": email_confirmation_token.make_token(self.unconfirmed),
            "reset_uid": urlsafe_base64_encode(force_bytes(self.citizen.pk)),
            "reset": default_token_generator.make_token(self.citizen),
            "staff_uid": urlsafe_base64_encode(force_bytes(self.invited_staff.pk)),
            "staff_invitation": default_token_generator.make_token(self.invited_staff),
        }

    def state(self) -> dict:
        """What B's requests must not change."""
        with for_town(self.town):
            citizen = User.objects.get(pk=self.citizen.pk)
            return {
                "citizen": (citizen.is_active, citizen.password, citizen.email),
                "unconfirmed": User.objects.get(pk=self.unconfirmed.pk).email_confirmed_at,
                "invited": User.objects.get(pk=self.invited_staff.pk).password,
                "staff_active": User.objects.get(pk=self.staff.pk).is_active,
                "organisation": Organisation.objects.get(pk=self.organisation.pk).name,
                "memberships": sorted(
                    (str(m.pk), m.role) for m in Membership.objects.filter(town=self.town)
                ),
                "invitations": Invitation.objects.filter(accepted_at__isnull=True).count(),
                "email_changes": EmailChange.objects.filter(confirmed_at__isnull=True).count(),
                "roles": RoleAssignment.objects.count(),
                "unit": Unit.objects.get(pk=self.unit.pk).is_active,
                "feedback": AccessibilityFeedback.objects.get(pk=self.feedback.pk).handled_at,
                "deletion": DeletionRequest.objects.get(pk=self.deletion_request.pk).state,
                "message": Message.objects.get(pk=self.message.pk).read_at,
                "devices": TOTPDevice.objects.filter(user=self.staff).count(),
                "town": (self.town.name, self.town.is_active, self.town.hosts.count()),
            }


def _file(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, samples.pdf())


def _token_after(paths: list[str], prefix: str) -> str:
    (path,) = [path for path in paths if path.startswith(prefix)]
    return path[len(prefix) :].strip("/")


@pytest.fixture
def town_a(town) -> TownA:
    return TownA(town)


@pytest.fixture
def town_b(other_town):
    """Musterstadt's citizen, and its member of staff who holds every town role."""
    with for_town(other_town):
        citizen = UserFactory(
            email="buerger@musterstadt.example", given_name="Mara", family_name="Musterfrau"
        )
        staff = StaffFactory(
            email="amt@musterstadt.example", given_name="Max", family_name="Mustermann"
        )
        unit = UnitFactory(name="Musterstädter Bauamt", code="60")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return {"town": other_town, "citizen": citizen, "staff": staff}


@pytest.fixture
def visitors_of_b(town_b) -> dict[str, Client]:
    return {
        "citizen": sign_in(Client(HTTP_HOST=HOST_B), town_b["citizen"]),
        "staff": sign_in(Client(HTTP_HOST=HOST_B), town_b["staff"], verified=True),
        "anonymous": Client(HTTP_HOST=HOST_B),
    }


# --- the URL catalogue -------------------------------------------------------------------

# Pages and APIs whose URL names one of town A's objects, with the kwargs that do.
OBJECT_URLS = {
    "accounts:confirm_email": lambda a: {"user_id": a.unconfirmed.pk, "token": a.tokens["confirm"]},
    "accounts:password_reset_confirm": lambda a: {
        "uidb64": a.tokens["reset_uid"],
        "token": a.tokens["reset"],
    },
    "accounts:email_change_confirm": lambda a: {"token": a.tokens["email_change"]},
    "accounts:organisation": lambda a: {"organisation_id": a.organisation.pk},
    "accounts:organisation_edit": lambda a: {"organisation_id": a.organisation.pk},
    "accounts:invite": lambda a: {"organisation_id": a.organisation.pk},
    "accounts:invitation_revoke": lambda a: {
        "organisation_id": a.organisation.pk,
        "invitation_id": a.invitation.pk,
    },
    "accounts:member": lambda a: {
        "organisation_id": a.organisation.pk,
        "membership_id": a.membership.pk,
    },
    "accounts:member_remove": lambda a: {
        "organisation_id": a.organisation.pk,
        "membership_id": a.membership.pk,
    },
    "accounts:organisation_leave": lambda a: {"organisation_id": a.organisation.pk},
    "accounts:invitation_accept": lambda a: {"token": a.tokens["invitation"]},
    "staff:user": lambda a: {"pk": a.staff.pk},
    "staff:user_edit": lambda a: {"pk": a.staff.pk},
    "staff:user_disable": lambda a: {"pk": a.staff.pk},
    "staff:user_enable": lambda a: {"pk": a.staff.pk},
    "staff:user_reset_second_factor": lambda a: {"pk": a.staff.pk},
    "staff:user_resend_invitation": lambda a: {"pk": a.invited_staff.pk},
    "staff:user_role_add": lambda a: {"pk": a.staff.pk},
    "staff:user_history": lambda a: {"pk": a.staff.pk},
    "staff:role_remove": lambda a: {"pk": a.role.pk},
    "staff:unit": lambda a: {"pk": a.unit.pk},
    "staff:unit_edit": lambda a: {"pk": a.unit.pk},
    "staff:unit_retire": lambda a: {"pk": a.unit.pk},
    "staff:unit_reactivate": lambda a: {"pk": a.unit.pk},
    "staff:unit_member_add": lambda a: {"pk": a.unit.pk},
    "staff:unit_history": lambda a: {"pk": a.unit.pk},
    "staff:feedback": lambda a: {"pk": a.feedback.pk},
    "staff:api_token_revoke": lambda a: {"pk": a.api_token.pk},
    "staff:feedback_handled": lambda a: {"pk": a.feedback.pk},
    "staff:deletion_request": lambda a: {"pk": a.deletion_request.pk},
    "staff:deletion_request_complete": lambda a: {"pk": a.deletion_request.pk},
    "staff:deletion_request_reject": lambda a: {"pk": a.deletion_request.pk},
    "staff:invitation": lambda a: {
        "uidb64": a.tokens["staff_uid"],
        "token": a.tokens["staff_invitation"],
    },
    "uploads:download": lambda a: {"pk": a.private_file.pk},
    "uploads:public": lambda a: {"pk": a.public_file.pk},
    "notifications:message": lambda a: {"pk": a.message.pk},
    "jobs:detail": lambda a: {"pk": a.job.pk},
    "jobs:status": lambda a: {"pk": a.job.pk},
    "provider:town": lambda a: {"pk": a.town.pk},
    "provider:town_suspend": lambda a: {"pk": a.town.pk},
    "provider:town_resume": lambda a: {"pk": a.town.pk},
    "provider:town_export": lambda a: {"pk": a.town.pk},
    "provider:town_delete": lambda a: {"pk": a.town.pk},
    "provider:administrator_invite": lambda a: {"pk": a.town.pk},
    "provider:host_add": lambda a: {"pk": a.town.pk},
    "provider:host_remove": lambda a: {"pk": a.town.pk, "host_pk": a.host.pk},
    "provider:host_make_primary": lambda a: {"pk": a.town.pk, "host_pk": a.host.pk},
    "provider:export_download": lambda a: {"pk": a.job.pk},
}
# Links from e-mails: with A's token they are merely invalid on B's host (the page says
# so), never usable.
TOKEN_URLS = {
    "accounts:confirm_email",
    "accounts:password_reset_confirm",
    "accounts:email_change_confirm",
    "accounts:invitation_accept",
    "staff:invitation",
}
# Pages without an object in their URL: on B's host they show B's data only.
PLAIN_URLS = {
    "ckan_openapi",
    "core:home",
    "core:imprint",
    "core:privacy",
    "core:accessibility",
    "core:accessibility_thanks",
    "core:health",
    "accounts:dashboard",
    "accounts:login",
    "accounts:logout",
    "accounts:register",
    "accounts:check_inbox",
    "accounts:resend_confirmation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "accounts:profile",
    "accounts:password_change",
    "accounts:email_change",
    "accounts:deletion_request",
    "accounts:act_for",
    "accounts:organisation_create",
    "staff:home",
    "staff:users",
    "staff:user_create",
    "staff:units",
    "staff:unit_create",
    "staff:town_settings",
    "staff:feedback_list",
    "staff:deletion_requests",
    "staff:invitation_done",
    "staff:api_tokens",
    "staff:api_token_create",
    "notifications:postbox",
    "jobs:list",
    "otp:manage",
    "otp:setup",
    "otp:verify",
    "otp:recovery_codes",
    "provider:towns",
    "provider:town_create",
    "set_language",
    "oidc_authentication_callback",
    "oidc_authentication_init",
}


# Domain apps keep their own catalogue beside their tests (e.g. records/tests).
APPS_WITH_OWN_CATALOGUE = {
    "records",
    "api",
    "catalogue",
    "applications",
    "services_staff",
    "payments",
    "appointments",
    "appointments_staff",
    "participation",
    "participation_staff",
    "engagement",
    "moderation",
    "defects",
    "defects_staff",
    "open311",
    "surveys",
    "surveys_staff",
    "budgets",
    "budgets_staff",
    "consultations",
    "consultations_staff",
    "petitions",
    "petitions_staff",
    "opendata",
    "opendata_staff",
    "ckan",
    "ckan-legacy",
    "dcat",
    "training",
    "programme",
    "expert_group",
    "programme_public",
}


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: test_django_admin_* below
            if pattern.namespace in APPS_WITH_OWN_CATALOGUE:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_page_of_the_foundation_is_in_the_isolation_catalogue():
    """A new page must be added here, so its isolation is tested like the others'."""
    names = _url_names()
    assert not OBJECT_URLS.keys() & PLAIN_URLS
    assert names - OBJECT_URLS.keys() - PLAIN_URLS == set(), "add these pages to the catalogue"
    assert OBJECT_URLS.keys() | PLAIN_URLS <= names, "pages in the catalogue that no longer exist"


# The model's example for the official name, the same hint in every town: not A's data.
EXAMPLE_HINT = "For example: Stadt Weiterstadt"


def _shows_nothing_of_a(response) -> bool:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace").replace(EXAMPLE_HINT, "").lower()
    location = response.get("Location", "").lower()
    return MARK_A not in text and MARK_A not in location and HOST_A not in location


def _to_own_login(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(LOGIN) or location.startswith(f"http://{HOST_B}{LOGIN}")
    )


def _refused_link(response) -> bool:
    """An e-mail link with a token of another town: the page says the link is invalid."""
    if response.status_code in {400, 404, 405}:
        return True
    page = response.content.decode()
    return response.status_code == 200 and 'name="new_password1"' not in page


@pytest.mark.parametrize("who", ["citizen", "staff", "anonymous"])
def test_town_a_objects_are_not_found_on_town_b_host(who, town_a, visitors_of_b):
    client = visitors_of_b[who]
    before = town_a.state()
    for name, kwargs_of in OBJECT_URLS.items():
        url = reverse(name, kwargs=kwargs_of(town_a))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            where = f"{method.upper()} {name} as {who}: {response.status_code}"
            assert _shows_nothing_of_a(response), where
            if who == "anonymous" and _to_own_login(response):
                continue
            if name in TOKEN_URLS:
                assert _refused_link(response), where
            elif who == "anonymous":
                assert response.status_code in {404, 405} or _to_own_login(response), where
            else:
                assert response.status_code in {404, 405}, where
    assert town_a.state() == before


@pytest.mark.parametrize("who", ["citizen", "staff", "anonymous"])
def test_pages_on_town_b_host_show_nothing_of_town_a(who, town_a, visitors_of_b, settings):
    settings.OIDC_ENABLED = False
    client = visitors_of_b[who]
    for name in sorted(PLAIN_URLS):
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        assert _shows_nothing_of_a(response), f"GET {name} as {who}"


def test_the_same_links_open_town_a_objects_for_town_a_people(town_a):
    """The ids above are real: on A's own host, A's people reach the objects."""
    citizen = sign_in(Client(), town_a.citizen)
    staff = sign_in(Client(), town_a.staff, verified=True)
    with for_town(town_a.town):
        RoleAssignmentFactory(user=town_a.staff, role=Role.ADMINISTRATOR, unit=None)
        RoleAssignmentFactory(user=town_a.staff, role=Role.DATA_PROTECTION_OFFICER, unit=None)
    for client, names in (
        (citizen, ["accounts:organisation", "notifications:message", "jobs:detail"]),
        (citizen, ["uploads:download", "uploads:public", "accounts:member"]),
        (staff, ["staff:user", "staff:unit", "staff:feedback", "staff:deletion_request"]),
    ):
        for name in names:
            response = client.get(reverse(name, kwargs=OBJECT_URLS[name](town_a)))
            assert response.status_code == 200, name


def test_town_b_staff_lists_show_their_own_town(town_a, visitors_of_b):
    """The lists above are not empty by accident: they show B's people and units."""
    staff = visitors_of_b["staff"]
    people = staff.get(reverse("staff:users")).content.decode()
    assert "Musterfrau" in people and "Mustermann" in people
    assert "Musterstädter Bauamt" in staff.get(reverse("staff:units")).content.decode()
    assert "Musterstadt" in staff.get(reverse("staff:town_settings")).content.decode()


def test_filtered_and_paged_lists_in_town_b_show_nobody_of_town_a(town_a, visitors_of_b):
    staff = visitors_of_b["staff"]
    for query in ({"kind": "staff"}, {"kind": "citizen"}, {"page": "2"}, {"erledigt": "1"}):
        for name in ("staff:users", "staff:feedback_list", "staff:deletion_requests"):
            response = staff.get(reverse(name), query)
            assert response.status_code in {200, 404}
            assert _shows_nothing_of_a(response), (name, query)


def _references_into_another_town() -> list[str]:
    """Rows whose foreign key points at a row of another town."""
    found = []
    with scopes_disabled():
        for model in town_owned_models():
            for field in model._meta.get_fields():
                related = getattr(field, "related_model", None)
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                if related is None or not issubclass(related, TownOwned):
                    continue
                crossing = model.objects.filter(**{f"{field.name}__isnull": False}).exclude(
                    **{f"{field.name}__town": F("town")}
                )
                found += [f"{model._meta.label}.{field.name}: {row.pk}" for row in crossing]
    return found


def test_ids_of_town_a_in_town_b_forms_are_refused(town_a, town_b, visitors_of_b):
    staff, citizen = visitors_of_b["staff"], visitors_of_b["citizen"]
    with for_town(town_b["town"]):
        unit_b = Unit.objects.get()
        roles_before = RoleAssignment.objects.count()
    staff.post(
        reverse("staff:user_role_add", args=[town_b["staff"].pk]),
        {"role": Role.CLERK, "unit": town_a.unit.pk},
    )
    staff.post(
        reverse("staff:unit_member_add", args=[unit_b.pk]),
        {"user": town_a.staff.pk, "role": Role.CLERK},
    )
    staff.post(
        reverse("staff:unit_create"),
        {"name": "Neues Amt", "code": "99", "kind": "office", "parent": town_a.unit.pk},
    )
    staff.post(
        reverse("staff:unit_edit", args=[unit_b.pk]),
        {"name": unit_b.name, "code": unit_b.code, "kind": "office", "parent": town_a.unit.pk},
    )
    citizen.post(reverse("accounts:act_for"), {"acting_for": str(town_a.organisation.pk)})
    with for_town(town_b["town"]):
        assert RoleAssignment.objects.count() == roles_before
        assert Unit.objects.get(pk=unit_b.pk).parent_id is None
        assert not Unit.objects.filter(parent_id=town_a.unit.pk).exists()
    page = citizen.get(reverse("accounts:dashboard")).content.decode()
    assert "Weiterstädter" not in page
    assert _references_into_another_town() == []


# --- sessions, accounts, hosts --------------------------------------------------------------


def test_session_of_town_a_does_not_sign_in_on_town_b(town_a, other_town):
    citizen = sign_in(Client(), town_a.citizen)
    staff = sign_in(Client(), town_a.staff, verified=True)
    assert citizen.get(reverse("accounts:dashboard")).status_code == 200
    assert staff.get(reverse("staff:home")).status_code == 200

    on_b = citizen.get(reverse("accounts:dashboard"), HTTP_HOST=HOST_B)
    assert _to_own_login(on_b) and _shows_nothing_of_a(on_b)
    staff_on_b = staff.get(reverse("staff:home"), HTTP_HOST=HOST_B)
    assert _to_own_login(staff_on_b)
    postbox = citizen.get(reverse("notifications:postbox"), HTTP_HOST=HOST_B)
    assert _to_own_login(postbox)
    # Still signed in at home.
    assert citizen.get(reverse("accounts:dashboard")).status_code == 200


def test_session_of_town_b_does_not_sign_in_on_town_a(town_a, visitors_of_b):
    client = visitors_of_b["staff"]
    assert client.get(reverse("staff:home")).status_code == 200
    assert _to_own_login(client.get(reverse("staff:home"), HTTP_HOST=HOST_A))


def test_same_address_registers_separately_in_each_town(other_town, outbox):
    data = {
        "email": "doppelt@example.org",
        "given_name": "Dora",
        "family_name": "Doppel",
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
        "privacy_consent": "on",
    }
    for host in (HOST_A, HOST_B):
        response = Client().post(reverse("accounts:register"), data, HTTP_HOST=host)
        assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        accounts = User.objects.filter(email_lookup=email_lookup_for("doppelt@example.org"))
        assert sorted(account.town.name for account in accounts) == ["Musterstadt", "Weiterstadt"]
    # Each confirmation mail links to its own town, and confirms only that town's account.
    hosts = [links_in(message)[0][0] for message in outbox]
    assert hosts == [HOST_A, HOST_B]
    assert "Musterstadt" in outbox[1].body and "Weiterstadt" not in outbox[1].body
    _, path_b = links_in(outbox[1])[0]
    assert Client().post(path_b).status_code == 400  # B's link on A's host: invalid
    assert Client().post(path_b, HTTP_HOST=HOST_B).status_code == 302
    with scopes_disabled():
        confirmed = {account.town.name: account.email_confirmed for account in accounts.all()}
    assert confirmed == {"Musterstadt": True, "Weiterstadt": False}


def test_same_address_signs_in_to_each_towns_own_account(other_town):
    UserFactory(email="zwei@example.org", given_name="Weiterstadt-Zwei")
    with for_town(other_town):
        UserFactory(email="zwei@example.org", given_name="Muster-Zwei", password="Anderes-Pw-77")
    on_b = Client(HTTP_HOST=HOST_B)
    wrong = on_b.post(LOGIN, {"username": "zwei@example.org", "password": DEFAULT_PASSWORD})
    assert wrong.status_code == 200 and "_auth_user_id" not in on_b.session
    on_b.post(LOGIN, {"username": "zwei@example.org", "password": "Anderes-Pw-77"})
    page = on_b.get(reverse("accounts:dashboard")).content.decode()
    assert "Muster-Zwei" in page and "Weiterstadt-Zwei" not in page


def test_failed_sign_ins_in_one_town_do_not_lock_the_same_address_in_another(other_town, settings):
    UserFactory(email="gesperrt@example.org")
    with for_town(other_town):
        UserFactory(email="gesperrt@example.org")
    on_a, on_b = Client(), Client(HTTP_HOST=HOST_B)
    wrong = {"username": "gesperrt@example.org", "password": "falsch-falsch-falsch"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        on_a.post(LOGIN, wrong)
    assert on_a.post(LOGIN, wrong).status_code == 429
    right = {"username": "gesperrt@example.org", "password": DEFAULT_PASSWORD}
    assert on_b.post(LOGIN, right).status_code == 302
    assert on_a.post(LOGIN, right).status_code == 429  # still locked at home


def test_lockout_key_names_the_town(rf, town, other_town):
    credentials = {"username": "Person@Example.org"}
    in_a, in_b = rf.post(LOGIN), rf.post(LOGIN, HTTP_HOST=HOST_B)
    in_a.town, in_b.town = town, other_town
    key_a, key_b = axes_username(in_a, credentials), axes_username(in_b, credentials)
    assert key_a != key_b
    assert key_a == axes_username(in_a, {"username": "person@example.org "})
    assert "person" not in key_a.lower()  # no address in clear


def test_unknown_host_gets_a_plain_404(town_a):
    response = Client().get("/", HTTP_HOST="unbekannt.localhost")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "Weiterstadt" not in response.content.decode()


def test_suspended_town_answers_503_and_the_other_town_carries_on(town_a, other_town):
    other_town.is_active = False
    other_town.save()
    response = Client().get("/", HTTP_HOST=HOST_B)
    assert response.status_code == 503
    assert "Musterstadt" not in response.content.decode()
    assert Client().get("/").status_code == 200


# --- e-mails carry their town ---------------------------------------------------------------


def test_staff_invitation_from_town_b_links_to_town_b(visitors_of_b, outbox):
    response = visitors_of_b["staff"].post(
        reverse("staff:user_create"),
        {
            "email": "neu@musterstadt.example",
            "given_name": "Nora",
            "family_name": "Neu",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    (invitation,) = [m for m in outbox if m.to == ["neu@musterstadt.example"]]
    hosts = {host for host, _ in links_in(invitation)}
    assert hosts == {HOST_B}
    assert "Musterstadt" in invitation.body and "Weiterstadt" not in invitation.body


def test_organisation_invitation_and_password_reset_from_town_b_link_to_town_b(
    visitors_of_b, town_b, outbox
):
    with for_town(town_b["town"]):
        organisation = OrganisationFactory(name="Muster GmbH")
        MembershipFactory(
            organisation=organisation, user=town_b["citizen"], role=Membership.Role.OWNER
        )
    visitors_of_b["citizen"].post(
        reverse("accounts:invite", args=[organisation.pk]),
        {"email": "kollege@example.org", "role": Membership.Role.MEMBER},
    )
    visitors_of_b["anonymous"].post(
        reverse("accounts:password_reset"), {"email": "buerger@musterstadt.example"}
    )
    assert len(outbox) == 2
    for message in outbox:
        assert {host for host, _ in links_in(message)} == {HOST_B}, message.body
        assert "Weiterstadt" not in message.body


# --- OpenID Connect ---------------------------------------------------------------------------


def test_oidc_identity_of_town_a_signs_in_to_a_new_account_in_town_b(town_a, other_town):
    claims = {
        "sub": "weiterstadt-sub",
        "email": "buergerin@weiterstadt.example",
        "email_verified": True,
        "given_name": "Wilma",
    }
    with for_town(other_town):
        signed_in = sign_in_with_oidc(issuer="https://id.example", claims=claims)
    assert signed_in.user.pk != town_a.citizen.pk
    assert signed_in.user.town_id == other_town.pk
    assert signed_in.identity.pk != town_a.oidc_identity.pk
    with scopes_disabled():
        assert OidcIdentity.objects.get(pk=town_a.oidc_identity.pk).user_id == town_a.citizen.pk


def test_oidc_organisation_of_town_a_is_not_reused_in_town_b(town_a, other_town, settings):
    claims = {"sub": "firma-sub", "organisation": "Weiterstädter Backstube"}
    settings.RATHAUS_OIDC_ORGANISATION_CLAIMS = ["organisation"]
    first = sign_in_with_oidc(issuer="https://id.example", claims=claims)
    with for_town(other_town):
        second = sign_in_with_oidc(issuer="https://id.example", claims=claims)
    assert first.organisation.town_id == town_a.town.pk
    assert second.organisation.town_id == other_town.pk
    assert first.organisation.pk != second.organisation.pk


def test_oidc_endpoints_on_town_b_host_stay_in_town_b(town_a, visitors_of_b, settings):
    settings.OIDC_ENABLED = True
    for name in ("oidc_authentication_init", "oidc_authentication_callback"):
        response = visitors_of_b["anonymous"].get(reverse(name))
        assert response.status_code in {302, 400, 404}, name
        assert _shows_nothing_of_a(response), name


# --- Django's admin ---------------------------------------------------------------------------


@pytest.fixture
def technical_admin_of_b(town_b) -> Client:
    with for_town(town_b["town"]):
        admin = StaffFactory(email="technik@musterstadt.example", is_staff=True, is_superuser=True)
    return sign_in(Client(HTTP_HOST=HOST_B), admin, verified=True)


def test_django_admin_of_town_b_has_no_town_owned_models(technical_admin_of_b):
    """Nothing town-owned is registered in Django's admin, so it cannot list A's rows."""
    from django.contrib import admin

    from rathaus.core.tenancy import TownOwned

    registered = [model for model in admin.site._registry if issubclass(model, TownOwned)]
    assert registered == []
    assert technical_admin_of_b.get("/admin/").status_code == 200


@pytest.mark.parametrize("model", ["otp_totp/totpdevice", "otp_static/staticdevice"])
def test_django_admin_on_town_b_lists_no_device_of_town_a(model, town_a, technical_admin_of_b):
    response = technical_admin_of_b.get(f"/admin/{model}/")
    assert response.status_code == 404 or _shows_nothing_of_a(response)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda a: f"/admin/otp_totp/totpdevice/{a.totp.pk}/change/",
        lambda a: f"/admin/otp_totp/totpdevice/{a.totp.pk}/config/",
        lambda a: f"/admin/otp_static/staticdevice/{a.static.pk}/change/",
    ],
    ids=["totp-change", "totp-config-with-secret", "static-change"],
)
def test_django_admin_on_town_b_opens_no_device_of_town_a(url_of, town_a, technical_admin_of_b):
    response = technical_admin_of_b.get(url_of(town_a))
    assert response.status_code in {302, 404}


def test_django_admin_on_town_b_shows_no_task_of_town_a(town_a, technical_admin_of_b, settings):
    from django_tasks_db.models import DBTaskResult

    with scopes_disabled():
        job = Job.objects.get(pk=town_a.job.pk)
    DBTaskResult.objects.create(
        id="00000000-0000-0000-0000-000000000001",
        task_path=job.task_path,
        args_kwargs={"args": [], "kwargs": {"job_id": str(job.pk)}},
        queue_name="default",
        backend_name="default",
    )
    response = technical_admin_of_b.get("/admin/django_tasks_database/dbtaskresult/")
    assert str(job.pk).encode() not in response.content
