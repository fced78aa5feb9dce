"""Pure predicates: who may do what with the budget."""

from __future__ import annotations

from congress import roles


def can_manage_budget(user) -> bool:
    """Committee staff (the budget working committee's office) create years, edit code lists
    and import the books. Unit officers — the finance bureau included — do not: the bureau's
    workbook comes to the office, which imports it."""
    return roles.is_staff_member(user)


def can_read_all_stages(user) -> bool:
    """Staff, committee members and deputies read every stage, drafts included (a draft goes to
    the committee and the deputies before the congress approves it)."""
    return roles.has_role(user, roles.STAFF, roles.SYSADMIN, roles.MEMBER, roles.DEPUTY)
