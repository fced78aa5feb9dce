"""DRF permission classes built on the role predicates. Object walls are in the selectors:
a list or a detail only ever queries what the caller may see."""

from rest_framework.permissions import BasePermission

from congress import roles


class IsCommitteeStaff(BasePermission):
    message = "仅限人大常委会工作人员。"

    def has_permission(self, request, view):
        return roles.is_staff_member(request.user)


class HasRole(BasePermission):
    """Use as ``HasRole.of(roles.DEPUTY, roles.STAFF)``."""

    allowed: tuple[str, ...] = ()
    message = "您的角色无权访问此接口。"

    @classmethod
    def of(cls, *allowed):
        return type(f"HasRole_{'_'.join(allowed)}", (cls,), {"allowed": allowed})

    def has_permission(self, request, view):
        return roles.has_role(request.user, *self.allowed)
