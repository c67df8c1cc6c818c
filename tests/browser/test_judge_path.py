"""A judge's path in a real browser: sign in with the second factor, accept the pact, score and submit.

The screenshots taken on the way illustrate docs/judge-guide.md.
"""
import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.urls import reverse
from playwright.sync_api import expect

from innovations.models import Status
from judging import services
from judging.models import Assignment, JudgeProfile, Score, StageKind
from tests.browser.screenshots import save_screenshot
from tests.factories import (
    DEFAULT_PASSWORD,
    AgencyFactory,
    CompetitionFactory,
    InnovationFactory,
    ProvinceFactory,
    UserFactory,
    WorkUnitFactory,
)
from tests.judging.conftest import stage_dates

pytestmark = pytest.mark.browser

TITLE = "Antrean Daring Layanan Kependudukan"
SCORES = ["8", "7", "6", "9", "7.5", "8", "6"]


def screenshot(page, name):
    save_screenshot(page, f"judge-{name}")


def test_judge_accepts_pact_and_scores_entry(live_server, page):
    competition = CompetitionFactory()
    agency = AgencyFactory(name="Pemerintah Kota Bengkulu", province=ProvinceFactory(code="17", name="Bengkulu"))
    InnovationFactory(
        competition=competition,
        title=TITLE,
        work_unit=WorkUnitFactory(agency=agency, name="Dinas Kependudukan dan Pencatatan Sipil"),
        status=Status.FORWARDED,
        complete=True,
    )
    admin = UserFactory(admin=True)
    starts_on, ends_on = stage_dates()
    stage = services.stage_create(
        competition=competition, kind=StageKind.EVALUATION, name="Evaluasi proposal",
        starts_on=starts_on, ends_on=ends_on, result_label="Top 99", shortlist_size=99,
    )
    services.stage_take_in(user=admin, stage=stage)
    judge = UserFactory(judge=True, username="juri.hartono", full_name="Prof. Hartono")
    JudgeProfile.objects.create(user=judge)
    assignment = services.assignment_create(user=admin, entry=stage.entries.get(), judge=judge)

    # Sign in: password, then the code of the authenticator app.
    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill("juri.hartono")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    screenshot(page, "01-sign-in")
    page.locator("form[action='%s'] [type=submit]" % reverse("account_login")).click()
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    page.locator("input[name=code]").fill(f"{hotp_value(judge.totp_secret, int(time.time()) // 30):06d}")
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/ruang-kerja/**")

    # The first scoring sheet requires the integrity pact.
    page.goto(live_server.url + reverse("judging:queue"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "02-queue")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{reverse('judging:pact')}**")
    page.locator("input[name=accept]").check()
    screenshot(page, "03-pact")
    page.locator("main form [type=submit]").click()

    # The scoring sheet: save part of it, then complete and submit.
    sheet_url = reverse("judging:score_sheet", args=[assignment.pk])
    page.wait_for_url(f"**{sheet_url}")
    criteria = list(stage.criteria.order_by("position"))
    # The page saves each change by itself; a reload shows what was stored.
    page.locator(f"input[name=score_{criteria[0].pk}]").fill(SCORES[0])
    page.locator(f"textarea[name=comment_{criteria[0].pk}]").fill("Masalah antrean dijelaskan dengan data.")
    page.locator(f"textarea[name=comment_{criteria[0].pk}]").press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("WIB")
    page.reload()
    expect(page.locator(f"input[name=score_{criteria[0].pk}]")).to_have_value("8.00")
    expect(page.locator(f"textarea[name=comment_{criteria[0].pk}]")).to_have_value("Masalah antrean dijelaskan dengan data.")
    page.locator(f"input[name=score_{criteria[1].pk}]").fill(SCORES[1])
    page.locator("button[name=save]").click()
    page.wait_for_url(f"**{sheet_url}")
    expect(page.locator(f"input[name=score_{criteria[1].pk}]")).to_have_value("7.00")
    for criterion, value in zip(criteria[2:], SCORES[2:], strict=True):
        page.locator(f"input[name=score_{criterion.pk}]").fill(value)
    screenshot(page, "04-score-sheet")
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**{reverse('judging:queue')}")
    expect(page.get_by_role("status")).to_be_visible()
    screenshot(page, "05-submitted")

    assignment = Assignment.objects.get(pk=assignment.pk)
    assert assignment.submitted_at is not None
    assert JudgeProfile.objects.get(user=judge).pact_accepted_at is not None
    assert [str(score.value) for score in Score.objects.filter(assignment=assignment).order_by("criterion__position")] == [
        "8.00", "7.00", "6.00", "9.00", "7.50", "8.00", "6.00"
    ]
    assert Score.objects.get(criterion=criteria[0]).comment == "Masalah antrean dijelaskan dengan data."
