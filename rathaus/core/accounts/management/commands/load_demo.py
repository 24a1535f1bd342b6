"""Load the demo town Weiterstadt: town data, units, one account per role, a business.

Idempotent: what exists is left alone, so running it twice changes nothing. All
people, addresses and numbers are invented (the town hall's address is the real one).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rathaus.core.accounts import otp
from rathaus.core.accounts.models import (
    Membership,
    Organisation,
    RoleAssignment,
    Unit,
    User,
    email_lookup_for,
)
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.models import Town, TownHost, normalize_host
from rathaus.core.registries import demo_data_in_order
from rathaus.core.tenancy import for_town

DEMO_PASSWORD = "Rathaus-Demo-2025"  # noqa: S105 - published demo password

TOWN = {
    "name": "Weiterstadt",
    "official_name": "Stadt Weiterstadt",
    "ags": "06432023",
    "ars": "064320023023",
    "coat_of_arms_text": "Wappen der Stadt Weiterstadt (Platzhalter für die Demo)",
    "street": "Riedbahnstraße 6",
    "postcode": "64331",
    "city": "Weiterstadt",
    # Subscriber numbers never start with 0: plausible, but nobody's real number.
    "phone": "06150 000-0",
    "email": "rathaus@weiterstadt.example",
    "website": "https://www.weiterstadt.example/",
    "opening_hours": (
        "Montag: 8:00–12:00 Uhr\n"
        "Dienstag: 8:00–12:00 Uhr und 14:00–18:00 Uhr\n"
        "Mittwoch: 8:00–12:00 Uhr\n"
        "Donnerstag: 8:00–12:00 Uhr und 14:00–16:00 Uhr\n"
        "Freitag: 8:00–12:00 Uhr"
    ),
    "imprint": (
        "Stadt Weiterstadt\nRiedbahnstraße 6\n64331 Weiterstadt\n\n"
        "Die Stadt Weiterstadt ist eine Körperschaft des öffentlichen Rechts. "
        "Sie wird vertreten durch die Bürgermeisterin.\n\n"
        "Demo-Installation: alle Personen und Kontaktdaten sind erfunden."
    ),
    "privacy_policy": (
        "Verantwortlich für die Verarbeitung personenbezogener Daten ist die Stadt "
        "Weiterstadt. Die Datenschutzbeauftragte erreichen Sie unter "
        "datenschutz@weiterstadt.example.\n\n"
        "Demo-Installation: Dieser Text ist ein Platzhalter."
    ),
    "accessibility_statement": (
        "Bekannte Barrieren: Ältere PDF-Dokumente sind noch nicht barrierefrei. "
        "Auf Anfrage erhalten Sie die Inhalte in einem zugänglichen Format."
    ),
    "accessibility_contact_email": "barrierefreiheit@weiterstadt.example",
    "enforcement_body": (
        "Durchsetzungsstelle nach § 14 Hessisches Behindertengleichstellungsgesetz "
        "(Demo-Platzhalter)."
    ),
}

# (code, name, kind, parent code)
UNITS = [
    ("1", "Fachbereich 1 Zentrale Dienste", Unit.Kind.DEPARTMENT, None),
    ("10", "Hauptamt", Unit.Kind.OFFICE, "1"),
    ("20", "Finanzverwaltung", Unit.Kind.OFFICE, "1"),
    ("2", "Fachbereich 2 Bürgerdienste und Ordnung", Unit.Kind.DEPARTMENT, None),
    ("32", "Ordnungsamt", Unit.Kind.OFFICE, "2"),
    ("33", "Bürgerbüro", Unit.Kind.OFFICE, "2"),
    ("3", "Fachbereich 3 Bauen und Umwelt", Unit.Kind.DEPARTMENT, None),
    ("60", "Bauamt", Unit.Kind.OFFICE, "3"),
    ("60.1", "Bauaufsicht und Bauleitplanung", Unit.Kind.SECTION, "60"),
    ("60.2", "Tiefbau und Verkehr", Unit.Kind.SECTION, "60"),
    ("67", "Umwelt und Grünflächen", Unit.Kind.OFFICE, "3"),
]


@dataclass(frozen=True)
class DemoPerson:
    label: str
    email: str
    given_name: str
    family_name: str
    kind: str = User.Kind.STAFF
    role: str = ""
    unit: str | None = None


PEOPLE = [
    DemoPerson(
        "Administrator",
        "anna.richter@weiterstadt.example",
        "Anna",
        "Richter",
        role=Role.ADMINISTRATOR,
    ),
    DemoPerson(
        "Clerk, Bauamt (60)",
        "lena.hoffmann@weiterstadt.example",
        "Lena",
        "Hoffmann",
        role=Role.CLERK,
        unit="60",
    ),
    DemoPerson(
        "Clerk, Ordnungsamt (32)",
        "murat.yildiz@weiterstadt.example",
        "Murat",
        "Yıldız",
        role=Role.CLERK,
        unit="32",
    ),
    DemoPerson(
        "Unit lead, Bauamt (60)",
        "thomas.becker@weiterstadt.example",
        "Thomas",
        "Becker",
        role=Role.UNIT_LEAD,
        unit="60",
    ),
    DemoPerson(
        "e-Government officer",
        "sabine.krueger@weiterstadt.example",
        "Sabine",
        "Krüger",
        role=Role.EGOV_OFFICER,
    ),
    DemoPerson(
        "Expert-group member",
        "jonas.weber@weiterstadt.example",
        "Jonas",
        "Weber",
        role=Role.EXPERT_GROUP,
    ),
    DemoPerson(
        "Data-protection officer",
        "petra.schneider@weiterstadt.example",
        "Petra",
        "Schneider",
        role=Role.DATA_PROTECTION_OFFICER,
    ),
    DemoPerson(
        "Archivist", "klaus.fischer@weiterstadt.example", "Klaus", "Fischer", role=Role.ARCHIVIST
    ),
    DemoPerson(
        "Participation manager (processes)",
        "nina.berg@weiterstadt.example",
        "Nina",
        "Berg",
        role=Role.PARTICIPATION_MANAGER,
    ),
    DemoPerson(
        "Moderator (participation)",
        "miriam.wolf@weiterstadt.example",
        "Miriam",
        "Wolf",
        role=Role.MODERATOR,
    ),
    DemoPerson(
        "Data steward (open data)",
        "jana.vogel@weiterstadt.example",
        "Jana",
        "Vogel",
        role=Role.DATA_STEWARD,
    ),
    DemoPerson(
        "Training admin",
        "tanja.schulz@weiterstadt.example",
        "Tanja",
        "Schulz",
        role=Role.TRAINING_ADMIN,
    ),
    DemoPerson(
        "Citizen", "erika.mustermann@example.org", "Erika", "Mustermann", kind=User.Kind.CITIZEN
    ),
    DemoPerson(
        "Business owner, Bäckerei Beispiel GmbH",
        "hans.beispiel@example.org",
        "Hans",
        "Beispiel",
        kind=User.Kind.CITIZEN,
    ),
    DemoPerson(
        "Business member, Bäckerei Beispiel GmbH",
        "fatma.demir@example.org",
        "Fatma",
        "Demir",
        kind=User.Kind.CITIZEN,
    ),
]

BUSINESS = {
    "name": "Bäckerei Beispiel GmbH",
    "legal_form": "GmbH",
    "register_number": "HRB 99999 (Demo)",
    "street": "Darmstädter Straße 12",
    "postcode": "64331",
    "city": "Weiterstadt",
}
BUSINESS_MEMBERS = {
    "hans.beispiel@example.org": Membership.Role.OWNER,
    "fatma.demir@example.org": Membership.Role.MEMBER,
}


def _login_line(label: str, email: str) -> str:
    return f"{label:<42} {email:<38} {DEMO_PASSWORD}"


def demo_town_data(name: str) -> dict:
    """Invented data for a further demo town (every value plainly a placeholder)."""
    return {
        **{key: value.replace(TOWN["name"], name) for key, value in TOWN.items()},
        "name": name,
        "official_name": f"Stadt {name}",
        "ags": "",
        "ars": "",
        "coat_of_arms_text": f"Wappen der Stadt {name} (Platzhalter für die Demo)",
        "street": "Marktplatz 1",
        "city": name,
        "email": f"rathaus@{slugify(name)}.example",
        "website": f"https://www.{slugify(name)}.example/",
    }


class Command(BaseCommand):
    help = (
        "Load the demo town Weiterstadt (units, one account per role, a business), served "
        "under 127.0.0.1 and localhost, and print the demo logins. With --name and --host it "
        "adds another demo town on its own host name (e.g. --name Musterstadt --host "
        "musterstadt.localhost) to try multi-town hosting. Safe to run again: existing data "
        "is left as it is. Refused when RATHAUS_ENV=production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", default=TOWN["name"], help="The town's name.")
        parser.add_argument(
            "--host",
            action="append",
            dest="hosts",
            help="Host name the town is served under (repeatable; default: 127.0.0.1 and "
            "localhost for Weiterstadt).",
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, name: str, hosts: list[str] | None, quiet: bool, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("The demo data must not be loaded into a production installation.")
        hosts = hosts or ["127.0.0.1", "localhost"]
        with transaction.atomic():
            town = self._town(name, hosts)
            with for_town(town):
                created = self._load()
                if created:
                    record(
                        action=AuditEntry.Action.OTHER,
                        object_type="core.town",
                        summary=f"demo data loaded ({created} objects created)",
                    )
        if not quiet:
            self._print_logins(town, hosts)

    # --- loading ----------------------------------------------------------------------------

    def _load(self) -> int:
        created = 0
        units = {}
        for code, name, kind, parent_code in UNITS:
            unit, made = Unit.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "parent": units.get(parent_code)},
            )
            units[code] = unit
            created += made
        for person in PEOPLE:
            user, made = self._person(person)
            created += made
            if person.role:
                _assignment, made = RoleAssignment.objects.get_or_create(
                    user=user, role=person.role, unit=units.get(person.unit)
                )
                created += made
            if person.kind == User.Kind.STAFF:
                _device, made = otp.ensure_demo_device(user)
                created += made
        organisation, made = Organisation.objects.get_or_create(
            name=BUSINESS["name"], defaults=BUSINESS
        )
        created += made
        for email, role in BUSINESS_MEMBERS.items():
            user = User.objects.get(email_lookup=email_lookup_for(email))
            _membership, made = Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
            created += made
        people = {
            person.email: User.objects.get(email_lookup=email_lookup_for(person.email))
            for person in PEOPLE
        }
        for demo in demo_data_in_order():
            created += demo.load(units=units, people=people)
        return created

    def _town(self, name: str, hosts: list[str]) -> Town:
        """The town served under the first host, made with the demo data if it is new."""
        data = dict(TOWN) if name == TOWN["name"] else demo_town_data(name)
        town = Town.objects.for_host(hosts[0]) or Town(name=name)
        # Fill in only what is empty: a town edited in the staff area stays as it is.
        changed = [key for key, value in data.items() if getattr(town, key) in ("", None)]
        for key in changed:
            setattr(town, key, data[key])
        if changed or town._state.adding:
            town.full_clean()
            town.save()
        for index, hostname in enumerate(hosts):
            TownHost.objects.get_or_create(
                hostname=normalize_host(hostname), defaults={"town": town, "is_primary": index == 0}
            )
        return town

    def _person(self, person: DemoPerson) -> tuple[User, bool]:
        user = User.objects.filter(email_lookup=email_lookup_for(person.email)).first()
        if user is None:
            user = User(
                kind=person.kind,
                given_name=person.given_name,
                family_name=person.family_name,
                email_confirmed_at=timezone.now(),
            )
            user.set_email(person.email)
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            return user, True
        if not user.check_password(DEMO_PASSWORD):
            # Someone changed it: put the published password back so the printed login works.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            return user, True
        return user, False

    # --- output -----------------------------------------------------------------------------

    def _print_logins(self, town: Town, hosts: list[str]) -> None:
        write = self.stdout.write
        write(f"Demo town: {town} (AGS {town.ags or '–'}), served under {', '.join(hosts)}")
        write("Sign in at /konto/anmelden/; the staff area is /staff/.")
        write(f"Password of every demo account: {DEMO_PASSWORD}")
        write("")
        for person in PEOPLE:
            write(_login_line(person.label, person.email))
            if person.kind == User.Kind.STAFF:
                write(f"{'':<42} TOTP code: .venv/bin/python manage.py totp_code {person.email}")
        for demo in demo_data_in_order():  # accounts the apps' demo data add
            for label, email in demo.logins:
                write(_login_line(label, email))
