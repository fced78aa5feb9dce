"""Who may do what with stations, reception days and citizens' opinions: pure predicates
(the station ids a worker keeps are read once per request and kept on the user object)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress import roles, units
from congress.casework.workflow import who


def worker_station_ids(user) -> frozenset[int]:
    """The stations ``user`` keeps as a station worker (empty for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not roles.has_role(user, roles.STATION_WORKER):
        return frozenset()
    cached = getattr(user, "_liaison_station_ids", None)
    if cached is None:
        from liaison.models import Station

        cached = frozenset(
            Station.workers.through.objects.filter(user_id=user.pk).values_list("station_id", flat=True)
        )
        user._liaison_station_ids = cached
    return cached


@who(_("常委会工作人员"))
def is_staff(user, _obj=None) -> bool:
    return roles.is_staff_member(user)


def sees_all_opinions(user) -> bool:
    """Staff and committee members read every opinion and the statistics."""
    return roles.has_role(user, roles.STAFF, roles.SYSADMIN, roles.MEMBER)


def is_station_worker(user) -> bool:
    return bool(worker_station_ids(user))


def keeps_station(user, station) -> bool:
    """Staff, or a worker of this station: may keep its schedule and file."""
    return is_staff(user) or (station is not None and station.pk in worker_station_ids(user))


def is_addressed_deputy(user, opinion) -> bool:
    deputy = opinion.deputy
    return deputy is not None and deputy.user_id is not None and deputy.user_id == getattr(user, "pk", None)


def _works_at(user, opinion) -> bool:
    return opinion.station_id is not None and opinion.station_id in worker_station_ids(user)


@who(_("工作人员、站点工作人员、所反映的代表"))
def can_route_opinion(user, opinion) -> bool:
    return is_staff(user) or _works_at(user, opinion) or is_addressed_deputy(user, opinion)


@who(_("工作人员、站点工作人员、所反映的代表、承办部门联络员"))
def can_close_opinion(user, opinion) -> bool:
    if can_route_opinion(user, opinion):
        return True
    return (
        opinion.layer == "department"
        and opinion.unit_id is not None
        and roles.has_role(user, roles.UNIT_OFFICER)
        and units.acts_for(user, opinion.unit_id)
    )


def can_record_opinion(user) -> bool:
    """Who records an opinion taken at a reception in the portal: staff, station workers,
    deputies."""
    return is_staff(user) or is_station_worker(user) or roles.has_role(user, roles.DEPUTY)


def can_suggest(user, opinion) -> bool:
    """Turning an opinion into a suggestion is the deputy's own act (or staff on the deputy's
    behalf): a proposal has a lead deputy."""
    return opinion.deputy_id is not None and (is_staff(user) or is_addressed_deputy(user, opinion))
