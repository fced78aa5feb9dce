"""The Celery app. Without REDIS_URL it uses kombu's filesystem broker (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
