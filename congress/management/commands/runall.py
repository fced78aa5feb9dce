"""Serve the portal, a Celery worker and Celery beat together, for ``make run``.

Each runs as its own process; Ctrl-C (or any one of them exiting) stops all three."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run web + Celery worker + beat in the foreground (development and demo)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, **options):
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"{options['host']}:{options['port']}", "--noreload"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "congress",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--pool=prefork",
            ],
            "beat": [python, "-m", "celery", "-A", "congress", "beat", "--loglevel=INFO"],
        }
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        self.stdout.write(
            f"portal: http://{options['host']}:{options['port']}/  (Ctrl-C stops web, worker and beat)"
        )
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
