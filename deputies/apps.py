from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("代表工作")

    def ready(self):
        from congress.demo import register_demo_loader
        from congress.hooks import register_profile, register_public_home_section
        from congress.portal import register_panel
        from congress.rules import register_rules
        from deputies.demo import load_deputies_demo
        from deputies.demo_activities import load_activities_demo
        from deputies.panels import activities_panel, my_deputy_panel
        from deputies.rules import RULE_SPECS
        from deputies.selectors import deputy_directory_summary, deputy_for_user

        register_rules(RULE_SPECS)
        register_panel(my_deputy_panel)
        register_panel(activities_panel)
        # The portal home and /api/v1/me/ show a deputy's record as ``deputy``; the public
        # home shows the current term's numbers as ``directory``.
        register_profile("deputy", deputy_for_user)
        register_public_home_section("directory", deputy_directory_summary)
        from deputies import site_search

        site_search.register()
        # Before the loaders of meetings, appointments and proposals (INSTALLED_APPS order),
        # whose demo rows need the deputies.
        register_demo_loader(load_deputies_demo)
        register_demo_loader(load_activities_demo)
