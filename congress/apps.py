from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("基础数据")

    def ready(self):
        from congress import (
            audit,
            signals,  # noqa: F401  (connects the account receivers)
        )

        audit.connect_signals()
        from congress import page_cache, units, yearly

        yearly.connect_signals()
        units.connect_signals()
        page_cache.connect_signals()
        from congress import search_news

        search_news.register()
