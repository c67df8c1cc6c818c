"""A proposal's whole hand-over in a real browser: draft, submit, return with notes, fix, resubmit, forward, public.

The screenshots taken on the way illustrate docs/operator-guide.md.
"""
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect

from innovations import services
from innovations.models import SDG, EventKind, Innovation, Status
from tests.browser.dialogs import accept_confirmations
from tests.browser.screenshots import save_screenshot
from tests.factories import (
    DEFAULT_PASSWORD,
    MINIMAL_PDF,
    AgencyFactory,
    CompetitionFactory,
    ProvinceFactory,
    UserFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.browser

TITLE = "Posyandu Digital Kelurahan"
SECTION_TEXTS = [
    "Kader posyandu mencatat tumbuh kembang balita di aplikasi, dan orang tua menerima hasilnya lewat pesan singkat.",
    "Catatan di buku kertas sering hilang dan puskesmas terlambat mengetahui balita bergizi kurang.",
    "Data posyandu langsung terbaca oleh puskesmas dan dinas kesehatan pada hari penimbangan.",
    "Dimulai di tiga kelurahan pada 2020 dan diperluas ke seluruh kota pada 2021.",
    "Balita bergizi kurang ditemukan rata-rata dua bulan lebih awal dibanding sebelum inovasi.",
    "Aplikasi dapat dipakai posyandu mana pun karena hanya memerlukan telepon genggam kader.",
    "Dua pegawai dinas, pelatihan kader, dan paket data dari anggaran kelurahan.",
    "Ditetapkan dalam peraturan wali kota dan dilatihkan kepada kader baru setiap tahun.",
]
FIXED_SUMMARY = SECTION_TEXTS[0] + " Sejak 2022 data juga dipakai untuk jadwal imunisasi."
NOTES = "Tambahkan di Ringkasan bagaimana data posyandu dipakai untuk imunisasi."


def indonesian(message):
    with translation.override("id"):
        return gettext(message)


def screenshot(page, name):
    save_screenshot(page, f"workflow-{name}")


def new_page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.confirmations = accept_confirmations(page)
    return page


def sign_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.locator("[name=login]").fill(user.username)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=indonesian("Sign in"), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("workspace:dashboard"))


