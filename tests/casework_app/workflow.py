from congress.casework.workflow import Workflow, action
from tests.casework_app.models import Defect, DefectEvent, Ticket, TicketEvent
from tests.casework_app.permissions import can_decide_ticket, can_handle_ticket

S = Ticket.State

TICKET = Workflow(
    name="ticket",
    model=Ticket,
    event_model=TicketEvent,
    event_owner=lambda ticket: {"ticket": ticket},
    namespace="casework_app",
    actions=[
        action("receive", "签收", [S.OPEN], S.HANDLING, permission=can_handle_ticket),
        action("answer", "答复", [S.HANDLING], S.ANSWERED, permission=can_handle_ticket),
        action("note", "记录", [S.OPEN, S.HANDLING, S.ANSWERED], permission=can_handle_ticket),
        action("decide", "审核", [S.ANSWERED], targets=[S.CLOSED, S.HANDLING], permission=can_decide_ticket),
        action("withdraw", "撤回", [S.OPEN, S.HANDLING], S.WITHDRAWN, permission=can_decide_ticket),
    ],
)

D = Defect.State

DEFECT = Workflow(
    name="defect",
    model=Defect,
    event_model=DefectEvent,
    event_owner=lambda defect: {"defect": defect},
    namespace="casework_app",
    actions=[
        action("rectify", "报送整改情况", [D.RECTIFYING], D.REPORTED, permission=can_handle_ticket),
        action("accept", "认定整改到位", [D.REPORTED], D.ACCEPTED, permission=can_decide_ticket),
        action("redo", "退回重新整改", [D.REPORTED], D.RECTIFYING, permission=can_decide_ticket),
    ],
)
