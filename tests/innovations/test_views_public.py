import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations.models import AttachmentKind, Status
from tests.factories import (
    MINIMAL_PDF,
    AnswerFactory,
    AttachmentFactory,
    CompetitionFactory,
    InnovationFactory,
    UserFactory,
    make_image_bytes,
)
from tests.pages import card_titles

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:innovation_list")


def listed_titles(response):
    return card_titles(response)


def past_competition(year):
    return CompetitionFactory(
        year=year,
        submission_opens_on=datetime.date(year, 6, 1),
        submission_closes_on=datetime.date(year, 6, 30),
    )


# --- Home -----------------------------------------------------------------------


def test_home_shows_open_competition_with_category_counts(client):
    competition = CompetitionFactory(name="KIPP Uji Terbuka")
    first, second = competition.categories.order_by("number")
    InnovationFactory.create_batch(2, competition=competition, category=first, forwarded=True)
    InnovationFactory(competition=competition, category=second, published=True)
    InnovationFactory(competition=competition, category=first, title="Draf Rahasia Sekali")

    response = client.get(reverse("public:home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["competition"] == competition
    assert "KIPP Uji Terbuka" in content
    assert first.name in content
    assert second.name in content
    assert {category.number: category.public_count for category in response.context["categories"]} == {1: 2, 2: 1}
    assert "2 entries" in content
    assert "1 entry" in content
    assert "3 public entries in this competition." in content
    assert "The database holds 3 public innovations." in content
    assert "Draf Rahasia Sekali" not in content
    assert "WIB" in content


def test_home_without_open_competition_shows_latest(client):
    past_competition(2021)
    latest = past_competition(2023)

    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    assert response.context["competition"] == latest
    assert latest.name in response.content.decode()


def test_home_without_any_competition(client):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    assert response.context["competition"] is None
    assert "The database holds 0 public innovations." in response.content.decode()


# --- Innovation list ------------------------------------------------------------


def test_list_shows_public_entries_only(client):
    competition = CompetitionFactory()
    for status in Status:
        InnovationFactory(competition=competition, status=status, title=f"Inovasi berstatus {status.value}")

    response = client.get(LIST_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert sorted(listed_titles(response)) == [
        "Inovasi berstatus forwarded",
        "Inovasi berstatus published",
    ]
    for hidden in ("draft", "submitted", "returned", "withdrawn"):
        assert f"Inovasi berstatus {hidden}" not in content
    assert "2 innovations found." in content


def test_list_filters_by_year(client):
    old = InnovationFactory(competition=past_competition(2019), published=True, title="Inovasi Lama")
    InnovationFactory(competition=past_competition(2023), published=True, title="Inovasi Baru")

    response = client.get(LIST_URL, {"tahun": "2019"})

    assert listed_titles(response) == [old.title]
    assert response.context["year"] == 2019
    assert response.context["years"] == [2023, 2019]
    assert '<option value="2019" selected>' in response.content.decode()


def test_list_filters_by_year_and_category(client):
    competition = past_competition(2022)
    first, second = competition.categories.order_by("number")
    InnovationFactory(competition=competition, category=first, published=True, title="Kategori Satu")
    InnovationFactory(competition=competition, category=second, published=True, title="Kategori Dua")
    other_year = past_competition(2021)
    InnovationFactory(
        competition=other_year, category=other_year.categories.get(number=2), published=True, title="Tahun Lain"
    )

    response = client.get(LIST_URL, {"tahun": "2022", "kategori": "2"})

    assert listed_titles(response) == ["Kategori Dua"]
    assert [category.number for category in response.context["categories"]] == [1, 2]


def test_list_searches_title_agency_and_unit(client):
    competition = CompetitionFactory()
    by_title = InnovationFactory(competition=competition, forwarded=True, title="Posyandu Digital")
    by_agency = InnovationFactory(competition=competition, forwarded=True, title="Kartu Tani")
    by_agency.agency.name = "Pemerintah Kabupaten Posyandu Raya"
    by_agency.agency.save()
    InnovationFactory(competition=competition, forwarded=True, title="Lain Sama Sekali")

    response = client.get(LIST_URL, {"q": "posyandu"})

    assert sorted(listed_titles(response)) == sorted([by_title.title, by_agency.title])


def test_list_pages_show_each_entry_once(client):
    competition = CompetitionFactory()
    entries = InnovationFactory.create_batch(45, competition=competition, forwarded=True)

    pages = [client.get(LIST_URL, {"halaman": number}) for number in (1, 2, 3)]

    assert [len(listed_titles(page)) for page in pages] == [20, 20, 5]
    titles_shown = [title for page in pages for title in listed_titles(page)]
    assert sorted(titles_shown) == sorted(entry.title for entry in entries)
    assert len(set(titles_shown)) == 45
    assert "Page 2 of 3" in pages[1].content.decode()
    assert "halaman=3" in pages[1].content.decode()
    assert client.get(LIST_URL, {"halaman": 4}).status_code == 404


def test_list_page_links_keep_filters(client):
    competition = past_competition(2024)
    InnovationFactory.create_batch(21, competition=competition, published=True)

    response = client.get(LIST_URL, {"tahun": "2024", "halaman": "1"})

    assert "?tahun=2024&amp;halaman=2" in response.content.decode()


@pytest.mark.parametrize(
    ("query_string", "status_code"),
    [
        ("halaman=0", 404),
        ("halaman=-1", 404),
        ("halaman=abc", 404),
        ("halaman=99999", 404),
        ("halaman=1.5", 404),
        ("halaman=99999999999999999999999", 404),
        ("halaman=", 404),
        ("halaman=1", 200),
        ("q=%00", 200),
        ("q=antre%00an", 200),
        ("q=" + "a" * 5000, 200),
        ("q=%25%27%22%3Cscript%3E", 200),
        ("q=%F0%9F%98%80", 200),
        ("q=%FF%FE", 200),
        ("tahun=abc&kategori=%00", 200),
        ("tahun=-2023&kategori=0", 200),
        ("tahun=99999999999999999999", 200),
    ],
)
def test_list_odd_input_never_fails(client, query_string, status_code):
    InnovationFactory(forwarded=True)

    response = client.get(f"{LIST_URL}?{query_string}")

    assert response.status_code == status_code


def test_list_long_query_shortened(client):
    InnovationFactory(forwarded=True)

    response = client.get(LIST_URL, {"q": "x" * 5000})

    assert response.context["query"] == "x" * 200


def test_list_query_count_does_not_grow_with_rows(client):
    competition = CompetitionFactory()
    InnovationFactory(competition=competition, forwarded=True)
    with CaptureQueriesContext(connection) as one_row:
        assert len(listed_titles(client.get(LIST_URL))) == 1

    InnovationFactory.create_batch(14, competition=competition, forwarded=True)
    with CaptureQueriesContext(connection) as many_rows:
        assert len(listed_titles(client.get(LIST_URL))) == 15

    assert len(many_rows) == len(one_row)


def test_home_query_count_does_not_grow_with_rows(client):
    competition = CompetitionFactory()
    InnovationFactory(competition=competition, forwarded=True)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("public:home"))

    InnovationFactory.create_batch(14, competition=competition, forwarded=True)
    with CaptureQueriesContext(connection) as many_rows:
        client.get(reverse("public:home"))

    assert len(many_rows) == len(one_row)


# --- Innovation detail ----------------------------------------------------------


def test_detail_shows_sections_files_and_video(client):
    innovation = InnovationFactory(
        forwarded=True, title="Sistem Antrean Puskesmas", video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    sections = list(innovation.competition.sections.order_by("position"))
    AnswerFactory(innovation=innovation, section=sections[0], text="Warga antre dari rumah lewat aplikasi.")
    AnswerFactory(innovation=innovation, section=sections[4], text="Waktu tunggu turun dari 3 jam ke 20 menit.")
    AnswerFactory(innovation=innovation, section=sections[2], text="   ")
    photo = AttachmentFactory(innovation=innovation)
    document = AttachmentFactory(innovation=innovation, document=True, original_name="Laporan Evaluasi.pdf")

    response = client.get(innovation.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sistem Antrean Puskesmas" in content
    assert innovation.agency.name in content
    assert "Ringkasan" in content
    assert "Warga antre dari rumah lewat aplikasi." in content
    assert "Signifikansi" in content
    assert "Waktu tunggu turun dari 3 jam ke 20 menit." in content
    assert "Kebaruan" not in content
    assert f'src="/berkas/{photo.uuid}/"' in content
    assert f'<a href="/berkas/{document.uuid}/">Laporan Evaluasi.pdf</a>' in content
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in content
    assert "www.youtube.com/embed" not in content


def test_detail_shows_group_and_previous_awards(client):
    innovation = InnovationFactory(forwarded=True, previous_awards="Juara 1 Inovasi Daerah 2019")
    innovation.group = innovation.competition.groups.create(number=9, name="Kelompok Replikasi Uji")
    innovation.save(update_fields=["group"])

    content = client.get(innovation.get_absolute_url()).content.decode()

    assert "Kelompok Replikasi Uji" in content
    assert "Juara 1 Inovasi Daerah 2019" in content


def test_detail_without_video_has_no_embed(client):
    innovation = InnovationFactory(forwarded=True)

    response = client.get(innovation.get_absolute_url())

    assert response.status_code == 200
    assert response.context["embed_url"] is None
    assert "<iframe" not in response.content.decode()


def test_detail_escapes_entry_text(client):
    innovation = InnovationFactory(forwarded=True, title="<b>Judul</b>")
    AnswerFactory(innovation=innovation, text="<script>alert('x')</script>")

    content = client.get(innovation.get_absolute_url()).content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "<b>Judul</b>" not in content


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.WITHDRAWN])
def test_detail_of_non_public_entry_not_found(client, status):
    innovation = InnovationFactory(status=status, title="Belum Boleh Dilihat")

    response = client.get(innovation.get_absolute_url())

    assert response.status_code == 404
    assert "Belum Boleh Dilihat" not in response.content.decode()


def test_detail_of_draft_not_found_for_its_operator(login):
    innovation = InnovationFactory()

    response = login(UserFactory(work_unit=innovation.work_unit)).get(innovation.get_absolute_url())

    assert response.status_code == 404


def test_detail_unknown_slug_not_found(client):
    assert client.get("/inovasi/tidak-ada-2026/").status_code == 404


def test_detail_query_count_does_not_grow_with_files(client):
    innovation = InnovationFactory(forwarded=True, complete=True)
    AttachmentFactory(innovation=innovation)
    with CaptureQueriesContext(connection) as one_file:
        client.get(innovation.get_absolute_url())

    AttachmentFactory.create_batch(4, innovation=innovation)
    AttachmentFactory.create_batch(4, innovation=innovation, document=True)
    with CaptureQueriesContext(connection) as many_files:
        client.get(innovation.get_absolute_url())

    assert len(many_files) == len(one_file)


# --- Attachments ----------------------------------------------------------------


def test_public_photo_downloads_for_anyone(client):
    content = make_image_bytes("PNG")
    photo = AttachmentFactory(innovation=InnovationFactory(forwarded=True), content=content)

    response = client.get(photo.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.get("Cache-Control", "")


def test_public_document_downloads_as_attachment(client):
    document = AttachmentFactory(
        innovation=InnovationFactory(published=True), document=True, original_name="Laporan Akhir.pdf"
    )

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Laporan Akhir.pdf"'


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.WITHDRAWN])
def test_private_file_hidden_from_anonymous(client, status):
    attachment = AttachmentFactory(innovation=InnovationFactory(status=status))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_draft_file_hidden_from_outsiders(login):
    attachment = AttachmentFactory(innovation=InnovationFactory(), kind=AttachmentKind.PHOTO)
    outsiders = [UserFactory(), UserFactory(coordinator=True), UserFactory(judge=True)]

    for outsider in outsiders:
        assert login(outsider).get(attachment.get_absolute_url()).status_code == 404


def test_draft_file_downloads_for_insiders(login):
    innovation = InnovationFactory()
    attachment = AttachmentFactory(innovation=innovation, document=True)
    insiders = [
        UserFactory(work_unit=innovation.work_unit),
        UserFactory(coordinator=True, agency=innovation.agency),
        UserFactory(admin=True),
    ]

    for insider in insiders:
        response = login(insider).get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert response["Cache-Control"] == "private, no-store"


def test_file_missing_from_storage_not_found(client):
    attachment = AttachmentFactory(innovation=InnovationFactory(forwarded=True))
    attachment.file.storage.delete(attachment.file.name)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_file_unknown_uuid_not_found(client):
    assert client.get("/berkas/00000000-0000-4000-8000-000000000000/").status_code == 404


# --- Health check ---------------------------------------------------------------


def test_healthz_reports_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
