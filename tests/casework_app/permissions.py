from congress import roles, units


def can_handle_ticket(user, ticket) -> bool:
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, ticket.unit_id)


def can_decide_ticket(user, ticket) -> bool:
    return roles.is_staff_member(user)
