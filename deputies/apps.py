from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("代表工作")

    def ready(self):
        from congress.portal import register_panel
        from deputies.panels import my_deputy_panel

        register_panel(my_deputy_panel)
