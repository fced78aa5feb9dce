"""Issue a one-time enrolment code from the server's shell, for the first administrators of an
installation: the security administrator issues codes in the admin, but the very first one
(and the superuser setting it up) has nobody to issue theirs. Whoever runs this has the
server, so it opens nothing a stolen password could."""

from django.core.management.base import BaseCommand, CommandError

from congress.models import User
from congress.services import enrolment_code_issue


class Command(BaseCommand):
    help = "Issue a one-time code to bind a first authenticator (TOTP) for USERNAME; printed once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        row, code = enrolment_code_issue(user=user, issued_by=None)
        self.stdout.write(
            f"{code}  (for {username}, valid until {row.expires_at:%Y-%m-%d %H:%M %Z}, single use)"
        )
