"""In-process measurement of the staff's admin pages (issue 16) next to the bare view, on a
bench database: the admin index, and the changelist and change page of a proposal, an
assignment, a meeting, a deputy and a work report, as the generated ``staff`` user (TOTP off,
as in the bench). Same method and options as ``bench/render_portal.py`` (queries after a warm
request, medians of ``--runs``, ``--profile NAME``, ``--queries NAME``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress_portal \\
      REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/render_admin.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import render_portal

USER = "staff"


def pages() -> list[tuple[str, str, str | None]]:
    from django.urls import reverse

    from deputies.models import Deputy
    from meetings.models import Meeting
    from proposals.models import Assignment, Proposal
    from supervision.models import WorkReport

    listed = [
        ("bare view", reverse("bench-bare"), None),
        ("admin index", reverse("admin:index"), USER),
    ]
    for label, model in [
        ("proposal", Proposal),
        ("assignment", Assignment),
        ("meeting", Meeting),
        ("deputy", Deputy),
        ("work report", WorkReport),
    ]:
        opts = model._meta
        listed.append(
            (f"{label} changelist", reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), USER)
        )
        pk = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            listed.append(
                (
                    f"{label} change page",
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
                    USER,
                )
            )
    return listed


render_portal.pages = pages

if __name__ == "__main__":
    render_portal.main()
