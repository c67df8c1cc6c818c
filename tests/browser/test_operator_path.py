"""An operator's whole path in a real browser: sign in, write, upload, submit, find it in public once forwarded.

The screenshots taken on the way illustrate docs/operator-guide.md.
"""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from innovations import services
from innovations.models import Attachment, AttachmentKind, Innovation, Status
from tests.factories import (
    DEFAULT_PASSWORD,
    MINIMAL_PDF,
    AgencyFactory,
    CompetitionFactory,
    ProvinceFactory,
    UserFactory,
    WorkUnitFactory,
)
from tests.browser.screenshots import save_screenshot

pytestmark = pytest.mark.browser

TITLE = "Antrean Daring Layanan Kependudukan"
# One text per section of the default template, in order. Each is well under
# its section's word limit.
SECTION_TEXTS = [
    "Warga mengambil nomor antrean dari rumah lewat aplikasi dan datang ke loket pada jam yang dipilih.",
    "Antrean di loket Disdukcapil sering mencapai seratus orang sejak subuh. Tujuannya memangkas waktu tunggu warga.",
    "Nomor antrean dan jam layanan dipilih sendiri oleh warga, dan pengingat dikirim lewat pesan singkat.",
    "Aplikasi dibangun oleh tim TI dinas pada 2019 dan dipakai di semua loket sejak Januari 2020.",
    "Waktu tunggu rata-rata turun dari tiga jam menjadi dua puluh menit menurut survei kepuasan 2021.",
    "Dua kabupaten tetangga sudah meniru aplikasi ini untuk layanan akta kelahiran.",
    "Dua pegawai TI, satu server dinas, dan anggaran pemeliharaan tahunan dari APBD.",
    "Layanan ditetapkan dalam peraturan wali kota dan pelatihan petugas loket diadakan setiap tahun.",
]


def indonesian(message):
    """Return message in Indonesian, the language the portal serves in these tests."""
    with translation.override("id"):
        return gettext(message)


def screenshot(page, name):
    save_screenshot(page, f"operator-{name}")


def make_photo(path):
    """Write a small JPEG to path (a grey building with three windows) and return path."""
    image = Image.new("RGB", (480, 320), (120, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 120, 420, 320), fill=(200, 200, 195))
    for left in (100, 210, 320):
        draw.rectangle((left, 170, left + 60, 230), fill=(70, 90, 120))
    image.save(path, "JPEG", quality=85)
    return path


