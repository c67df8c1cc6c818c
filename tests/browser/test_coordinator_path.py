"""A coordinator imports units, issues accounts and opens the slips; an operator signs in with a slip.

The screenshots taken on the way illustrate docs/coordinator-guide.md.
"""
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.models import Role, User, WorkUnit
from tests.browser.dialogs import accept_confirmations
from tests.browser.screenshots import save_screenshot
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.browser

UNITS_CSV = (
    "\ufeffkode;nama;singkatan\r\n"
    "001;Dinas Kependudukan dan Pencatatan Sipil;Disdukcapil\r\n"
    "002;Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu;DPMPTSP\r\n"
    "003;Rumah Sakit Umum Daerah Harapan dan Doa;RSHD\r\n"
    ";;\r\n"
)
NEW_PASSWORD = "kopi pahit di pagi yang tenang"


def indonesian(message):
    """Return message in Indonesian, the language the portal serves in these tests."""
    with translation.override("id"):
        return gettext(message)


def screenshot(page, name):
    save_screenshot(page, f"coordinator-{name}")


def test_coordinator_issues_accounts_and_operator_signs_in(live_server, page, browser, tmp_path):
    agency = AgencyFactory(name="Pemerintah Kota Bengkulu", province=ProvinceFactory(code="17", name="Bengkulu"))
    coordinator = UserFactory(
        coordinator=True, agency=agency, username="koordinator.bengkulu", full_name="Bagian Organisasi Setda Kota Bengkulu"
    )
    units_file = tmp_path / "unit-kerja.csv"
    units_file.write_bytes(UNITS_CSV.encode("utf-8"))
    messages = page.get_by_role("status")

    # The coordinator signs in and opens the work units.
    page.goto(live_server.url + reverse("account_login"))
    page.locator("[name=login]").fill(coordinator.username)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=indonesian("Sign in"), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("workspace:dashboard"))
    page.get_by_role("link", name=indonesian("Work units and accounts"), exact=True).first.click()
    expect(page).to_have_url(live_server.url + reverse("accounts:unit_list"))

    # Import the units from a file saved by Excel, and check the preview.
    page.get_by_role("link", name=indonesian("Import work units"), exact=True).click()
    page.locator("[name=file]").set_input_files(units_file)
    screenshot(page, "01-import")
    page.get_by_role("button", name=indonesian("Show preview"), exact=True).click()
    expect(page.locator("#ringkasan-impor")).to_contain_text("3")
    expect(page.get_by_role("cell", name="001", exact=True)).to_be_visible()
    assert not WorkUnit.objects.filter(agency=agency).exists()
    screenshot(page, "02-import-preview")
    page.get_by_role("button", name=indonesian("Save the import"), exact=True).click()

    expect(page).to_have_url(live_server.url + reverse("accounts:unit_list"))
    expect(messages).to_have_text(
        indonesian("Import saved: %(created)s new work units, %(updated)s changed.") % {"created": 3, "updated": 0}
    )
    units = list(WorkUnit.objects.filter(agency=agency).order_by("code"))
    assert [(unit.code, unit.abbreviation) for unit in units] == [
        ("001", "Disdukcapil"),
        ("002", "DPMPTSP"),
        ("003", "RSHD"),
    ]

    # Issue one operator account for each unit; the page issues them in chunks and opens the slips.
    for unit in units:
        page.locator(f"#unit-{unit.pk}").check()
    screenshot(page, "03-units")
    page.get_by_role("button", name=indonesian("Issue accounts"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/ruang-kerja/akun/slip/[^/]+/$"))
    slips = page.locator("article.slip")
    expect(slips).to_have_count(3)
    screenshot(page, "04-slips")

    first_slip = slips.filter(has_text="Dinas Kependudukan dan Pencatatan Sipil")
    username = first_slip.locator("[data-username]").inner_text()
    password = first_slip.locator("[data-password]").inner_text()
    assert username == "disdukcapil.kota-bengkulu"
    operator = User.objects.get(username=username)
    assert operator.role == Role.OPERATOR
    assert operator.work_unit == units[0]
    assert operator.must_change_password

    with page.expect_download() as download_info:
        page.get_by_role("link", name=indonesian("Download CSV"), exact=True).click()
    download_text = download_info.value.path().read_text(encoding="utf-8-sig")
    assert f"{username};{password}" in download_text

    # The operator signs in with the slip in another browser and is taken through first sign-in.
    operator_context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    operator_page = operator_context.new_page()
    accept_confirmations(operator_page)
    operator_page.goto(live_server.url + reverse("account_login"))
    operator_page.locator("[name=login]").fill(username)
    operator_page.locator("[name=password]").fill(password)
    operator_page.get_by_role("button", name=indonesian("Sign in"), exact=True).click()
    expect(operator_page).to_have_url(live_server.url + reverse("accounts:first_sign_in"))
    operator_page.locator("[name=full_name]").fill("Rina Marlina")
    operator_page.locator("[name=position]").fill("Pranata Komputer Ahli Pertama")
    operator_page.locator("[name=email]").fill("rina.marlina@bengkulukota.go.id")
    operator_page.locator("[name=phone]").fill("0812 7300 1122")
    operator_page.locator("[name=new_password1]").fill(NEW_PASSWORD)
    operator_page.locator("[name=new_password2]").fill(NEW_PASSWORD)
    save_screenshot(operator_page, "coordinator-05-operator-first-sign-in")
    operator_page.get_by_role("button", name=indonesian("Save and continue"), exact=True).click()

    expect(operator_page).to_have_url(live_server.url + reverse("workspace:dashboard"))
    expect(operator_page.get_by_text("Dinas Kependudukan dan Pencatatan Sipil").first).to_be_visible()
    operator.refresh_from_db()
    assert operator.full_name == "Rina Marlina"
    assert not operator.must_change_password
    assert operator.check_password(NEW_PASSWORD)
    operator_context.close()

    # Closing the batch deletes the passwords; the slips cannot be opened again.
    slips_url = page.url
    page.get_by_role("button", name=indonesian("Close and delete the passwords"), exact=True).click()
    expect(messages).to_have_text(indonesian("The passwords of this batch were deleted from the server."))
    response = page.goto(slips_url)
    assert response.status == 404
