"""Pure predicates: who may do what with the budget."""

from __future__ import annotations

from congress import roles, units


def can_manage_budget(user) -> bool:
    """Committee staff (the budget working committee's office) create years, edit code lists
    and import the books. Unit officers — the finance bureau included — do not: the bureau's
    workbook comes to the office, which imports it."""
    return roles.is_staff_member(user)


def can_read_all_stages(user) -> bool:
    """Staff, committee members and deputies read every stage, drafts included (a draft goes to
    the committee and the deputies before the congress approves it)."""
    return roles.has_role(user, roles.STAFF, roles.SYSADMIN, roles.MEMBER, roles.DEPUTY)


# --- audit findings (predicates of the declared workflow: (user, obj)) -----------------------------


def is_staff(user, _obj=None) -> bool:
    """Committee staff list audit findings and evaluate the units' rectification reports."""
    return roles.is_staff_member(user)


def acts_for_unit(user, finding) -> bool:
    """An officer of the unit that owns the finding reports its rectification."""
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, finding.unit_id)


def reads_findings(user) -> bool:
    """Staff read every finding, a unit officer their units' only; anyone else none (403)."""
    return is_staff(user) or roles.has_role(user, roles.UNIT_OFFICER)


# --- the preliminary review -------------------------------------------------------------------------


def may_review(user, _obj=None) -> bool:
    """Staff, committee members and deputies read the books, comment on lines and ask the
    answering unit (the finance bureau) questions."""
    return roles.has_role(user, roles.STAFF, roles.MEMBER, roles.DEPUTY)


def answers_question(user, question) -> bool:
    """An officer of the unit a question is put to (the finance bureau) answers it — only its own."""
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, question.unit_id)


def may_withdraw_question(user, question) -> bool:
    """The asker withdraws their own question; staff any."""
    return is_staff(user) or (user.is_authenticated and question.author_id == user.pk)


def reads_questions(user) -> bool:
    """Reviewers read every question; a unit officer the questions put to their units."""
    return may_review(user) or roles.has_role(user, roles.UNIT_OFFICER)
