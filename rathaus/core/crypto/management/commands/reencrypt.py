"""``manage.py reencrypt``: re-seal all personal data with the current encryption key."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.core.crypto.keyring import get_keyring
from rathaus.core.crypto.rotation import reencrypt_all
from rathaus.core.tenancy import scopes_disabled


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value of every model with the current key (the first "
        "one in RATHAUS_ENCRYPTION_KEYS). To rotate keys: put a new key first and keep the "
        "old ones behind it, restart, run this command, and remove an old key only when "
        "this command reports no values left under it. Safe to run again at any time, and "
        "while the site is in use; values already under the current key are left alone. "
        "Exits with 1 if any value could not be decrypted (listed by model, row and field)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the values under old keys; change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows read and written per transaction (default: %(default)s).",
        )

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        current = get_keyring().current_id
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        self.stdout.write(
            f"Current key: {current}{' (dry run, nothing changes)' if dry_run else ''}"
        )
        # Key rotation is installation-wide: every town's rows, with the current key.
        with scopes_disabled():
            reports = reencrypt_all(dry_run=dry_run, batch_size=batch_size)
        total = 0
        failures = []
        for report in reports:
            count = sum(report.old_keys.values()) if dry_run else report.resealed
            total += count
            by_key = ", ".join(f"{key}: {n}" for key, n in sorted(report.old_keys.items()))
            line = f"{report.label}: {report.rows} rows, {verb} {count} values"
            self.stdout.write(line + (f" (old keys {by_key})" if by_key else ""))
            failures += [f"{report.label} {failure}" for failure in report.failures]
        if failures:
            self.stderr.write(f"{len(failures)} value(s) could not be decrypted:")
            for failure in failures:
                self.stderr.write(f"  - {failure}")
            raise CommandError(
                "Some values could not be decrypted; is an old key missing from the ring?",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {verb} {total} values."
                if total
                else f"Nothing to do: all values are under key {current}."
            )
        )
