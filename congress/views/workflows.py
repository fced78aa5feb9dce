"""The admin's 流程定义 page: every declared workflow as a table of its actions, derived from
the declarations the services run on, so what staff read is what the code does."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from congress import roles
from congress.casework.workflow import REGISTRY


def workflow_list(request):
    if not roles.has_role(request.user, roles.STAFF, roles.MEMBER, roles.SYSADMIN):
        raise PermissionDenied
    autodiscover_modules("workflow")  # every app's declarations, whichever pages ran before
    workflows = [REGISTRY[key] for key in sorted(REGISTRY)]
    context = {
        "title": _("流程定义"),
        "workflows": [
            {
                "key": wf.key,
                "name": wf.verbose_name,
                "states": [
                    (state, wf.state_label(state), state in wf.final_states()) for state in wf.states()
                ],
                "rows": wf.table(),
                "mermaid": wf.mermaid(),
            }
            for wf in workflows
        ],
    }
    return render(request, "admin/workflows.html", context)
