"""The unit's page of audit findings (审计查出问题整改): the findings its units own, soonest
deadline first, each with its rounds; an owed one carries the form that reports the
rectification. Staff see every finding here too (they evaluate in the admin)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from budget import permissions, selectors
from budget import services_audit as services
from budget.workflow_audit import FINDING
from congress.exceptions import ApplicationError


class RectifyForm(forms.Form):
    content = forms.CharField(
        label=gettext_lazy("整改情况"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("请填写整改情况。"),
            "max_length": gettext_lazy("内容过长。"),
        },
    )


def _page(request, bound: dict | None = None):
    if not permissions.reads_findings(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    findings = list(selectors.audit_findings_visible_to(request.user).order_by("deadline", "id")[:500])
    rows = []
    for finding in findings:
        can_rectify = FINDING.can(finding, "rectify", request.user)
        rows.append(
            {
                "finding": finding,
                "overdue": finding.is_overdue(today),
                "form": (bound or {}).get(finding.pk) or (RectifyForm() if can_rectify else None),
            }
        )
    return render(request, "budget/portal/audit_findings.html", {"rows": rows})


@login_required
def audit_findings(request):
    return _page(request)


@login_required
@require_POST
def audit_finding_rectify(request, pk: int):
    finding = selectors.audit_finding_get(request.user, pk)
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            services.finding_rectify(
                actor=request.user, finding=finding, content=form.cleaned_data["content"]
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("整改情况已报送。"))
            return redirect("portal:budget-audit-findings")
    return _page(request, {finding.pk: form})
