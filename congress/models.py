"""The shared core: the district, its terms, organizations, people, rules, calendar and notices.

Nothing here is specific to one district: Xuhui's names arrive as rows (demo data or the admin).
"""

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.choices import ChoiceLabelsMixin
from congress.files import PrivateFileField, RandomName
from congress.i18n import Message


class TimeStampedModel(ChoiceLabelsMixin, models.Model):
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class DistrictProfile(TimeStampedModel):
    """The one district this installation serves (a singleton row, pk=1)."""

    name = models.CharField(_("行政区名称"), max_length=50, help_text=_("例如：徐汇区"))
    congress_name = models.CharField(
        _("人大常委会全称"), max_length=100, help_text=_("例如：上海市徐汇区人民代表大会常务委员会")
    )
    short_name = models.CharField(_("简称"), max_length=50, blank=True, help_text=_("例如：徐汇区人大"))
    logo = PrivateFileField(_("标志"), upload_to=RandomName("district"), allow="images", blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("本区信息")
        verbose_name_plural = _("本区信息")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A singleton: one installation serves one district.
        self.pk = 1
        super().save(*args, **kwargs)


class Term(TimeStampedModel):
    """届: a term of the district congress, e.g. the 17th, 2021–2026."""

    number = models.PositiveSmallIntegerField(_("届次"), unique=True)
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如：第十七届"))
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    end_year = models.PositiveSmallIntegerField(_("结束年份"))
    is_current = models.BooleanField(_("本届"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="term_years_ordered"
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="term_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.start_year}—{self.end_year}）"


def is_placeholder_name(value: str) -> bool:
    """A post in brackets standing where a person's name belongs ("（区长）", "(院长)")."""
    text = (value or "").strip()
    return len(text) >= 2 and text[0] in "（(" and text[-1] in "）)"


def validate_person_name(value: str) -> None:
    """A person's name, never a placeholder: with no name on file the field stays empty (the
    pages then show the post, ``Organization.head_title``)."""
    if is_placeholder_name(value):
        raise ValidationError(
            _("请填写姓名；尚未登记姓名的请留空，职务填在“负责人职务”。"), code="placeholder_name"
        )


class Organization(TimeStampedModel):
    """An organization the committee works with: 一府两院, departments, streets, the town,
    the committee office and its working committees. Handling units are organizations."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("区人民政府")  # the district government itself
        COURT = "court", _("区人民法院")
        PROCURATORATE = "procuratorate", _("区人民检察院")
        DEPARTMENT = "department", _("政府部门")  # a department of the district government
        STREET = "street", _("街道")  # a street (街道办事处): also a deputy group's home
        TOWN = "town", _("镇")  # the town, which holds its own town congress
        COMMITTEE_OFFICE = "committee_office", _("常委会办公室")
        WORKING_COMMITTEE = "working_committee", _("人大工作委员会")  # 各工委, counterpart supervisors
        GOV_OFFICE = "gov_office", _("区政府办公室")
        PARTY_OFFICE = "party_office", _("区委办公室")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head_name = models.CharField(
        _("主要负责人"),
        max_length=50,
        blank=True,
        validators=[validate_person_name],
        help_text=_("姓名；尚未登记的留空"),
    )
    head_title = models.CharField(
        _("负责人职务"),
        max_length=50,
        blank=True,
        help_text=_("例如：区长、局长；未登记姓名时公开页面显示职务"),
    )
    deputy_head_name = models.CharField(
        _("分管副职"), max_length=50, blank=True, validators=[validate_person_name], help_text=_("姓名")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    is_handling_unit = models.BooleanField(
        _("可作为承办单位"), default=True, help_text=_("是否可被交办代表建议、议案")
    )
    is_active = models.BooleanField(_("有效"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        permissions = [("act_for_unit", _("代表本单位办理事务"))]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A login. Roles are groups (``congress.roles``). Which unit a user acts for is not a
    field: it is the django-guardian object permission ``congress.act_for_unit`` on an
    Organization, granted only by ``congress.services.user_set_unit``, so every unit wall is
    one guardian query (``congress.units.acting_units``) usable as a subquery."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def label(self):
        return str(self)


class ApiToken(models.Model):
    """An API token (``Authorization: Token <key>``). Only the SHA-256 digest of the key is
    kept: the key is shown once, when issued (``congress.services.api_token_issue``). A token
    works until ``expires_at`` unless revoked: by its owner, by the security administrator, or
    by the system when the owner's password changes or the account is deactivated."""

    class RevokeReason(models.TextChoices):
        OWNER = "owner", _("本人吊销")
        SECURITY_ADMIN = "security_admin", _("安全管理员吊销")
        PASSWORD_CHANGED = "password_changed", _("密码已修改")
        DEACTIVATED = "deactivated", _("账号已停用")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    digest = models.CharField(_("摘要"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("令牌开头"),
        max_length=8,
        editable=False,
        help_text=_("令牌的前几位，用于区分；完整令牌只在签发时显示一次。"),
    )
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now, editable=False)
    created_from = models.GenericIPAddressField(_("签发地址"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("到期时间"), editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("吊销人"),
    )
    revoke_reason = models.CharField(
        _("吊销原因"), max_length=20, choices=RevokeReason.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoke_reason="")
                | (models.Q(revoked_at__isnull=False) & ~models.Q(revoke_reason="")),
                name="apitoken_revoked_with_reason",
            )
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(key: str) -> str:
        """What is stored of a key: its SHA-256. A key is 40 random hex digits, so a plain
        hash suffices; a copy of the table gives no usable token."""
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def state(self) -> str:
        """``active``, ``expired`` or ``revoked`` (the API's values)."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"

    @property
    def state_label(self) -> str:
        return str({"active": _("有效"), "expired": _("已过期"), "revoked": _("已吊销")}[self.state])


class EnrolmentCode(models.Model):
    """A one-time code the security administrator issues so that a staff member can bind a
    first authenticator (TOTP device): the password alone enrols nothing. Only the digest is
    kept; the code is shown once, to the administrator who issued it. It expires after
    ``CONGRESS_OTP_ENROLMENT_CODE_HOURS``, works once, and a newer code voids it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户"))
    digest = models.CharField(_("摘要"), max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False, verbose_name=_("发放人")
    )
    created_at = models.DateTimeField(_("发放时间"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("到期时间"), editable=False)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("身份验证器绑定码")
        verbose_name_plural = _("身份验证器绑定码")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("%(user)s 的绑定码") % {"user": self.user})

    @staticmethod
    def digest_of(code: str) -> str:
        """Codes are compared without case or dashes, as people type them."""
        return hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()


class Rule(TimeStampedModel):
    """A rule that is data: a deadline, a milestone list, a threshold. The registry of keys,
    types and seed-document defaults is ``congress.rules.RULES``; a row overrides the default."""

    key = models.CharField(_("规则代码"), max_length=80, unique=True)
    value = models.JSONField(_("取值"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("业务规则")
        verbose_name_plural = _("业务规则")

    def __str__(self):
        from congress.rules import RULES

        spec = RULES.get(self.key)
        return str(spec.label) if spec else self.key

    def clean(self):
        from congress.rules import RULES, RuleValueError

        spec = RULES.get(self.key)
        if spec is None:
            raise ValidationError({"key": _("未知的规则代码。")})
        try:
            self.value = spec.parse(self.value)
        except RuleValueError as exc:
            raise ValidationError({"value": str(exc)}) from exc


class CalendarDay(TimeStampedModel):
    """An override of China's official calendar for one day: a public holiday or a shifted
    working day (调休). Read before the chinesecalendar library; the only source for years
    the library does not know yet (it stops at 2026)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True, help_text=_("例如：春节、国庆节调休上班"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class Notification(models.Model):
    """An in-app notice to one user. ``key`` makes sending idempotent: one notice per
    (recipient, key), so a rerun reminder job or a retried task never sends twice.

    ``message`` holds what to say as msgids and parameters (``congress.i18n.Message``), so the
    notice is shown in the reader's language (``display_title``, ``display_body``), whatever
    the sender's was; ``title`` and ``body`` hold the same text in the default language, for
    e-mail and SMS, search, and the rows written before ``message`` existed."""

    class Level(models.TextChoices):
        INFO = "info", _("通知")
        REMINDER = "reminder", _("提醒")
        WARNING = "warning", _("预警")  # overdue, escalated

    recipient = models.ForeignKey(
        User, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("去重键"), max_length=200)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    message = models.JSONField(
        _("可翻译内容"),
        default=dict,
        blank=True,
        help_text=_("标题和内容的原文标识与参数，按阅读者的语言显示；为空时显示标题和内容原文。"),
    )
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息通知")
        verbose_name_plural = _("消息通知")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.display_title

    def _display(self, part: str) -> str:
        stored = self.message.get(part) if isinstance(self.message, dict) else None
        if stored:
            try:
                return str(Message.from_json(stored))
            except ValueError:
                pass  # a row someone edited by hand: its stored text still says it
        return getattr(self, part)

    @property
    def display_title(self) -> str:
        """The title in the active language (the stored text for rows without a message)."""
        return self._display("title")

    @property
    def display_body(self) -> str:
        """The body in the active language (the stored text for rows without a message)."""
        return self._display("body")


class OutboxMessage(models.Model):
    """Work for a Celery task, written in the same transaction as the change that needs it
    (the transactional outbox, ``congress.outbox``). A relay publishes it to the broker after
    commit and again, with backoff, until the task reports success: a committed write always
    gets its work done, whether the broker was down or a worker died. Not an official record:
    no history; done rows are purged after a week."""

    task = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("位置参数"), default=list, blank=True)
    kwargs = models.JSONField(_("关键字参数"), default=dict, blank=True)
    dedupe_key = models.CharField(
        _("去重键"),
        max_length=200,
        blank=True,
        help_text=_("同一键未完成时只排队一次。"),
    )
    task_id = models.UUIDField(_("任务编号"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("投递次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次投递时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("投递时间"), null=True, blank=True)
    """When the broker last took it; the task may still be waiting or running."""
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    """When the task reported success (``task_success``); nothing is published after that."""
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待投递任务")
        verbose_name_plural = _("待投递任务")
        indexes = [models.Index(fields=["done_at", "next_attempt_at"], name="outbox_pending")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(dedupe_key=""),
                name="outbox_one_pending_per_key",
            )
        ]

    def __str__(self):
        return f"{self.task} {self.args}"


class NewsItem(TimeStampedModel):
    """News and bulletins on the public website, such as 《代表快递》 and 《代表参议》."""

    class Kind(models.TextChoices):
        NEWS = "news", _("人大要闻")
        NOTICE = "notice", _("通知公告")
        DEPUTY_EXPRESS = "deputy_express", _("代表快递")
        DEPUTY_COUNSEL = "deputy_counsel", _("代表参议")

    kind = models.CharField(_("栏目"), max_length=20, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    issue_number = models.CharField(
        _("期号"), max_length=30, blank=True, help_text=_("简报期号，如 2026年第3期")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    author = models.ForeignKey(User, verbose_name=_("编辑"), null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("新闻与简报")
        verbose_name_plural = _("新闻与简报")
        indexes = [models.Index(fields=["is_published", "-published_at"], name="news_public_order")]

    def __str__(self):
        return self.title


# The case-work kernel's concrete table lives in its own module; importing it here registers it
# with the ``congress`` app.
from congress.casework.models import ReminderMark  # noqa: E402, F401


class AuditEntry(models.Model):
    """One line of the security audit log (MLPS 安全审计): who did what, when, from where.

    Append-only: nothing in the portal changes or deletes a row (the admin grants no change or
    delete to anyone, and on PostgreSQL a trigger refuses UPDATE and DELETE except inside the
    retention purge, ``congress.audit.audit_purge``). Each row carries the HMAC of its content
    and of the previous row's ``hash`` (``congress.audit``), so ``manage.py audit_verify``
    finds a row removed, inserted, altered or moved. Written only by ``congress.audit``."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出登录")
        LOCKED_OUT = "locked_out", _("账号锁定")
        DENIED = "denied", _("拒绝访问")
        EXPORT = "export", _("数据导出")
        PERSONAL_DATA_READ = "personal_data_read", _("查阅个人信息")
        ACCOUNT_CHANGE = "account_change", _("账号与角色变更")
        RULE_CHANGE = "rule_change", _("业务规则变更")
        PURGE = "purge", _("过期日志清理")  # the checkpoint a purge leaves: what it removed, up to which hash

    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices, db_index=True)
    # No database foreign key: a deleted account must not change (or cascade into) the log.
    actor = models.ForeignKey(
        "congress.User",
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.CharField(_("来源地址"), max_length=45, blank=True)
    method = models.CharField(_("请求方法"), max_length=10, blank=True)
    path = models.CharField(_("访问路径"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("响应状态"), null=True, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("记录条数"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条校验值"), max_length=64, editable=False)
    hash = models.CharField(_("校验值"), max_length=64, editable=False)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("安全审计日志")
        verbose_name_plural = _("安全审计日志")
        indexes = [models.Index(fields=["kind", "at"], name="congress_audit_kind_at")]

    def __str__(self):
        return f"{self.seq} {self.get_kind_display()} {self.username}"


class AuditChainHead(models.Model):
    """The one row (pk=1) that serializes appends to the audit chain (locked with SELECT … FOR
    UPDATE by every append) and remembers where the chain ends and, after a purge, where what
    is left begins: ``audit_verify`` checks both ends against the rows, so a row cut from
    either end is found too."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    # The last purged row's seq and hash (0 and "" while nothing was purged).
    base_seq = models.BigIntegerField(default=0)
    base_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链状态")
        verbose_name_plural = _("审计链状态")
        default_permissions = ()

    def __str__(self):
        return f"{self.base_seq}..{self.last_seq}"
