from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("议案建议")

    def ready(self):
        from congress.rules import register_rules
        from proposals import caching, demo, panels, search_sync, site_search
        from proposals.rules import RULE_SPECS

        register_rules(RULE_SPECS)
        demo.register()
        panels.register()
        search_sync.connect()
        caching.connect()
        site_search.register()
