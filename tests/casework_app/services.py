from django.db import transaction

from congress.casework.services import lock, record_event, transition
from congress.exceptions import ApplicationError
from tests.casework_app.models import Ticket
from tests.casework_app.workflow import TICKET


@transaction.atomic
def ticket_create(*, actor, title, unit, deadline) -> Ticket:
    ticket = Ticket.objects.create(title=title, unit=unit, deadline=deadline)
    record_event(ticket, TICKET, "create", actor=actor, from_state="")
    return ticket


def ticket_receive(*, actor, ticket) -> Ticket:
    return transition(ticket, TICKET, "receive", actor=actor)


@transaction.atomic
def ticket_answer(*, actor, ticket, answer: str) -> Ticket:
    if not answer.strip():
        raise ApplicationError("请填写答复。", extra={"answer": ["此项为必填项。"]})
    return transition(ticket, TICKET, "answer", actor=actor, changes={"answer": answer.strip()})


@transaction.atomic
def ticket_decide(*, actor, ticket, accept: bool, note: str = "") -> Ticket:
    ticket = lock(ticket)
    target = Ticket.State.CLOSED if accept else Ticket.State.HANDLING
    return transition(ticket, TICKET, "decide", actor=actor, target=target, note=note, locked=True)
