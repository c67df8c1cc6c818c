"""Simultaneous saves of one score leave exactly one row, decided by the database constraint."""
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from judging import services
from judging.models import Score, StageKind
from tests.factories import CompetitionFactory, UserFactory
from tests.judging.conftest import forwarded_entries, make_judge, stage_dates


def _setup():
    admin = UserFactory(admin=True)
    competition = CompetitionFactory()
    forwarded_entries(competition, 1)
    starts_on, ends_on = stage_dates()
    stage = services.stage_create(
        competition=competition, kind=StageKind.EVALUATION, name="Evaluasi", starts_on=starts_on, ends_on=ends_on
    )
    services.stage_take_in(user=admin, stage=stage)
    judge = make_judge()
    assignment = services.assignment_create(user=admin, entry=stage.entries.get(), judge=judge)
    return judge, assignment, list(stage.criteria.order_by("position"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_saves_leave_one_score():
    judge, assignment, criteria = _setup()
    errors = []

    def save(criterion, value, barrier):
        try:
            barrier.wait(timeout=10)
            services.score_save(judge=judge, assignment=assignment, criterion=criterion, value=value)
        except Exception as error:  # noqa: BLE001 (any error in a thread fails the test below)
            errors.append(error)
        finally:
            connection.close()

    # Every criterion gets two simultaneous first saves, as from a double click.
    for criterion in criteria:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=save, args=(criterion, value, barrier)) for value in ("6", "7")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    assert Score.objects.filter(assignment=assignment).count() == len(criteria)
    for criterion in criteria:
        assert Score.objects.get(assignment=assignment, criterion=criterion).value in (Decimal("6"), Decimal("7"))


@pytest.mark.django_db(transaction=True)
def test_score_constraint_rejects_second_row():
    judge, assignment, criteria = _setup()
    Score.objects.create(assignment=assignment, criterion=criteria[0], value=5)

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assignment=assignment, criterion=criteria[0], value=6)

    assert Score.objects.count() == 1
