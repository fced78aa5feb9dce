"""Import a deputy roster (.xlsx) from the command line, through the same service as the admin:
all or nothing, every problem listed by Excel row and column."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from deputies.services import RosterImportError, roster_import


class Command(BaseCommand):
    help = "导入代表名册（Excel .xlsx）：有任何一行出错则整表不导入。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="代表名册文件路径（.xlsx）")
        parser.add_argument("--user", required=True, help="执行导入的用户名（记入修改历史）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, path, user, dry_run, **options):
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"用户“{user}”不存在。")
        try:
            with open(path, "rb") as file:
                result = roster_import(file=file, actor=actor, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"无法打开文件：{exc}") from exc
        except RosterImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc.message)) from exc
        verb = "检查通过（未写入）" if result.dry_run else "导入完成"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}：新增 {result.created} 人，更新 {result.updated} 人，未变 {result.unchanged} 人。"
            )
        )
