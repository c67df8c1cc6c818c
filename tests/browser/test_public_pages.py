"""Every public page in a real browser: no WCAG 2.1 A or AA violation found by axe-core, and keyboard use.

The screenshots taken here illustrate docs/public-guide.md.
"""
import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.screenshots import save_screenshot
from tests.factories import (
    AgencyFactory,
    AnnouncementFactory,
    AnswerFactory,
    AttachmentFactory,
    CompetitionFactory,
    FrequentlyAskedQuestionFactory,
    GuidelineFactory,
    InnovationFactory,
    ProvinceFactory,
    SDGFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.browser

WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def make_portal_data():
    """Create a past competition with results, an open one, and the portal's help content."""
    jatim = ProvinceFactory(code="35", name="Jawa Timur")
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya", slug="kota-surabaya", province=jatim)
    bengkulu = AgencyFactory(
        name="Pemerintah Kota Bengkulu", slug="kota-bengkulu", province=ProvinceFactory(code="17", name="Bengkulu")
    )
    past = CompetitionFactory(
        year=2016,
        name="KIPP 2016",
        submission_opens_on=datetime.date(2016, 3, 1),
        submission_closes_on=datetime.date(2016, 4, 30),
    )
    winner = InnovationFactory(
        competition=past,
        work_unit=WorkUnitFactory(agency=surabaya, name="Bagian Organisasi"),
        published=True,
        title="Surabaya Single Window (SSW)",
        slug="surabaya-single-window-2016",
        stage_reached="Top 35",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    winner.sdgs.add(SDGFactory(number=9), SDGFactory(number=16))
    sections = list(past.sections.order_by("position"))
    AnswerFactory(innovation=winner, section=sections[0], text="Perizinan bangunan diajukan dan dilacak secara daring.")
    AnswerFactory(innovation=winner, section=sections[4], text="Waktu pelayanan izin turun dari 30 hari menjadi 7 hari.")
    AttachmentFactory(innovation=winner)
    AttachmentFactory(innovation=winner, document=True, original_name="Laporan SSW.pdf")
    for number in range(5):
        InnovationFactory(
            competition=past,
            work_unit=WorkUnitFactory(agency=bengkulu if number % 2 else surabaya),
            published=True,
            title=f"Pelayanan Keliling Desa {number + 1}",
            stage_reached="Top 99",
        )
    today = datetime.date.today()
    CompetitionFactory(
        year=today.year,
        name=f"KIPP {today.year}",
        submission_opens_on=today - datetime.timedelta(days=10),
        submission_closes_on=today + datetime.timedelta(days=20),
    )
    announcement = AnnouncementFactory(
        title="Hasil Top 35 KIPP 2016",
        slug="hasil-top-35-kipp-2016",
        summary="Daftar 35 inovasi terbaik telah ditetapkan.",
        body="<p>Daftar lengkap ada di halaman kompetisi.</p><ul><li>Top 35</li><li>Top 99</li></ul>",
    )
    FrequentlyAskedQuestionFactory(question="Siapa yang boleh mendaftar?", answer="Unit kerja instansi pemerintah.")
    GuidelineFactory(title="Pedoman KIPP")
    return {"winner": winner, "announcement": announcement, "agency": surabaya}


def assert_no_accessibility_violations(page, name):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS}})
    violations = [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
    ]
    assert violations == [], f"{name}: {violations}"


def test_public_pages_have_no_accessibility_violations(live_server, page):
    data = make_portal_data()
    pages = {
        "home": reverse("public:home"),
        "database": reverse("public:innovation_list"),
        "search": reverse("public:innovation_list") + "?q=layanan&provinsi=35",
        "entry": data["winner"].get_absolute_url(),
        "competition": reverse("public:competition_detail", kwargs={"year": 2016}),
        "agency": reverse("public:agency_detail", kwargs={"slug": data["agency"].slug}),
        "statistics": reverse("portal:statistics"),
        "announcements": reverse("portal:announcement_list"),
        "announcement": data["announcement"].get_absolute_url(),
        "help": reverse("portal:help"),
        "open-data": reverse("portal:open_data"),
    }

    for name, path in pages.items():
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        if name == "statistics":
            # Chart.js draws after its script runs, so the check waits for the charts.
            page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 4 && !!window.Chart")
        assert_no_accessibility_violations(page, name)
        save_screenshot(page, f"public-{name}")


def test_search_highlights_matches_in_browser(live_server, page):
    make_portal_data()

    page.goto(live_server.url + reverse("public:home"))
    page.get_by_role("searchbox").fill("SSW")
    page.get_by_role("searchbox").press("Enter")

    expect(page.locator("main mark").first).to_have_text("SSW")
    expect(page.get_by_role("link", name="Surabaya Single Window (SSW)")).to_be_visible()


def test_statistics_draws_charts(live_server, page):
    make_portal_data()

    page.goto(live_server.url + reverse("portal:statistics"))

    page.wait_for_function("!!window.Chart && Object.keys(window.Chart.instances).length === 4")
    expect(page.get_by_role("table").first).to_contain_text("2016")


def test_skip_link_moves_focus_to_main_content(live_server, page):
    make_portal_data()
    page.goto(live_server.url + reverse("public:innovation_list"))

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.locator("main#konten")).to_be_focused()
    page.keyboard.press("Tab")
    focused_id = page.evaluate("document.activeElement.id")
    assert focused_id == "cari"


def test_language_switch_keeps_the_page(live_server, page):
    make_portal_data()
    address = live_server.url + reverse("public:innovation_list") + "?tahun=2016"
    page.goto(address)

    # The browser sends Sec-Fetch-Site with the form, which the switch checks in place of a token.
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()

    expect(page.get_by_role("heading", name="Innovation database")).to_be_visible()
    assert page.url == address
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language").select_option("id")
    page.get_by_role("button", name="Change").click()

    expect(page.get_by_role("heading", name="Basis Data Inovasi")).to_be_visible()
    assert page.url == address
