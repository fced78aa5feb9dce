from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("会议与任免")

    def ready(self):
        from congress.demo import register_demo_loader
        from congress.portal import register_panel
        from congress.rules import register_rules
        from meetings import panels
        from meetings.demo import load_meetings_demo
        from meetings.rules import RULE_SPECS

        register_rules(RULE_SPECS)
        register_panel(panels.required_meetings_panel)
        register_panel(panels.leave_requests_panel)
        register_demo_loader(load_meetings_demo)
        from meetings import site_search

        site_search.register()
