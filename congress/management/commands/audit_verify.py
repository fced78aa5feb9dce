"""Check the security audit log's hash chain (``congress.audit.audit_verify``): exits 0 when
every row is in place and unaltered, 1 (listing what is wrong) when a row was removed,
inserted, altered or moved. Run it from monitoring, e.g. daily."""

from django.core.management.base import BaseCommand, CommandError

from congress.audit import audit_verify


class Command(BaseCommand):
    help = "校验安全审计日志的哈希链：发现删除、插入、篡改或调换的记录时报错退出。"

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"audit log: {len(result.problems)} problems in {result.checked} rows")
        self.stdout.write(f"audit log OK: {result.checked} rows, chain intact")
