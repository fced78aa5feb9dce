"""Liaison offices, stations and points (代表联络室 / 代表之家 / 居民区代表联系点, seed 十三、十七),
their reception days (接待日) and files, and the citizens' opinions (社情民意) taken there or
online, handled by layer until the citizen says whether the problem was solved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class Station(TimeStampedModel):
    """A place where deputies meet voters: a street's liaison office, a deputies' home or a
    residential liaison point. ``workers`` are the accounts (role 联络站工作人员) that keep its
    schedule, file and opinions in the portal."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("街道（镇）代表联络室")
        HOME = "home", _("代表之家")
        POINT = "point", _("居民区代表联系点")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    street = models.ForeignKey(
        Organization,
        verbose_name=_("所在街道/镇"),
        on_delete=models.PROTECT,
        related_name="liaison_stations",
        limit_choices_to={"kind__in": [Organization.Kind.STREET, Organization.Kind.TOWN]},
    )
    address = models.CharField(_("地址"), max_length=200)
    directions = models.TextField(
        _("怎么走"), blank=True, help_text=_("不用地图也能找到：公交、地铁站、门牌和楼层")
    )
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    head_name = models.CharField(_("负责人"), max_length=50, blank=True, help_text=_("例如：街道党工委书记"))
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("进站代表"), blank=True, related_name="liaison_stations"
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("站点工作人员"), blank=True, related_name="liaison_stations"
    )
    is_active = models.BooleanField(_("有效"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("代表联络站点")
        verbose_name_plural = _("代表联络站点")

    def __str__(self):
        return self.name


class StationRecord(TimeStampedModel):
    """One entry of a station's file (seed 十七: 活动场地、宣传阵地、档案记录、典型示范)."""

    class Kind(models.TextChoices):
        VENUE = "venue", _("活动场地")
        PUBLICITY = "publicity", _("宣传阵地")
        ARCHIVE = "archive", _("档案记录")
        MODEL = "model", _("典型示范")

    station = models.ForeignKey(
        Station, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="records"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), blank=True)
    recorded_on = models.DateField(_("日期"), null=True, blank=True)
    is_public = models.BooleanField(_("在网站公开"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "kind", "-recorded_on", "-id"]
        verbose_name = _("站点档案")
        verbose_name_plural = _("站点档案")

    def __str__(self):
        return self.title


class Reception(TimeStampedModel):
    """A reception day (接待日): which deputies receive voters, when and where."""

    station = models.ForeignKey(
        Station, verbose_name=_("站点"), on_delete=models.PROTECT, related_name="receptions"
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True, help_text=_("不填写时为站点地址"))
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("接待代表"), blank=True, related_name="liaison_receptions"
    )
    cancelled_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("接待日")
        verbose_name_plural = _("接待日")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="reception_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.station.name} {self.starts_at:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancelled_reason)

    @property
    def where(self) -> str:
        return self.place or self.station.address


class OpinionCategory(models.Model):
    """A category of citizens' opinions (data: staff add and rename them)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("社情民意类别")
        verbose_name_plural = _("社情民意类别")

    def __str__(self):
        return self.name


class Opinion(TimeStampedModel):
    """A citizen's opinion (社情民意). Handled by layer (分层分类): answered on the spot, passed to
    the street, to a department (owed by ``deadline``: a tracked item with reminders), or turned
    into a deputy's suggestion (``proposal``). Once closed the citizen says whether it was solved;
    not solved reopens it."""

    class State(models.TextChoices):
        RECEIVED = "received", _("待分办")  # taken, nobody routed it yet
        HANDLING = "handling", _("办理中")  # routed to a layer, not closed
        CLOSED = "closed", _("已办结")  # answered; the citizen may say whether it was solved
        REOPENED = "reopened", _("重新办理")  # the citizen said not solved: to be routed again

    class Layer(models.TextChoices):
        ON_THE_SPOT = "on_the_spot", _("当场答复")
        STREET = "street", _("转街道（镇）办理")
        DEPARTMENT = "department", _("转职能部门办理")
        SUGGESTION = "suggestion", _("转为代表建议")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上留言")
        QR = "qr", _("扫码留言")
        RECEPTION = "reception", _("接待日当面反映")

    class CitizenResult(models.TextChoices):
        SOLVED = "solved", _("已解决")
        PARTLY = "partly", _("部分解决")
        NOT_SOLVED = "not_solved", _("未解决")

    receipt = models.CharField(_("回执编号"), max_length=20, unique=True)
    channel = models.CharField(_("来源"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    station = models.ForeignKey(
        Station,
        verbose_name=_("站点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("反映给代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_opinions",
    )
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("接待日"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    street = models.ForeignKey(
        Organization, verbose_name=_("所在街道/镇"), on_delete=models.PROTECT, related_name="liaison_opinions"
    )
    category = models.ForeignKey(
        OpinionCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("反映内容"))
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=20)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    layer = models.CharField(_("办理层级"), max_length=20, choices=Layer.choices, blank=True)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_opinions_handled",
    )
    deadline = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    routed_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("转为代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_opinions",
    )
    result = models.TextField(_("办理结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    citizen_result = models.CharField(_("群众评价"), max_length=20, choices=CitizenResult.choices, blank=True)
    citizen_comment = models.CharField(_("群众意见"), max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    address_digest = models.CharField(
        _("来源地址摘要"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("网上提交时网络地址的密钥摘要，只用于每日上限，不保存地址本身"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")
        indexes = [models.Index(fields=["station", "state"], name="opinion_station_state")]

    def __str__(self):
        return self.receipt


class OpinionEvent(TransitionEvent):
    """A step of an opinion: taken, routed, closed, confirmed by the citizen, reopened."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("社情民意"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from liaison.workflow import OPINION

        return (OPINION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("社情民意办理记录")
        verbose_name_plural = _("社情民意办理记录")
