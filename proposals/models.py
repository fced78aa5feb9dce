"""Deputies' motions (议案) and suggestions (建议、批评和意见), from draft to public reply (seed 十一).

A ``Proposal`` has one life: a lead deputy drafts it and invites co-signers, staff register and
assign it to handling units (``Assignment``), each unit handles its part (``ContactLog``,
assisting opinions, ``Reply``), the government office reviews the reply, the deputy rates it
(``Rating``), and a closed proposal is public unless withheld. Every state change is written by
``proposals.services`` and leaves a ``ProposalEvent``; the allowed changes are in
``proposals.workflow``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.files import PrivateFileField, RandomName
from congress.models import Organization, Term, TimeStampedModel


class Category(TimeStampedModel):
    """A subject category (城市建设、教育、卫生 …): data that staff edit."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("建议类别")
        verbose_name_plural = _("建议类别")

    def __str__(self):
        return self.name


class Proposal(TimeStampedModel):
    """One motion or suggestion of a lead deputy, with its whole handling life."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("建议")  # 建议、批评和意见
        MOTION = "motion", _("议案")  # needs the legal minimum of co-signers

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")  # the lead deputy is writing; co-signers are being invited
        SUBMITTED = "submitted", _("已提交")  # waiting for staff to register it
        REGISTERED = "registered", _("已立案")  # accepted, waiting to be assigned to units
        RETURNED = "returned", _("不予立案")  # returned with a reason the deputy sees
        MERGED = "merged", _("已并案")  # a duplicate, handled as part of ``merged_into``
        ASSIGNED = "assigned", _("办理中")  # assigned to units, who are handling it
        REPLY_REVIEW = (
            "reply_review",
            _("答复审核中"),
        )  # every lead unit replied; the government office reviews
        REPLIED = "replied", _("已答复")  # reply confirmed and sent; waiting for the deputy's rating
        REHANDLING = "rehandling", _("重新办理")  # the lead deputy was unsatisfied; units handle it again
        CLOSED = "closed", _("已办结")  # rated, or closed as not rated after the rating deadline

    class ClosedAs(models.TextChoices):
        RATED = "rated", _("已测评")
        NOT_RATED = "not_rated", _("逾期未测评")

    class Source(models.TextChoices):
        ONLINE = "online", _("网上提交")
        PAPER = "paper", _("纸质登记")  # typed in or imported by staff during the session

    serial = models.CharField(
        _("编号"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        help_text=_("立案时生成，如 2026-建-0001"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(_("年度"), help_text=_("提出建议的会议年度"))
    lead_deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("领衔代表"), on_delete=models.PROTECT, related_name="proposals"
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    return_reason = models.TextField(_("不予立案理由"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_proposals",
    )
    is_hard = models.BooleanField(
        _("办理难度较大"), default=False, help_text=_("答复期限按难度较大的规则计算")
    )
    handling_round = models.PositiveSmallIntegerField(
        _("办理轮次"), default=1, help_text=_("代表不满意重新办理后为 2")
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rating_deadline = models.DateField(
        _("测评截止日"), null=True, blank=True, help_text=_("答复后代表须在此日前测评，逾期按未测评办结")
    )
    final_satisfaction = models.CharField(
        _("测评结果"), max_length=30, blank=True, help_text=_("领衔代表的最终测评，用于统计")
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_as = models.CharField(_("办结方式"), max_length=20, choices=ClosedAs.choices, blank=True)

    # 督办 (seed 十一): four kinds of oversight can apply at once.
    is_key_oversight = models.BooleanField(_("主任会议重点督办"), default=False)
    oversight_committee = models.ForeignKey(
        Organization,
        verbose_name=_("对口督办工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overseen_proposals",
        limit_choices_to={"kind": Organization.Kind.WORKING_COMMITTEE},
    )
    oversight_deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("参与督办代表"), blank=True, related_name="overseen_proposals"
    )
    oversight_leader = models.CharField(
        _("牵头督办区政府领导"), max_length=50, blank=True, help_text=_("区政府领导牵头督办时填写")
    )

    opinion_missing = models.BooleanField(
        _("答复时缺协办意见"),
        default=False,
        help_text=_("主办单位答复时仍有协办、会办单位未提交意见（见办理记录）"),
    )

    # Public disclosure: closed proposals are public unless withheld with a recorded reason.
    is_withheld = models.BooleanField(_("不予公开"), default=False)
    withheld_reason = models.CharField(_("不公开理由"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("议案建议")
        verbose_name_plural = _("议案建议")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_withheld=False) | ~models.Q(withheld_reason=""),
                name="proposal_withheld_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="returned") | ~models.Q(return_reason=""),
                name="proposal_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=(models.Q(state="merged") & models.Q(merged_into__isnull=False))
                | (~models.Q(state="merged") & models.Q(merged_into__isnull=True)),
                name="proposal_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="proposal_not_merged_into_self"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_at__isnull=False),
                name="proposal_closed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_deputy", "state"], name="proposal_deputy_state"),
            models.Index(fields=["state", "is_withheld", "year"], name="proposal_public"),
            models.Index(fields=["state", "created_at"], name="proposal_queue"),
            models.Index(fields=["state", "rating_deadline"], name="proposal_rating_due"),
            # The public listing, newest closed first: a page reads 20 index entries.
            models.Index(
                fields=["-closed_at", "-id"],
                condition=models.Q(state="closed", is_withheld=False),
                name="proposal_public_recent",
            ),
            # Staff and committee members list every proposal, newest first.
            models.Index(fields=["-created_at", "-id"], name="proposal_newest"),
            # The distinct years of the statistics, one index probe per year.
            models.Index(fields=["year"], name="proposal_year"),
        ]
        # On PostgreSQL the table also has ``search_vector`` (tsvector, not a model field, so it
        # is never loaded with a row) and its partial GIN index: see ``proposals.search``.

    def __str__(self):
        return f"{self.serial} {self.title}" if self.serial else self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        # The state as read (``proposals.caching``: does a save change what the public sees?).
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    @property
    def is_public(self) -> bool:
        return self.state == self.State.CLOSED and not self.is_withheld


class CoSigner(TimeStampedModel):
    """附议/联名: a deputy invited to co-sign; counts only once confirmed."""

    class State(models.TextChoices):
        INVITED = "invited", _("待确认")  # invited by the lead deputy, not answered yet
        CONFIRMED = "confirmed", _("已附议")  # signed; receives the reply and may rate
        DECLINED = "declined", _("已谢绝")  # said no

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.CASCADE, related_name="cosigners"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("附议代表"), on_delete=models.PROTECT, related_name="cosignings"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.INVITED)
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("附议代表")
        verbose_name_plural = _("附议代表")
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="cosigner_once")]
        indexes = [models.Index(fields=["deputy", "state"], name="cosigner_deputy_state")]

    def __str__(self):
        return f"{self.deputy} · {self.get_state_display()}"


class Assignment(TimeStampedModel):
    """交办: one unit's part of a proposal, with the "four fixed" (定人员、定责任、定措施、定时限)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")  # drafts the reply
        ASSISTING = "assisting", _("协办")  # sends an opinion to the lead unit
        JOINT = "joint", _("会办")  # like assisting, handled jointly with the lead unit

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("待签收")  # assigned, the unit has not signed for it yet
        HANDLING = "handling", _("办理中")  # signed for (签收), being handled
        REVIEW = "review", _("答复审核中")  # the lead unit's reply waits for the government office
        DONE = "done", _("已办复")  # reply confirmed (lead) or opinion sent (assisting)
        WITHDRAWN = "withdrawn", _("已退回")  # a return request was approved; no longer this unit's
        # The proposal closed while this unit's part was still open (an assisting unit that never
        # signed for it or gave its opinion): nothing more is owed, nothing is reminded.
        CLOSED = "closed", _("已办结")

    OPEN_STATES = (State.ASSIGNED, State.HANDLING)

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="proposal_assignments",
    )
    role = models.CharField(_("承办方式"), max_length=20, choices=Role.choices, default=Role.LEAD)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.ASSIGNED)
    deadline = models.DateField(_("答复期限"))
    is_hard = models.BooleanField(_("难度较大"), default=False)
    assigned_at = models.DateTimeField(_("交办时间"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    responsible_leader = models.CharField(_("分管领导"), max_length=50, blank=True)
    responsible_person = models.CharField(_("具体承办人"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    measures = models.TextField(_("办理措施"), blank=True)
    handling_round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    opinion = models.TextField(_("协办意见"), blank=True, help_text=_("协办、会办单位向主办单位提出的意见"))
    opinion_sent_at = models.DateTimeField(_("意见提交时间"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    answered_on_time = models.BooleanField(
        _("按期答复"), null=True, blank=True, help_text=_("首次答复是否在答复期限内（含批准延期）")
    )
    reply_class = models.CharField(
        _("答复分类"), max_length=10, blank=True, help_text=_("最近确认的答复分类")
    )
    follow_up_open = models.BooleanField(
        _("跟踪办理中"), default=False, help_text=_("B、C 类答复在问题解决前持续跟踪")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=~models.Q(state="withdrawn"),
                name="assignment_once_per_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="handling") | models.Q(received_at__isnull=False),
                name="assignment_handling_was_received",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state", "deadline"], name="assignment_inbox"),
            # The inbox order (open first, then by deadline) of one unit: a page reads its rows.
            # The expression is the one ``selectors.assignment_list_for_user`` sorts by.
            models.Index(
                models.F("unit"),
                models.Case(
                    models.When(state__in=["assigned", "handling"], then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                models.F("deadline"),
                models.F("id"),
                condition=~models.Q(state="withdrawn"),
                name="assignment_inbox_order",
            ),
            models.Index(fields=["state", "deadline"], name="assignment_due_scan"),
            models.Index(fields=["proposal", "role"], name="assignment_proposal_role"),
        ]

    def __str__(self):
        # A name, never an id: lists that show it select the proposal and the unit.
        return f"{self.proposal} · {self.unit}（{self.get_role_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ContactLog(models.Model):
    """办前联系/办中沟通/办后反馈: the unit's contact with the deputy."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("办前联系")
        DURING = "during", _("办中沟通")
        AFTER = "after", _("办后反馈")

    class Channel(models.TextChoices):
        VISIT = "visit", _("登门走访")
        MEETING = "meeting", _("座谈会商")
        PHONE = "phone", _("电话")
        ONLINE = "online", _("网络/微信")
        SITE = "site", _("现场察看")
        OTHER = "other", _("其他")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="contacts"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    date = models.DateField(_("日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    who = models.CharField(_("参加人员"), max_length=200, blank=True)
    note = models.TextField(_("情况记录"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")

    def __str__(self):
        return f"{self.get_stage_display()} {self.date}"


class Reply(TimeStampedModel):
    """答复 (or a later follow-up report 跟踪办理情况) of a lead unit, reviewed by the government office."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("答复")
        FOLLOW_UP = "follow_up", _("跟踪办理情况")  # B/C items: the unit reports again later

    class State(models.TextChoices):
        REVIEW = "review", _("待审核")  # waits for the government office
        CONFIRMED = "confirmed", _("已确认")  # confirmed; the deputy has it
        SENT_BACK = "sent_back", _("已退回修改")  # sent back with comments; the unit writes a new one

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="replies"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.REPLY)
    handling_round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    reply_class = models.CharField(
        _("答复分类"), max_length=10, blank=True, help_text=_("取值见规则“答复分类”（A/B/C …）")
    )
    content = models.TextField(_("答复内容"))
    state = models.CharField(_("审核状态"), max_length=20, choices=State.choices, default=State.REVIEW)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    reviewer_comments = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    is_resolved = models.BooleanField(
        _("问题已解决"), default=False, help_text=_("跟踪办理报告中说明问题已解决时勾选")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "handling_round"],
                condition=models.Q(kind="reply") & ~models.Q(state="sent_back"),
                name="reply_one_live_per_round",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="reply") | ~models.Q(reply_class=""), name="reply_has_class"
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="reply_review_queue")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reply_class}"


class Attachment(models.Model):
    """A file of a proposal, or of one of its replies."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.CASCADE, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = PrivateFileField(_("文件"), upload_to=RandomName("proposals"))
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.name


class Rating(TimeStampedModel):
    """满意度测评 by the lead deputy (decides) or a confirmed co-signer, once per handling round."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.CASCADE, related_name="ratings"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="proposal_ratings"
    )
    handling_round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    satisfaction = models.CharField(_("测评结果"), max_length=30, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True)
    is_decisive = models.BooleanField(_("领衔代表测评"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["handling_round", "id"]
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "deputy", "handling_round"], name="rating_once_per_round"
            )
        ]

    def __str__(self):
        return self.get_satisfaction_display()


class ExtensionRequest(TimeStampedModel):
    """A unit's request for a later deadline (at most the rule ``proposals.extension_max``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("理由"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=models.Q(state="pending"), name="extension_one_pending"
            ),
        ]

    def __str__(self):
        return _("%(assignment)s · 申请延至 %(date)s") % {
            "assignment": self.assignment,
            "date": self.requested_deadline,
        }


class ReturnRequest(TimeStampedModel):
    """退回/申请调整: a unit says the item is not theirs (within ``proposals.return_window``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="return_requests"
    )
    reason = models.TextField(_("理由"))
    suggested_unit = models.CharField(_("建议承办单位"), max_length=100, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    reassigned_to = models.ForeignKey(
        Organization,
        verbose_name=_("改交单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("退回申请")
        verbose_name_plural = _("退回申请")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=models.Q(state="pending"), name="return_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.get_state_display()}"


class ProposalEvent(TransitionEvent):
    """One step of a proposal's life: the timeline the deputy and staff read. Steps of its
    assignments, replies and co-signers are written here too (``proposals.workflow``)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("议案建议"), on_delete=models.CASCADE, related_name="events"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("交办"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        indexes = [models.Index(fields=["proposal", "created_at"], name="proposal_event_timeline")]

    @staticmethod
    def workflows():
        from proposals.workflow import ASSIGNMENT, COSIGNER, PROPOSAL

        return (PROPOSAL, ASSIGNMENT, COSIGNER)

    @property
    def action_label(self):
        from proposals.workflow import action_label

        return action_label(self.action)