def test_proposal_from_draft_to_forwarded_with_return(live_server, page, browser, tmp_path, settings):
    settings.LANGUAGE_CODE = "id"
    # An earlier browser test's flush empties the table the data migration filled.
    services.sdg_list_load()
    today = timezone.localdate()
    competition = CompetitionFactory(year=today.year, name=f"KIPP {today.year}")
    services.competition_groups_apply_default(competition=competition)
    sections = list(competition.sections.order_by("position"))
    agency = AgencyFactory(name="Pemerintah Kota Bengkulu", province=ProvinceFactory(code="17", name="Bengkulu"))
    unit = WorkUnitFactory(agency=agency, name="Dinas Kesehatan", abbreviation="Dinkes")
    operator = UserFactory(username="operator.dinkes", full_name="Sari Wulandari", work_unit=unit, email="sari@dinkes.go.id")
    coordinator = UserFactory(
        username="orpeg.bengkulu", full_name="Hendra Saputra", coordinator=True, agency=agency, email="orpeg@bengkulu.go.id"
    )
    photo = tmp_path / "posyandu-sebelum.jpg"
    Image.new("RGB", (640, 400), (180, 210, 160)).save(photo, "JPEG")
    evidence = tmp_path / "laporan-gizi.pdf"
    evidence.write_bytes(MINIMAL_PDF)
    messages = page.get_by_role("status")

    # The operator writes the first draft.
    sign_in(page, live_server, operator)
    page.get_by_role("link", name=indonesian("New proposal"), exact=True).click()
    page.locator("[name=title]").fill(TITLE)
    page.locator("[name=category]").select_option(index=1)
    page.locator("[name=group]").select_option(label="Kelompok Umum")
    page.locator("[name=started_on]").fill("2020-03-02")
    page.get_by_label(str(SDG.objects.get(number=3)), exact=True).check()
    page.get_by_label(str(SDG.objects.get(number=10)), exact=True).check()
    page.locator("[name=previous_awards]").fill("Juara 1 Inovasi Daerah Provinsi Bengkulu 2021")
    page.get_by_role("button", name=indonesian("Create draft"), exact=True).click()
    expect(messages).to_have_text(indonesian("The draft was created. Fill in the sections and save."))
    innovation = Innovation.objects.get(title=TITLE)
    edit_url = live_server.url + reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})
    expect(page).to_have_url(edit_url)

    for section, text in zip(sections, SECTION_TEXTS):
        page.locator(f"[name=section_{section.pk}]").fill(text)
    page.locator("[name=video_url]").fill("https://youtu.be/dQw4w9WgXcQ")
    screenshot(page, "01-editor")
    page.get_by_role("button", name=indonesian("Save draft"), exact=True).click()
    expect(messages).to_have_text(indonesian("The proposal was saved."))

    # A "before" photo, and a PDF as evidence for the significance section.
    upload = page.get_by_role("button", name=indonesian("Upload"), exact=True)
    page.locator("[name=kind]").select_option("photo")
    page.locator("[name=role]").select_option("before")
    page.locator("[name=file]").set_input_files(photo)
    upload.click()
    expect(messages).to_have_text(indonesian("The file “%(name)s” was uploaded.") % {"name": photo.name})
    page.locator("[name=kind]").select_option("document")
    page.locator("[name=section]").select_option(label=sections[4].title)
    page.locator("[name=file]").set_input_files(evidence)
    upload.click()
    expect(messages).to_have_text(indonesian("The file “%(name)s” was uploaded.") % {"name": evidence.name})
    expect(page.locator("img.attachment-thumb")).to_have_count(1)
    screenshot(page, "02-attachments")

    page.get_by_role("button", name=indonesian("Submit proposal"), exact=True).click()
    expect(messages).to_have_text(indonesian("The proposal “%(title)s” was submitted to your coordinator.") % {"title": TITLE})
    innovation.refresh_from_db()
    assert innovation.status == Status.SUBMITTED
    # Not public until forwarded.
    page.goto(live_server.url + innovation.get_absolute_url())
    expect(page.get_by_role("heading", name=TITLE)).to_have_count(0)

    # The coordinator reviews it and returns it with notes.
    review = new_page(browser)
    sign_in(review, live_server, coordinator)
    expect(review.get_by_role("link", name=TITLE, exact=True).first).to_be_visible()
    screenshot(review, "03-coordinator-dashboard")
    review.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(review).to_have_url(live_server.url + reverse("workspace:review_detail", kwargs={"pk": innovation.pk}))
    review.locator("#form-kembalikan [name=note]").fill(NOTES)
    screenshot(review, "04-return-with-notes")
    review.get_by_role("button", name=indonesian("Return with notes"), exact=True).click()
    expect(review).to_have_url(live_server.url + reverse("workspace:review_list"))
    innovation.refresh_from_db()
    assert innovation.status == Status.RETURNED

    # The operator reads the notes, fixes the summary and submits again.
    page.goto(edit_url)
    expect(page.locator("#catatan-koordinator")).to_contain_text(NOTES)
    screenshot(page, "05-returned-notes")
    page.locator(f"[name=section_{sections[0].pk}]").fill(FIXED_SUMMARY)
    page.get_by_role("button", name=indonesian("Save draft"), exact=True).click()
    expect(messages).to_have_text(indonesian("The proposal was saved."))
    page.get_by_role("button", name=indonesian("Submit proposal"), exact=True).click()
    expect(messages).to_have_text(indonesian("The proposal “%(title)s” was submitted to your coordinator.") % {"title": TITLE})

    # The history shows what changed after the return.
    page.goto(live_server.url + reverse("workspace:innovation_history", kwargs={"pk": innovation.pk}))
    screenshot(page, "06-history")
    page.get_by_role("link", name=indonesian("Show the changes")).nth(1).click()
    expect(page.locator("ins").filter(has_text=re.compile("imunisasi"))).to_be_visible()
    screenshot(page, "07-changes")

    # The coordinator forwards it; now it is public.
    review.goto(live_server.url + reverse("workspace:review_detail", kwargs={"pk": innovation.pk}))
    review.get_by_role("button", name=indonesian("Forward"), exact=True).click()
    expect(review).to_have_url(live_server.url + reverse("workspace:review_list"))
    screenshot(review, "08-forwarded")
    innovation.refresh_from_db()
    assert innovation.status == Status.FORWARDED
    assert list(innovation.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED, EventKind.RETURNED, EventKind.SUBMITTED, EventKind.FORWARDED,
    ]
    assert {tuple(message.to) for message in mail.outbox} == {("sari@dinkes.go.id",), ("orpeg@bengkulu.go.id",)}
    assert len(mail.outbox) == 8

    page.goto(live_server.url + innovation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Sejak 2022 data juga dipakai untuk jadwal imunisasi.", exact=False)).to_be_visible()

    # The printable A4 page.
    page.goto(live_server.url + reverse("workspace:innovation_print", kwargs={"pk": innovation.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    screenshot(page, "09-print")
    review.context.close()
