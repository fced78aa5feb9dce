"""The declared pipelines: the tables the kernel derives from them are the appointment rules."""

from appointments import workflow
from appointments.models import Nomination
from appointments.tests.factories import NominationFactory

S = Nomination.Status
K = Nomination.Kind


def test_the_exam_pipeline_table():
    assert workflow.EXAM_PIPELINE.transitions() == {
        S.NOMINATED: {S.EXAM_PASSED, S.EXAM_FAILED, S.WITHDRAWN},
        S.EXAM_FAILED: {S.EXAM_PASSED, S.EXAM_FAILED, S.WITHDRAWN},  # a failed exam may be retaken
        S.EXAM_PASSED: {S.PUBLICITY, S.WITHDRAWN},
        S.PUBLICITY: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
        S.APPROVED: {S.SWORN},
        S.REJECTED: frozenset(),
        S.SWORN: frozenset(),
        S.WITHDRAWN: frozenset(),
    }


def test_a_removal_goes_from_nominated_to_the_vote_only():
    table = workflow.REMOVAL_PIPELINE.transitions()
    assert table[S.NOMINATED] == {S.APPROVED, S.REJECTED, S.WITHDRAWN}
    assert all(not targets for state, targets in table.items() if state != S.NOMINATED)


def test_open_and_final_states_derive_from_the_exam_pipeline():
    assert workflow.FINAL_STATES == {S.REJECTED, S.SWORN, S.WITHDRAWN}
    assert workflow.OPEN_STATES == {S.NOMINATED, S.EXAM_PASSED, S.EXAM_FAILED, S.PUBLICITY, S.APPROVED}


def test_each_kind_has_its_pipeline_and_every_step_is_declared_in_both():
    for kind in K.values:
        flow = workflow.workflow_for(NominationFactory.build(kind=kind))
        assert flow is (workflow.REMOVAL_PIPELINE if kind == K.REMOVAL else workflow.EXAM_PIPELINE)
        assert all(code in flow for code in workflow.STEPS)


def test_available_steps_for_staff_and_for_others(db, staff, deputy_user):
    nomination = NominationFactory.build(kind=K.APPOINTMENT)
    removal = NominationFactory.build(kind=K.REMOVAL)

    assert [a.code for a in workflow.EXAM_PIPELINE.available(nomination, staff)] == ["exam", "withdraw"]
    assert [a.code for a in workflow.REMOVAL_PIPELINE.available(removal, staff)] == ["vote", "withdraw"]
    assert workflow.EXAM_PIPELINE.available(nomination, deputy_user) == []
