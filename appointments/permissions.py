"""Pure predicates: who may do what with appointments and the composition dashboard."""

from congress import roles


def can_manage_appointments(user) -> bool:
    """Registering nominations and their steps is the committee staff's work."""
    return roles.is_staff_member(user)


def can_manage_nomination(user, nomination) -> bool:
    """Taking a step on a nomination (or, with ``None``, registering one): the same staff's
    work, whatever the nomination. The declared actions of ``workflow.py`` use it."""
    return can_manage_appointments(user)


def can_manage_composition(user) -> bool:
    return roles.is_staff_member(user)


def can_view_composition(user) -> bool:
    """The composition and town-session findings: staff and committee members (read only)."""
    return roles.is_staff_member(user) or roles.has_role(user, roles.MEMBER)
