"""Create the IT provider's own tenant and its first provider administrator."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from rathaus.core.provider import exceptions, services
from rathaus.core.staff.services import invitation_path
from rathaus.core.tenancy import for_town


class Command(BaseCommand):
    help = (
        "Create the IT provider's own tenant, served under --host, with a first provider "
        "administrator (who is also the tenant's administrator, to invite colleagues), and "
        "print the link where that person chooses a password. They sign in on that host with "
        "password and second factor and manage all towns at /anbieter/. Example: manage.py "
        "create_provider it@provider.example --host verwaltung.provider.example --name "
        "'Kommunale IT' --base-url https://verwaltung.provider.example"
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the first provider administrator.")
        parser.add_argument("--host", required=True, help="Host name of the provider area.")
        parser.add_argument("--name", default="IT-Dienstleister", help="Name of the provider.")
        parser.add_argument("--official-name", default="")
        parser.add_argument("--given-name", default="")
        parser.add_argument("--family-name", default="")
        parser.add_argument(
            "--base-url",
            default="",
            help="Scheme and port for the printed link, e.g. https://verwaltung.provider.example "
            "(default: RATHAUS_BASE_URL's scheme and port on --host).",
        )

    def handle(self, *args, email, host, name, official_name, given_name, family_name, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError("This is not a valid e-mail address.") from error
        try:
            town, user = services.create_provider_tenant(
                name=name,
                official_name=official_name,
                hostname=host,
                admin_email=email,
                admin_given_name=given_name,
                admin_family_name=family_name,
            )
        except exceptions.ProviderError as error:
            raise CommandError(str(error.message)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with for_town(town):
            path = invitation_path(user)
            if options["base_url"]:
                link = options["base_url"].rstrip("/") + path
            else:
                from rathaus.core.notifications.services import absolute_url

                link = absolute_url(path)
        self.stdout.write(f"Created the provider's tenant {town} under {town.primary_host}.")
        self.stdout.write(f"Provider administrator: {email}. Choose the password here:")
        self.stdout.write(link)
        self.stdout.write("An invitation e-mail with the same link has been sent as well.")
