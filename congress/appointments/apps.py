from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "congress.appointments"
    label = "appointments"
    verbose_name = _("任免与组成")
