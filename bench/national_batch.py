"""The national batch of issue 16: 9,235 suggestions registered and assigned to 213 units in one
staff action (``proposals.services.batch.proposals_register_and_assign``), as the national
congress's spring assignment does, on the bench's database.

Timed by ``bench/jobrun.py`` inside a transaction that is rolled back. The suggestions, units and
their officers are made first (in bulk, not part of the figure); the job's result carries the
batch's own seconds and queries, which the report prints. Runs at every scale: the batch's cost
does not depend on the district around it (constant queries per chunk)."""

from __future__ import annotations

import random
import time

BATCH_NOTE = "全国人大交办方案（基准测试）"


def _make(proposals: int, units: int):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from guardian.models import UserObjectPermission

    from congress import roles
    from congress.models import Organization, User
    from deputies.models import Deputy
    from deputies.selectors import current_term
    from proposals.models import Proposal

    term = current_term()
    stamp = timezone.now()
    made_units = Organization.objects.bulk_create(
        Organization(name=f"基准部委{n:03d}", kind=Organization.Kind.DEPARTMENT, is_handling_unit=True)
        for n in range(units)
    )
    officers = User.objects.bulk_create(
        User(username=f"bench-batch-officer-{n}", is_active=True) for n in range(units)
    )
    group = Group.objects.get(name=roles.UNIT_OFFICER)
    group.user_set.add(*officers)
    permission = Permission.objects.get(codename="act_for_unit")
    kind = ContentType.objects.get_for_model(Organization)
    UserObjectPermission.objects.bulk_create(
        UserObjectPermission(user=user, permission=permission, content_type=kind, object_pk=str(unit.pk))
        for user, unit in zip(officers, made_units, strict=True)
    )
    deputies = list(Deputy.objects.filter(term=term).values_list("pk", flat=True)[:3000])
    made = Proposal.objects.bulk_create(
        (
            Proposal(
                term=term,
                lead_deputy_id=deputies[n % len(deputies)],
                kind=Proposal.Kind.SUGGESTION,
                title=f"关于第{n}项工作的建议",
                content="建议内容。",
                year=stamp.year,
                state=Proposal.State.SUBMITTED,
                submitted_at=stamp,
            )
            for n in range(proposals)
        ),
        batch_size=2000,
    )
    return [p.pk for p in made], [u.pk for u in made_units]


def run(proposals: int = 9235, units: int = 213) -> dict:
    """Make the suggestions and units, then time the one staff action over all of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congress import roles
    from congress.models import User
    from proposals.services.batch import PlanRow, proposals_register_and_assign

    proposal_ids, unit_ids = _make(proposals, units)
    staff = User.objects.filter(groups__name=roles.STAFF, is_active=True).first()
    shuffle = random.Random(16)
    rows = []
    for number, pk in enumerate(proposal_ids, start=2):
        chosen = shuffle.sample(unit_ids, 3)
        # As in the national plans: one lead unit each, a third with assisting units.
        rows.append(
            PlanRow(number, pk, lead_units=[chosen[0]], assisting_units=chosen[1:] if number % 3 == 0 else [])
        )
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = proposals_register_and_assign(actor=staff, rows=rows, note=BATCH_NOTE)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "batch_seconds": round(seconds, 2),
        # The Python process's own CPU time: on a busy machine the wall time also counts waiting.
        "batch_cpu_seconds": round(cpu, 2),
        "batch_queries": len(queries.captured_queries),
        "registered": result.registered,
        "assigned": result.assigned,
        "assignments": result.assignments,
        "units": result.units,
    }
