"""The organiser's path in a real browser: stages, the administrative check, assignment, results, judges.

The screenshots taken on the way illustrate docs/organiser-guide.md.
"""
import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role, User
from innovations.models import Status
from judging import services
from judging.models import Assignment, FailReason, Outcome, StageEntry, StageKind
from tests.browser.screenshots import save_screenshot
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, CompetitionFactory, InnovationFactory, UserFactory, WorkUnitFactory
from tests.judging.conftest import make_judge, stage_dates

pytestmark = pytest.mark.browser

TITLES = [
    "Antrean Daring Layanan Kependudukan",
    "Posyandu Keliling Berbasis Aplikasi",
    "Perizinan Usaha Satu Hari",
    "Pengaduan Warga Lewat WhatsApp",
]


def screenshot(page, name):
    save_screenshot(page, f"organiser-{name}")


def submit(page, action_url):
    page.locator(f"form[action='{action_url}'] [type=submit]").click()


def test_organiser_checks_assigns_and_ranks(live_server, page):
    competition = CompetitionFactory()
    agencies = [AgencyFactory(name=name) for name in ("Pemerintah Kota Bengkulu", "Pemerintah Kabupaten Kaur")]
    for number, title in enumerate(TITLES):
        InnovationFactory(
            competition=competition, title=title, status=Status.FORWARDED, complete=True,
            work_unit=WorkUnitFactory(agency=agencies[number % 2]),
        )
    starts_on, ends_on = stage_dates()
    check = services.stage_create(
        competition=competition, kind=StageKind.ADMINISTRATIVE_CHECK, name="Seleksi administrasi",
        starts_on=starts_on, ends_on=ends_on,
    )
    evaluation = services.stage_create(
        competition=competition, kind=StageKind.EVALUATION, name="Evaluasi proposal", starts_on=starts_on,
        ends_on=ends_on, result_label="Top 2", shortlist_size=2,
    )
    judges = [make_judge(username=f"juri{number}", full_name=name) for number, name in enumerate(["Prof. Hartono", "Dr. Wulandari", "Dr. Siregar"])]
    admin = UserFactory(admin=True, username="sekretariat", full_name="Sekretariat KIPP")

    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill("sekretariat")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    page.locator("input[name=code]").fill(f"{hotp_value(admin.totp_secret, int(time.time()) // 30):06d}")
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/ruang-kerja/**")

    # The stages of the competition.
    page.goto(live_server.url + reverse("judging:organiser_home"))
    expect(page.get_by_role("link", name="1. Seleksi administrasi")).to_be_visible()
    screenshot(page, "01-stages")

    # Administrative check: take in the forwarded entries, fail one with a reason, pass the others.
    page.get_by_role("link", name="1. Seleksi administrasi").click()
    submit(page, reverse("judging:stage_action", args=[check.pk, "take_in"]))
    expect(page.get_by_role("checkbox", name=TITLES[2])).to_be_visible()
    page.get_by_role("checkbox", name=TITLES[2]).check()
    page.locator("input[name=outcome][value=failed]").check()
    page.locator("select[name=reason]").select_option(FailReason.INCOMPLETE)
    screenshot(page, "02-check")
    page.locator("main form[method=post]:not([action]) [type=submit]").click()
    for title in (TITLES[0], TITLES[1], TITLES[3]):
        page.get_by_role("checkbox", name=title).check()
    page.locator("input[name=outcome][value=passed]").check()
    page.locator("main form[method=post]:not([action]) [type=submit]").click()
    expect(page.get_by_role("checkbox", name=TITLES[0])).not_to_be_checked()
    submit(page, reverse("judging:stage_action", args=[check.pk, "fix"]))
    expect(page.locator("form[action$='/aksi/fix/']")).to_have_count(0)

    # Evaluation: take in, assign two judges per entry automatically.
    page.goto(live_server.url + reverse("judging:stage_detail", args=[evaluation.pk]))
    submit(page, reverse("judging:stage_action", args=[evaluation.pk, "take_in"]))
    page.goto(live_server.url + reverse("judging:stage_assignments", args=[evaluation.pk]))
    page.locator("input[name=action][value=auto] + button").click()
    expect(page.get_by_text("Prof. Hartono").first).to_be_visible()
    screenshot(page, "03-assignments")
    assert Assignment.objects.filter(stage=evaluation).count() == 3 * 2

    # The judges score (here through the services), then the organiser closes scoring and ranks.
    for number, assignment in enumerate(Assignment.objects.filter(stage=evaluation).select_related("judge", "stage")):
        sheet = {criterion: (str(5 + number % 4), "") for criterion in evaluation.criteria.all()}
        services.scores_save(judge=assignment.judge, assignment=assignment, scores=sheet)
        services.assignment_submit(judge=assignment.judge, assignment=assignment)
    page.goto(live_server.url + reverse("judging:stage_detail", args=[evaluation.pk]))
    submit(page, reverse("judging:stage_action", args=[evaluation.pk, "close"]))
    page.goto(live_server.url + reverse("judging:stage_results", args=[evaluation.pk]))
    expect(page.locator("table tbody tr")).to_have_count(3)
    screenshot(page, "04-results")

    # Issue a judge account; its password is shown once.
    page.goto(live_server.url + reverse("judging:judge_list"))
    page.locator("input[name=username]").fill("juri.ratna")
    page.locator("input[name=full_name]").fill("Dr. Ratna Dewi")
    page.locator("input[name=email]").fill("ratna@contoh.ac.id")
    page.locator("main form[method=post] [type=submit]").click()
    password = page.get_by_test_id("issued-password").inner_text()
    screenshot(page, "05-judge-issued")

    assert User.objects.get(username="juri.ratna").role == Role.JUDGE
    assert User.objects.get(username="juri.ratna").check_password(password)
    assert list(StageEntry.objects.filter(stage=check).order_by("innovation__title").values_list("outcome", "reason")) == [
        (Outcome.PASSED, ""), (Outcome.PASSED, ""), (Outcome.FAILED, FailReason.INCOMPLETE), (Outcome.PASSED, "")
    ]
    assert evaluation.entries.count() == 3
    assert set(Assignment.objects.values_list("judge_id", flat=True)) == {judge.pk for judge in judges}
