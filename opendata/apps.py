from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data (issue 15): the OParl 1.1 API (``opendata/oparl/``) and the bulk downloads at
    ``/opendata/``. A consumer of the domain apps: it reads their public selectors; nothing
    imports it back (the core stays free of domain apps, tests/test_architecture.py)."""

    name = "opendata"
    verbose_name = _("开放数据")

    def ready(self):
        from opendata.oparl import tombstones

        tombstones.connect_signals()
