"""``manage.py create_town``: a town and the host names it is served under."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rathaus.core.models import Town, TownHost, normalize_host


class Command(BaseCommand):
    help = (
        "Create a town served under one or more host names, e.g. `manage.py create_town "
        "--name Weiterstadt --official-name 'Stadt Weiterstadt' --ags 06432023 --host "
        "rathaus.weiterstadt.de`. The first host is the primary one, used in links sent by "
        "e-mail. Then create its first administrator with `create_staff --host HOST`. A "
        "single-town installation needs exactly one town; an IT provider adds further towns "
        "here or in the provider area."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Short name, e.g. Weiterstadt.")
        parser.add_argument("--official-name", default="", help="e.g. Stadt Weiterstadt.")
        parser.add_argument("--ags", default="", help="Official municipality key (8 digits).")
        parser.add_argument(
            "--host",
            action="append",
            dest="hosts",
            required=True,
            help="Host name the town is served under (repeatable).",
        )

    def handle(self, *args, name, official_name, ags, hosts, **options):
        hostnames = [normalize_host(host) for host in hosts]
        taken = TownHost.objects.filter(hostname__in=hostnames).values_list("hostname", flat=True)
        if taken:
            raise CommandError(f"Already served: {', '.join(taken)}.")
        town = Town(name=name, official_name=official_name, ags=ags)
        try:
            town.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with transaction.atomic():
            town.save()
            for index, hostname in enumerate(hostnames):
                TownHost.objects.create(town=town, hostname=hostname, is_primary=index == 0)
        self.stdout.write(f"Created {town} ({town.pk}), served under {', '.join(hostnames)}.")
