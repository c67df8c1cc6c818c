"""Fixtures for the judging tests: signed-in admins and judges, and stages with entries."""
import datetime

import pytest
from django.utils import timezone

from innovations.models import Status
from judging import services
from judging.models import JudgeProfile, StageKind
from tests.factories import CompetitionFactory, InnovationFactory, UserFactory, WorkUnitFactory


def make_judge(pact=True, own_agency=None, conflict_agencies=(), conflict_provinces=(), **kwargs):
    """Create a judge account (the factory gives it an authenticator app) with the pact accepted by default."""
    judge = UserFactory(judge=True, **kwargs)
    profile = JudgeProfile.objects.create(
        user=judge, own_agency=own_agency, pact_accepted_at=timezone.now() if pact else None
    )
    profile.conflict_agencies.set(conflict_agencies)
    profile.conflict_provinces.set(conflict_provinces)
    return judge


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, full_name="Sekretariat KIPP")


@pytest.fixture
def judge_maker(db):
    return make_judge


def stage_dates(offset_days=0, length=10):
    start = timezone.localdate() + datetime.timedelta(days=offset_days)
    return start, start + datetime.timedelta(days=length)


def forwarded_entries(competition, count, agency=None):
    """Create count complete forwarded entries, each of a new work unit (of agency, if given)."""
    entries = []
    for _index in range(count):
        unit = WorkUnitFactory(agency=agency) if agency else WorkUnitFactory()
        entries.append(InnovationFactory(competition=competition, work_unit=unit, status=Status.FORWARDED, complete=True))
    return entries


@pytest.fixture
def scored_stage(db, admin_user):
    """Return an evaluation stage (the first stage) that has taken in three forwarded entries."""
    competition = CompetitionFactory()
    forwarded_entries(competition, 3)
    starts_on, ends_on = stage_dates()
    stage = services.stage_create(
        competition=competition,
        kind=StageKind.EVALUATION,
        name="Evaluasi proposal",
        starts_on=starts_on,
        ends_on=ends_on,
        result_label="Top 2",
        shortlist_size=2,
    )
    services.stage_take_in(user=admin_user, stage=stage)
    return stage


