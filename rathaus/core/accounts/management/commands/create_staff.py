"""Create a member of staff from the command line, e.g. the first administrator."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from rathaus.core.accounts.models import RoleAssignment, Unit, User, email_lookup_for
from rathaus.core.accounts.roles import UNIT_ROLES, Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.tenancy import current_town, for_town, town_for_command


class Command(BaseCommand):
    help = (
        "Create a staff account (by default an administrator) without a password and print "
        "the link where the person chooses one. At their first sign-in they set up the "
        "second factor. Example: manage.py create_staff it@stadt.example --given-name Ada "
        "--family-name Muster --base-url https://rathaus.stadt.example"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", help="Host name of the town (needed when there are several towns)."
        )
        parser.add_argument("email")
        parser.add_argument("--given-name", default="")
        parser.add_argument("--family-name", default="")
        parser.add_argument(
            "--role",
            default=Role.ADMINISTRATOR,
            choices=[role.value for role in Role],
            help="Role to give (default: administrator).",
        )
        parser.add_argument("--unit", default="", help="Unit code, for clerk and unit lead.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Address of this installation, for the printed link.",
        )

    def _handle(self, *args, email, given_name, family_name, role, unit, base_url, **options):
        from rathaus.core.staff.services import invitation_path

        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError("This is not a valid e-mail address.") from error
        unit_obj = None
        if role in UNIT_ROLES:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError("Clerk and unit lead need --unit with an existing unit code.")
        elif unit:
            raise CommandError("This role is town-wide; leave out --unit.")
        if role == Role.PROVIDER_ADMINISTRATOR and not current_town().is_provider:
            raise CommandError("The provider role exists only in the IT provider's own tenant.")
        if User.objects.filter(email_lookup=email_lookup_for(email)).exists():
            raise CommandError("An account with this e-mail address already exists.")
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=None,
                kind=User.Kind.STAFF,
                given_name=given_name,
                family_name=family_name,
            )
            RoleAssignment.objects.create(user=user, role=role, unit=unit_obj)
            record(
                action=AuditEntry.Action.CREATE,
                obj=user,
                summary=f"staff account created on the command line ({role})",
            )
        self.stdout.write(f"Created {email} ({Role(role).label}).")
        self.stdout.write("Choose the password here (the link works once):")
        self.stdout.write(base_url.rstrip("/") + invitation_path(user))

    def handle(self, *args, host=None, **options):
        with for_town(town_for_command(host)):
            return self._handle(*args, **options)
