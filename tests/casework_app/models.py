from django.db import models
from simple_history.models import HistoricalRecords

from congress.casework.models import RectifiableItem, RectificationRound, TransitionEvent
from congress.models import Organization


class Ticket(models.Model):
    """Something a unit owes by a deadline (think: a rectification report)."""

    class State(models.TextChoices):
        OPEN = "open", "待签收"
        HANDLING = "handling", "办理中"
        ANSWERED = "answered", "已答复"
        CLOSED = "closed", "已办结"
        WITHDRAWN = "withdrawn", "已撤回"

    title = models.CharField(max_length=200)
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    deadline = models.DateField()
    answer = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.title


class TicketEvent(TransitionEvent):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")

    @staticmethod
    def workflows():
        from tests.casework_app.workflow import TICKET

        return (TICKET,)

    class Meta(TransitionEvent.Meta):
        pass


class Defect(RectifiableItem):
    """Something a unit must rectify in rounds (think: an inspection's issue)."""

    class State(models.TextChoices):
        RECTIFYING = "rectifying", "整改中"
        REPORTED = "reported", "已报送整改情况"
        ACCEPTED = "accepted", "整改到位"

    OWED_STATES = (State.RECTIFYING,)

    state = models.CharField(max_length=20, choices=State.choices, default=State.RECTIFYING)
    history = HistoricalRecords()


class DefectRound(RectificationRound):
    defect = models.ForeignKey(Defect, on_delete=models.CASCADE, related_name="rectifications")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["defect", "round"], name="casework_app_defect_round")]


class DefectEvent(TransitionEvent):
    defect = models.ForeignKey(Defect, on_delete=models.CASCADE, related_name="events")

    @staticmethod
    def workflows():
        from tests.casework_app.workflow import DEFECT

        return (DEFECT,)

    class Meta(TransitionEvent.Meta):
        pass
