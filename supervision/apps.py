from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("监督工作")

    def ready(self):
        from congress.hooks import register_public_home_section
        from congress.rules import register_rules
        from supervision import demo, panels, search_sync, selectors_hearings
        from supervision.rules import RULE_SPECS

        register_rules(RULE_SPECS)
        register_public_home_section("public_hearings", selectors_hearings.home_section)
        demo.register()
        panels.register()
        search_sync.connect()
        from supervision import site_search

        site_search.register()
