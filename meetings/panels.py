"""Portal home panels: what waits for a unit officer (meetings to answer) and for a reviewer
(leave to decide). Two queries each (count and the first five), whatever the data."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.portal import Panel, PanelItem
from meetings import selectors


def required_meetings_panel(user):
    if not roles.has_role(user, roles.UNIT_OFFICER):
        return None
    rows = selectors.attendance_needing_response(user)
    count = rows.count()
    items = [
        PanelItem(
            title=row.meeting.title,
            url=reverse("portal:meeting-detail", args=[row.meeting_id]),
            meta=_("%(when)s · 应出席人：%(who)s · %(status)s")
            % {
                "when": f"{timezone.localtime(row.meeting.starts_at):%Y-%m-%d %H:%M}",
                "who": row.expected_person or "—",
                "status": row.get_status_display(),
            },
            tone="due" if row.status == row.Status.LEAVE_REJECTED else "",
        )
        for row in rows[:5]
    ]
    return Panel(
        title=_("需列席的会议"),
        items=items,
        count=count,
        more_url=reverse("portal:meeting-list"),
        empty_text=_("近期没有需要本单位列席的会议"),
        order=30,
    )


def leave_requests_panel(user):
    if not selectors.office_kinds_for(user):
        return None
    rows = selectors.leave_requests_waiting_for(user)
    count = rows.count()
    items = [
        PanelItem(
            title=_("%(unit)s 请假") % {"unit": row.unit.name},
            url=reverse("portal:meeting-leave-requests") + f"#leave-{row.pk}",
            meta=_("%(meeting)s · %(when)s · 委派 %(sub)s")
            % {
                "meeting": row.meeting.title,
                "when": f"{timezone.localtime(row.meeting.starts_at):%m-%d %H:%M}",
                "sub": row.substitute,
            },
            tone="due",
        )
        for row in rows[:5]
    ]
    return Panel(
        title=_("待审批的列席请假"),
        items=items,
        count=count,
        more_url=reverse("portal:meeting-leave-requests"),
        empty_text=_("没有待审批的请假申请"),
        order=20,
    )
