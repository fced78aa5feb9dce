"""Load the demo district. Refuses unless CONGRESS_ALLOW_DEMO_DATA is on (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress.demo import DEMO_PASSWORD, load_demo

ACCOUNTS = [
    ("admin", "系统管理员"),
    ("staff", "常委会工作人员"),
    ("member", "常委会组成人员"),
    ("member2", "常委会组成人员（质询案联名）"),
    ("member3", "常委会组成人员（质询案联名）"),
    ("deputy1", "人大代表"),
    ("deputy2", "人大代表"),
    ("unit1", "承办单位联络员（区教育局）"),
    ("unit2", "承办单位联络员（区卫生健康委员会）"),
    ("govoffice", "区政府办公室审核人"),
    ("partyoffice", "区委办公室审核人"),
    ("station1", "代表联络站工作人员（天平路街道代表联络室）"),
    ("finance1", "区财政局联络员（预算初审询问的答复、预算执行询问）"),
]


class Command(BaseCommand):
    help = "Load the demo district (idempotent; keeps what users entered)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="do not print the demo accounts")

    def handle(self, *args, **options):
        if not settings.CONGRESS_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is disabled here (set CONGRESS_ALLOW_DEMO_DATA=1 on a demo machine only)."
            )
        load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
        if not options["quiet_accounts"]:
            self.stdout.write(
                f"演示账号（密码均为 {DEMO_PASSWORD}）/ demo accounts (password {DEMO_PASSWORD}):"
            )
            for username, role in ACCOUNTS:
                self.stdout.write(f"  {username:<12} {role}")
