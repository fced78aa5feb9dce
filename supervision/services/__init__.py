"""Every write and transition of supervision. Callers — the admin, the portal views, the API,
the demo loader and the Celery task — call these, never ``.save()`` on the models."""

from supervision.services._common import NOT_STAFF, NOT_UNIT
from supervision.services.interpellations import (
    interpellation_answer,
    interpellation_close,
    interpellation_decide,
    interpellation_declare_unsatisfied,
    interpellation_file,
    min_signers,
)
from supervision.services.plan import (
    plan_adopt,
    plan_comment,
    plan_create,
    plan_item_add,
    plan_item_drop,
    plan_item_update,
    plan_open_for_comment,
    plan_publish,
    plan_update,
)
from supervision.services.reminders import send_daily_reminders
from supervision.services.reports import (
    report_create,
    report_deliberate,
    report_follow_up,
    report_send_opinions,
    report_submit,
    report_submit_rectification,
    report_unwithhold,
    report_update,
    report_vote,
    report_withhold,
    vote_fails,
)

__all__ = [
    "NOT_STAFF",
    "NOT_UNIT",
    "interpellation_answer",
    "interpellation_close",
    "interpellation_decide",
    "interpellation_declare_unsatisfied",
    "interpellation_file",
    "min_signers",
    "plan_adopt",
    "plan_comment",
    "plan_create",
    "plan_item_add",
    "plan_item_drop",
    "plan_item_update",
    "plan_open_for_comment",
    "plan_publish",
    "plan_update",
    "report_create",
    "report_deliberate",
    "report_follow_up",
    "report_send_opinions",
    "report_submit",
    "report_submit_rectification",
    "report_unwithhold",
    "report_update",
    "report_vote",
    "report_withhold",
    "send_daily_reminders",
    "vote_fails",
]
