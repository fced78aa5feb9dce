from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """What remains of a public OParl object once its row was deleted or stopped being public
    (a proposal withheld, a meeting unpublished): OParl 1.1 keeps such an object at its URL with
    ``deleted: true`` so a mirror learns to delete its copy (``opendata.oparl.tombstones``).

    One row per object and body; written in the transaction of the change, removed again when
    the object becomes public once more."""

    kind = models.CharField(_("OParl 对象类别"), max_length=20)
    key = models.CharField(_("OParl 对象键"), max_length=40, help_text=_("如 proposal-12"))
    body = models.CharField(_("机构"), max_length=20)
    model = models.CharField(_("数据表"), max_length=60, help_text=_("原记录的模型，如 meetings.meeting"))
    object_pk = models.PositiveBigIntegerField(_("原记录编号"))
    created = models.DateTimeField(_("对象创建时间"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("删除或撤回公开的时间"), default=timezone.now)

    class Meta:
        verbose_name = _("OParl 已删除对象")
        verbose_name_plural = _("OParl 已删除对象")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "body"], name="oparl_tombstone_unique_object"),
        ]
        indexes = [models.Index(fields=["kind", "body", "deleted_at"], name="oparl_tombstone_list")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.key}"
