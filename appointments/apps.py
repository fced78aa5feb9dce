from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    label = "appointments"
    verbose_name = _("任免与组成")

    def ready(self):
        from appointments.demo import load_appointments_demo
        from appointments.rules import RULE_SPECS
        from appointments.views.portal import composition_panel
        from congress.demo import register_demo_loader
        from congress.portal import register_panel
        from congress.rules import register_rules

        register_rules(RULE_SPECS)
        register_panel(composition_panel)
        register_demo_loader(load_appointments_demo)
        from appointments import site_search

        site_search.register()
