"""Pure predicates: who may do what in supervision.

The *who* predicates take ``(user, obj)`` and are named on the actions declared in
``supervision/workflow.py``, so the kernel's ``transition()`` and the API's ``ActionView`` check
the same rule; pages call them (through ``Workflow.can``) only to decide which buttons to show.
They read the user's roles and units once per request (``congress.roles``, ``congress.units``),
so a page asking them for many rows costs no query per row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress import roles, units
from congress.casework.workflow import who


@who(_("常委会工作人员"))
def is_staff(user, _obj=None) -> bool:
    """Committee staff (the working committees' staff) run supervision: request reports, send
    opinions, record votes and decisions, run the plan."""
    return roles.is_staff_member(user)


def sees_everything(user) -> bool:
    """Staff and committee members read every supervision record."""
    return roles.has_role(user, roles.STAFF, roles.SYSADMIN, roles.MEMBER)


@who(_("被监督单位联络员"))
def acts_for_unit(user, obj) -> bool:
    """An officer of the unit the item is addressed to (any of the units they act for): submits
    the report and the rectification report, answers an interpellation in writing."""
    return roles.has_role(user, roles.UNIT_OFFICER) and units.acts_for(user, obj.unit_id)


@who(_("人大代表、常委会组成人员"))
def can_comment_plan(user, _plan=None) -> bool:
    """Deputies and committee members comment on a plan open for comment."""
    return roles.has_role(user, roles.DEPUTY, roles.MEMBER)


@who(_("常委会组成人员、工作人员"))
def can_file_interpellation(user, _obj=None) -> bool:
    """Staff (entering a paper interpellation) or a committee member."""
    return is_staff(user) or roles.has_role(user, roles.MEMBER)


@who(_("受质询机关联络员、工作人员"))
def can_answer_interpellation(user, interpellation) -> bool:
    """The unit's officer (a written answer of its head) or staff (recording an oral answer
    at a meeting, or a written one received on paper)."""
    return is_staff(user) or acts_for_unit(user, interpellation)


@who(_("质询案联名人"))
def is_signer(user, interpellation) -> bool:
    """One of the interpellation's joint signers. Reads the signers prefetched on the row
    (``signer_ids`` set by the selectors) when there, else one query."""
    if not getattr(user, "is_authenticated", False):
        return False
    ids = getattr(interpellation, "signer_ids", None)
    if ids is None:
        return interpellation.signers.filter(pk=user.pk).exists()
    return user.pk in ids


# --- the court and the procuratorate (seed 十) ---------------------------------------------------


@who(_("人大代表"))
def is_deputy(user, _obj=None) -> bool:
    """A deputy records the court hearings they attended (旁听庭审)."""
    return roles.has_role(user, roles.DEPUTY)


@who(_("法院、检察院联络员、工作人员"))
def can_reply_hearing(user, attendance) -> bool:
    """The court's or procuratorate's officer replies to a deputy's hearing remarks; staff enter
    a reply received on paper."""
    return is_staff(user) or acts_for_unit(user, attendance)


@who(_("人大代表、社会公众"))
def anyone(_user=None, _obj=None) -> bool:
    """Anyone answers an open evaluation: deputies signed in, the public without an account
    (one answer per account or device — the service keeps count)."""
    return True


# --- inquiries ---------------------------------------------------------------------------------


@who(_("常委会组成人员、人大代表"))
def can_ask_question(user, _inquiry=None) -> bool:
    """Committee members and deputies put questions at an inquiry; staff enter those asked on
    paper (naming the asker)."""
    return is_staff(user) or roles.has_role(user, roles.MEMBER, roles.DEPUTY)


@who(_("被询问单位联络员、工作人员"))
def can_answer_question(user, question) -> bool:
    """The unit's officer (entering what its head or deputy head answered, and what they
    committed to) or staff (recording it at the meeting)."""
    return is_staff(user) or acts_for_unit(user, question)


# --- major-matter reports (seed 九) ----------------------------------------------------------------


@who(_("报告单位联络员、工作人员"))
def can_register_major_matter(user, _obj=None) -> bool:
    """A unit's officer registers a major matter of their unit; staff enter one received on
    paper."""
    return is_staff(user) or roles.has_role(user, roles.UNIT_OFFICER)


@who(_("报告单位联络员、工作人员"))
def can_feed_back_major_matter(user, matter) -> bool:
    """The unit's officer feeds back how the opinion was taken up; staff enter a feedback
    received on paper."""
    return is_staff(user) or acts_for_unit(user, matter)


# --- filing review of normative documents (seed 五) -----------------------------------------------


@who(_("制定机关联络员、工作人员"))
def can_file_document(user, _obj=None) -> bool:
    """A unit's officer files its normative documents; staff enter one received on paper."""
    return is_staff(user) or roles.has_role(user, roles.UNIT_OFFICER)
