"""``manage.py export_town``: write everything of one town into a ZIP archive."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rathaus.core.tenancy import town_for_command
from rathaus.core.towns.export import export_town


class Command(BaseCommand):
    help = (
        "Export everything of one town into one ZIP archive: its database rows (accounts, "
        "units, roles, organisations, messages, feedback, jobs, the audit trail, second-factor "
        "devices, ...) as data/<app.model>.json in Django's JSON format, and its uploaded "
        "files under files/. manifest.json lists the town, the number of rows per model and "
        "the SHA-256 of every member. Encrypted personal data stays encrypted as stored; "
        "reading it needs this installation's key ring (RATHAUS_ENCRYPTION_KEYS), unless "
        "--decrypt is given. The archive holds personal data, password hashes and "
        "authenticator secrets: it is created readable by its owner only; keep it like a "
        "database backup. Example: manage.py export_town --host service.musterstadt.de "
        "/backup/musterstadt.zip"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            help="A host name of the town to export (needed when there are several towns).",
        )
        parser.add_argument(
            "output",
            type=Path,
            help="Path of the archive to write (.zip), or an existing directory to write it "
            "into under a name with the town and the time.",
        )
        parser.add_argument(
            "--decrypt",
            action="store_true",
            help="Write encrypted personal data as plain text, for a town moving to another "
            "system. Without it, values stay sealed with this installation's keys.",
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace an existing archive of that name."
        )

    def handle(self, *args, host, output: Path, decrypt, overwrite, **options):
        town = town_for_command(host)
        if output.exists() and not output.is_dir() and not overwrite:
            raise CommandError(f"{output} exists; choose another name or add --overwrite.")
        if not output.is_dir() and not output.parent.is_dir():
            raise CommandError(f"The directory {output.parent} does not exist.")
        path = export_town(town=town, destination=output, decrypt=decrypt)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        self.stdout.write(
            self.style.SUCCESS(f"Exported {town} to {path} (SHA-256 {digest.hexdigest()}).")
        )
        if decrypt:
            self.stdout.write(self.style.WARNING("Personal data in this archive is NOT encrypted."))
