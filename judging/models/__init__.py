"""Stages of a competition, judges and their scores, objections to shortlists."""
from judging.models.judges import Assignment, AssignmentStatus, JudgeProfile
from judging.models.objections import Objection, ObjectionResolution
from judging.models.scores import Score, ScoreRevision
from judging.models.stages import (
    SCORED_KINDS,
    CHECK_FAIL_REASONS,
    Criterion,
    FailReason,
    Outcome,
    ShortlistOverride,
    Stage,
    StageEntry,
    StageKind,
)

__all__ = [
    "CHECK_FAIL_REASONS",
    "SCORED_KINDS",
    "Assignment",
    "AssignmentStatus",
    "Criterion",
    "FailReason",
    "JudgeProfile",
    "Objection",
    "ObjectionResolution",
    "Outcome",
    "Score",
    "ScoreRevision",
    "ShortlistOverride",
    "Stage",
    "StageEntry",
    "StageKind",
]
