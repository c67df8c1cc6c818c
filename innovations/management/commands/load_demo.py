"""Load demo data and print the passwords of new demo accounts."""
import time

from django.core.management.base import BaseCommand

from innovations.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load demo data: the open competition, past competitions and their real "
        "published innovations, Pemerintah Kota Bengkulu with its work units, the "
        "provinces, and demo accounts. Running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set new passwords for all demo accounts and print them.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        started = time.perf_counter()
        result = demo_load(reset_passwords=reset_passwords)
        elapsed = time.perf_counter() - started

        for label, count in [
            ("Provinces", result.provinces),
            ("Agencies", result.agencies),
            ("Work units", result.work_units),
            ("Competitions", result.competitions),
            ("Innovations", result.innovations),
        ]:
            self.stdout.write(f"{label}: {count.created} created, {count.kept} already present.")
        competition = result.open_competition
        self.stdout.write(
            f"Open competition: {competition.name}, submission "
            f"{competition.submission_opens_on:%Y-%m-%d} to {competition.submission_closes_on:%Y-%m-%d}."
        )

        with_password = [account for account in result.accounts if account.password]
        if with_password:
            self._write_password_table(with_password)
            self.stdout.write(
                f"Hashed {len(with_password)} passwords in {result.hashing_seconds:.1f} s."
            )
            self.stdout.write(self.style.WARNING("These passwords are shown only once."))
        unchanged = [account for account in result.accounts if not account.password]
        if unchanged:
            self.stdout.write(
                f"{len(unchanged)} demo accounts already exist and keep their passwords; "
                "run load_demo --reset-passwords to set new ones."
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))

    def _write_password_table(self, accounts):
        rows = [("Role", "Username", "Unit", "Password")]
        for account in accounts:
            user = account.user
            place = user.work_unit or user.agency or "-"
            rows.append((user.role, user.username, str(place), account.password))
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            self.stdout.write("  ".join([*cells, row[3]]))
