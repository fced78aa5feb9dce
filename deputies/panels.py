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
        ],
        more_url=url,
        order=90,
    )
