from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("代表联络站与社情民意")

    def ready(self):
        from congress.demo import register_demo_loader
        from congress.portal import register_panel
        from congress.rules import register_rules
        from liaison import demo, panels
        from liaison.rules import RULE_SPECS

        register_rules(RULE_SPECS)
        register_demo_loader(demo.load_liaison_demo)
        register_panel(panels.opinion_panel)
        from liaison import site_search

        site_search.register()
