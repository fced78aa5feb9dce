"""Print the Mermaid state diagram of a declared workflow (for docs/ and reviews).

manage.py workflow_diagram                 # lists the workflows
manage.py workflow_diagram proposals.assignment
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from congress.casework.workflow import REGISTRY


class Command(BaseCommand):
    help = "Print the Mermaid diagram of a declared workflow, or list them."

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="<app label>.<workflow name>")

    def handle(self, *args, key=None, **options):
        translation.activate("zh-hans")
        if not key:
            for name in sorted(REGISTRY):
                self.stdout.write(f"{name}\t{REGISTRY[name].verbose_name}")
            return
        if key not in REGISTRY:
            raise CommandError(f"unknown workflow {key!r}; known: {', '.join(sorted(REGISTRY))}")
        self.stdout.write(REGISTRY[key].mermaid())
