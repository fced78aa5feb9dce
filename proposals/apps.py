from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("议案建议")

    def ready(self):
        from proposals import demo, panels

        demo.register()
        panels.register()
