"""Idempotent setup every installation needs after ``migrate``: the database cache table,
the role groups and a row for every rule (so staff can edit all of them in the admin)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from congress.rules import rules_ensure_rows
from congress.services import ensure_role_groups


class Command(BaseCommand):
    help = "Create the cache table, role groups and rule rows (safe to run again)."

    def handle(self, *args, **options):
        call_command("createcachetable", verbosity=0)
        ensure_role_groups()
        created = rules_ensure_rows()
        self.stdout.write(f"bootstrap: role groups ready, {created} rule rows created")
