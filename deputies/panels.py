"""The deputy's panel on the portal home: their record and what the public sees of it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from congress.portal import Panel, PanelItem
from deputies.models import Deputy
from deputies.selectors import deputy_for_user


def my_deputy_panel(user) -> Panel | None:
    """No query of its own: ``deputy_for_user`` is cached on the user for the request."""
    deputy = deputy_for_user(user)
    if deputy is None:
        return None
    labels = dict(Deputy.PUBLIC_FIELD_CHOICES)
    shown = "、".join(str(labels[name]) for name in deputy.public_fields if name in labels)
    url = reverse("portal:deputy-my-record")
    return Panel(
        title=_("我的代表信息"),
        items=[
            PanelItem(
                title=_("公开信息与联系方式"),
                url=url,
                meta=_("向公众公开：%(f)s") % {"f": shown}
                if shown
                else _("目前除姓名、代表组外不公开其他信息"),
            ),
            PanelItem(title=_("公开页面"), url=reverse("public:deputy-profile", args=[deputy.pk])),
            PanelItem(title=_("向选民报告履职"), url=reverse("portal:deputy-voter-reports")),
        ],
        more_url=url,
        order=90,
    )


def activities_panel(user) -> Panel | None:
    """Activities open to sign-up for a deputy (with their own status) or for staff: two
    queries (the activities with their counts, the deputy's sign-ups), whatever the data."""
    from django.utils import timezone

    from deputies import permissions
    from deputies import selectors_activities as sel
    from deputies.models_activities import Activity

    if not (permissions.is_deputy(user) or permissions.can_manage_activities(user)):
        return None
    if not permissions.can_manage_activities(user) and deputy_for_user(user) is None:
        return None
    upcoming = list(
        sel.activity_list_visible_to(user)
        .filter(state=Activity.State.PUBLISHED, starts_at__gte=timezone.now())
        .order_by("starts_at", "id")[:5]
    )
    own = sel.own_signups(user, [a.pk for a in upcoming])
    items = []
    for activity in upcoming:
        signup = own.get(activity.pk)
        status = signup.get_state_display() if signup else _("可报名")
        items.append(
            PanelItem(
                title=activity.title,
                url=reverse("portal:activity-detail", args=[activity.pk]),
                meta=f"{activity.get_kind_display()} · {timezone.localtime(activity.starts_at):%m-%d %H:%M} · "
                f"{activity.registered_count}/{activity.capacity} · {status}",
                tone="ok" if signup else "",
            )
        )
    return Panel(
        title=_("代表活动与培训"),
        items=items,
        more_url=reverse("portal:activity-list"),
        empty_text=_("暂无报名中的活动"),
        order=91,
    )
