from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("监督工作")

    def ready(self):
        from congress.rules import register_rules
        from supervision import demo, panels
        from supervision.rules import RULE_SPECS

        register_rules(RULE_SPECS)
        demo.register()
        panels.register()
