"""Print the current TOTP code of a demo staff account (demo installations only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts import otp
from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.tenancy import for_town, scopes_disabled, town_for_command


class Command(BaseCommand):
    help = (
        "Print the code the demo authenticator of a demo staff account shows now. Works only "
        "for the fixed demo devices that load_demo creates, and never when "
        "RATHAUS_ENV=production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", help="Host name of the town (default: any town with this demo account)."
        )
        parser.add_argument("email", help="E-mail address of the demo staff account")

    def _handle(self, *args, email, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("totp_code is for demo installations only.")
        user = User.objects.filter(email_lookup=email_lookup_for(email)).first()
        if user is None:
            raise CommandError("No account with this e-mail address.")
        devices = [
            device
            for device in TOTPDevice.objects.filter(user=user, confirmed=True)
            if otp.is_demo_device(device)
        ]
        if not devices:
            raise CommandError(
                "This account has no demo authenticator; use the authenticator app it was "
                "set up with."
            )
        self.stdout.write(otp.current_code(devices[0]))

    def handle(self, *args, host=None, **options):
        # Demo only: without --host, the demo account of that address in any town will do.
        with for_town(town_for_command(host)) if host else scopes_disabled():
            return self._handle(*args, **options)