def test_operator_submission_appears_publicly(live_server, page, tmp_path):
    today = timezone.localdate()
    competition = CompetitionFactory(year=today.year, name=f"KIPP {today.year}")
    sections = list(competition.sections.order_by("position"))
    assert len(sections) == len(SECTION_TEXTS)
    category = competition.categories.order_by("number").first()
    work_unit = WorkUnitFactory(
        agency=AgencyFactory(name="Pemerintah Kota Bengkulu", province=ProvinceFactory(code="17", name="Bengkulu")),
        name="Dinas Kependudukan dan Pencatatan Sipil",
        abbreviation="Disdukcapil",
    )
    operator = UserFactory(username="operator.disdukcapil", full_name="Rina Marlina", work_unit=work_unit)
    photo = make_photo(tmp_path / "foto-loket.jpg")
    document = tmp_path / "laporan-survei.pdf"
    document.write_bytes(MINIMAL_PDF)
    messages = page.get_by_role("status")

    # Sign in with the username and password the coordinator issued.
    page.goto(live_server.url + reverse("account_login"))
    page.locator("[name=login]").fill(operator.username)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    screenshot(page, "01-sign-in")
    page.get_by_role("button", name=indonesian("Sign in"), exact=True).click()

    expect(page).to_have_url(live_server.url + reverse("workspace:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text(indonesian("Workspace"))
    expect(page.get_by_text(work_unit.name)).to_be_visible()
    screenshot(page, "02-dashboard")

    # Create the draft with its details.
    page.get_by_role("link", name=indonesian("New proposal"), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("workspace:innovation_create"))
    page.locator("[name=title]").fill(TITLE)
    page.locator("[name=category]").select_option(label=str(category))
    page.locator("[name=started_on]").fill("2020-01-06")
    screenshot(page, "03-new-proposal")
    page.get_by_role("button", name=indonesian("Create draft"), exact=True).click()

    expect(messages).to_have_text(indonesian("The draft was created. Fill in the sections and save."))
    innovation = Innovation.objects.get(title=TITLE)
    edit_url = live_server.url + reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    expect(page).to_have_url(edit_url)
    assert innovation.status == Status.DRAFT
    assert innovation.work_unit == work_unit
    assert innovation.category == category
    assert innovation.started_on == datetime.date(2020, 1, 6)

    # The live counter counts the words as they are typed.
    first = sections[0]
    page.locator(f"[name=section_{first.pk}]").press_sequentially("satu dua tiga")
    counter_text = indonesian("{count} of {limit} words").replace("{limit}", str(first.word_limit))
    expect(page.locator(f"#word-count-{first.pk}")).to_have_text(counter_text.replace("{count}", "3"))

    for section, text in zip(sections, SECTION_TEXTS):
        page.locator(f"[name=section_{section.pk}]").fill(text)
    expect(page.locator(f"#word-count-{first.pk}")).to_have_text(
        counter_text.replace("{count}", str(len(SECTION_TEXTS[0].split())))
    )
    screenshot(page, "04-sections")
    page.get_by_role("button", name=indonesian("Save draft"), exact=True).click()

    expect(messages).to_have_text(indonesian("The proposal was saved."))
    expect(page).to_have_url(edit_url)
    saved = dict(innovation.answers.values_list("section_id", "text"))
    assert saved == {section.pk: text for section, text in zip(sections, SECTION_TEXTS)}

    # Upload a photo and a PDF document.
    upload_button = page.get_by_role("button", name=indonesian("Upload"), exact=True)
    page.locator("[name=kind]").select_option(AttachmentKind.PHOTO.value)
    page.locator("[name=file]").set_input_files(photo)
    upload_button.click()
    expect(messages).to_have_text(indonesian("The file “%(name)s” was uploaded.") % {"name": photo.name})

    page.locator("[name=kind]").select_option(AttachmentKind.DOCUMENT.value)
    page.locator("[name=file]").set_input_files(document)
    upload_button.click()
    expect(messages).to_have_text(indonesian("The file “%(name)s” was uploaded.") % {"name": document.name})
    expect(page.get_by_role("link", name=photo.name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=document.name, exact=True)).to_be_visible()
    stored = Attachment.objects.filter(innovation=innovation).order_by("uploaded_at", "id")
    assert [(a.kind, a.original_name, a.content_type) for a in stored] == [
        (AttachmentKind.PHOTO, photo.name, "image/jpeg"),
        (AttachmentKind.DOCUMENT, document.name, "application/pdf"),
    ]

    # Nothing is missing any more, so the proposal can be submitted.
    expect(
        page.get_by_text(indonesian("The proposal is complete. After submission it can no longer be changed."))
    ).to_be_visible()
    screenshot(page, "05-ready-to-submit")
    page.get_by_role("button", name=indonesian("Submit proposal"), exact=True).click()

    expect(page).to_have_url(live_server.url + reverse("workspace:dashboard"))
    # The browser asked before submitting, because a submitted proposal is locked.
    assert page.confirmations == [
        indonesian("Submit the proposal to your coordinator? You cannot change it while it is under review.")
    ]
    expect(messages).to_have_text(
        indonesian("The proposal “%(title)s” was submitted to your coordinator.") % {"title": TITLE}
    )
    screenshot(page, "06-submitted")
    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    assert innovation.submitted_at is not None

    # A submitted entry is not public yet; it is once the coordinator forwards it.
    page.goto(live_server.url + innovation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).not_to_have_text(TITLE)
    services.innovation_forward(
        user=UserFactory(coordinator=True, agency=work_unit.agency), innovation=innovation
    )
    page.goto(live_server.url + reverse("public:innovation_list"))
    entry_link = page.get_by_role("link", name=TITLE, exact=True)
    expect(entry_link).to_be_visible()
    screenshot(page, "07-public-list")
    entry_link.click()

    expect(page).to_have_url(live_server.url + innovation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(SECTION_TEXTS[4])).to_be_visible()
    screenshot(page, "08-public-entry")
