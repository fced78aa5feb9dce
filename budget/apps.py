from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("预算审查")

    def ready(self):
        from budget import demo
        from budget.rules import RULE_SPECS
        from congress.rules import register_rules

        register_rules(RULE_SPECS)
        demo.register()
        from budget import site_search

        site_search.register()

        from budget.panels import unit_panel
        from congress.portal import register_panel

        register_panel(unit_panel)
