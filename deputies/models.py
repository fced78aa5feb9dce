"""The registry of deputies (人大代表) by term, constituency and deputy group (seed 十二, 十四)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.files import PrivateFileField, RandomName
from congress.models import Organization, Term, TimeStampedModel


class DeputyGroup(TimeStampedModel):
    """代表组: deputies of one street or the town, for one term."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="deputy_groups"
    )
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如：天平街道代表组"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在街道/镇"), on_delete=models.PROTECT, related_name="deputy_groups"
    )
    leader_name = models.CharField(_("组长"), max_length=50, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "sort_order", "name"]
        verbose_name = _("代表组")
        verbose_name_plural = _("代表组")
        constraints = [
            models.UniqueConstraint(fields=["term", "organization"], name="one_group_per_street_per_term")
        ]

    def __str__(self):
        return self.name


class Constituency(TimeStampedModel):
    """选区: an electoral district of one term."""

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="constituencies"
    )
    number = models.PositiveIntegerField(_("选区编号"))
    name = models.CharField(_("名称"), max_length=100)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在街道/镇"), null=True, blank=True, on_delete=models.PROTECT
    )
    voters = models.PositiveIntegerField(_("选民人数"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "number"]
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="constituency_number_per_term")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Deputy(TimeStampedModel):
    """A deputy of one term. A person re-elected is a new row in the new term; ``person_key``
    links the rows of one person across terms. What the public sees is chosen per field in
    ``public_fields``; name, gender, group and constituency are always public."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Education(models.TextChoices):
        DOCTORATE = "doctorate", _("博士研究生")
        MASTER = "master", _("硕士研究生")
        BACHELOR = "bachelor", _("大学本科")
        COLLEGE = "college", _("大学专科")
        SECONDARY = "secondary", _("中专及高中")
        BELOW = "below", _("初中及以下")

    class Sector(models.TextChoices):
        """代表结构 (seed 十二): the sector a deputy comes from."""

        OFFICIAL = "official", _("党政领导干部")
        WORKER = "worker", _("工人")
        FARMER = "farmer", _("农民")
        PROFESSIONAL = "professional", _("专业技术人员")
        ENTERPRISE = "enterprise", _("企业负责人")
        COMMUNITY = "community", _("社区工作者")
        MILITARY = "military", _("解放军")
        OTHER = "other", _("其他")

    # Fields the deputy and staff may choose to show on the public website, one by one.
    PUBLIC_FIELD_CHOICES = (
        ("birth_date", _("出生年月")),
        ("ethnicity", _("民族")),
        ("party", _("党派")),
        ("education", _("学历")),
        ("occupation", _("工作单位及职务")),
        ("sector", _("代表结构")),
        ("specialty", _("专业特长")),
        ("photo", _("照片")),
        ("phone", _("联系电话")),
        ("email", _("电子邮箱")),
    )
    DEFAULT_PUBLIC_FIELDS = ["ethnicity", "party", "occupation", "specialty"]
    # Personal data: the full birth date, contact details and the login account. Committee
    # staff and the deputy read them; committee members read the business record without
    # them (the birth year only, for the structure by age).
    PRIVATE_FIELDS = ("birth_date", "phone", "email", "handling_contact", "user")

    @classmethod
    def history_value_labels(cls, field_name: str) -> dict | None:
        """Words for the codes a JSON field stores, for the admin's history pages."""
        if field_name == "record_hidden_items":
            from deputies.rules import RECORD_ITEMS

            return dict(RECORD_ITEMS)
        return dict(cls.PUBLIC_FIELD_CHOICES) if field_name == "public_fields" else None

    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="deputies")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    person_key = models.CharField(
        _("人员编号"), max_length=40, help_text=_("同一人在各届的记录使用同一编号"), db_index=True
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    party = models.CharField(_("党派"), max_length=30, blank=True, help_text=_("例如：中共党员、民盟、群众"))
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    occupation = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    sector = models.CharField(_("代表结构"), max_length=20, choices=Sector.choices, blank=True, db_index=True)
    specialty = models.CharField(_("专业特长"), max_length=200, blank=True)
    skills = models.CharField(
        _("技能与经历"),
        max_length=300,
        blank=True,
        help_text=_("供代表资源信息库检索，如：财务审计、外语、社区调解；仅工作人员可见"),
    )
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("选区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    handling_contact = models.CharField(
        _("办理联系方式"),
        max_length=100,
        blank=True,
        help_text=_(
            "承办单位办理您的建议时看到的联系方式；不填写时，承办单位看到隐去中间四位的手机号，查看完整号码会被记录。"
        ),
    )
    photo = PrivateFileField(_("照片"), upload_to=RandomName("deputies"), allow="images", blank=True)
    is_active = models.BooleanField(_("在任"), default=True, help_text=_("辞职、罢免或终止资格后取消"))
    public_fields = models.JSONField(_("公开字段"), default=list, blank=True)
    # The performance record is public item by item: the deputy unticks the items the public
    # page and the public API leave out (``deputies.rules.RECORD_ITEMS`` codes). Stored as the
    # hidden ones, so an item the portal starts counting later is public unless the deputy hides it.
    record_hidden_items = models.JSONField(_("不公开的履职项目"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "group__sort_order", "name", "id"]
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        constraints = [models.UniqueConstraint(fields=["term", "person_key"], name="deputy_once_per_term")]
        indexes = [models.Index(fields=["term", "is_active", "name"], name="deputy_directory")]

    def __str__(self):
        return self.name

    def public_value(self, field_name: str):
        """The field's value if it is marked public, else None."""
        if field_name not in self.public_fields:
            return None
        if field_name in ("education", "sector", "gender"):
            return getattr(self, f"get_{field_name}_display")()
        if field_name == "birth_date":
            return self.birth_date.strftime("%Y-%m") if self.birth_date else None
        return getattr(self, field_name) or None

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None


from deputies.models_activities import Activity, ActivityEvent, ActivitySignup  # noqa: E402,F401
from deputies.models_record import (  # noqa: E402,F401
    MidTermEvaluation,
    MidTermEvaluationEvent,
    MidTermEvaluationRow,
    VoterComment,
    VoterReport,
    VoterReportEvent,
)
