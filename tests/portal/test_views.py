"""Announcements, help page, statistics, open data, API, sitemap and feed."""
import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AgencyKind
from innovations.models import Status
from portal.models import Announcement, Guideline
from portal.opendata import FIELDS
from sinovik.cache import public_cache_version
from tests.factories import (
    MINIMAL_PDF,
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
    UserFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db

API_URL = reverse("portal:api_innovation_list")
CSV_URL = reverse("portal:open_data_csv")
JSON_URL = reverse("portal:open_data_json")


def past_competition(year, **kwargs):
    return CompetitionFactory(
        year=year,
        submission_opens_on=datetime.date(year, 6, 1),
        submission_closes_on=datetime.date(year, 6, 30),
        **kwargs,
    )


def streamed(response):
    return b"".join(response.streaming_content).decode()


# --- Announcements ----------------------------------------------------------------


def test_announcements_list_published_only_newest_first(client):
    now = timezone.now()
    AnnouncementFactory(title="Lama", published_at=now - datetime.timedelta(days=3))
    AnnouncementFactory(title="Baru", published_at=now - datetime.timedelta(days=1))
    AnnouncementFactory(title="Belum Terbit", is_published=False)
    AnnouncementFactory(title="Terjadwal", published_at=now + datetime.timedelta(days=1))

    response = client.get(reverse("portal:announcement_list"))

    content = response.content.decode()
    assert [announcement.title for announcement in response.context["page"].object_list] == ["Baru", "Lama"]
    assert "Belum Terbit" not in content
    assert "Terjadwal" not in content
    assert 'type="application/rss+xml"' in content


def test_announcement_detail_sanitises_body(client):
    announcement = AnnouncementFactory(
        title="Hasil Top 99",
        body=(
            '<h2>Daftar</h2><p onclick="steal()">Lihat <a href="javascript:alert(1)">ini</a> dan '
            '<a href="https://menpan.go.id/">situs</a>.</p><script>alert(1)</script><iframe src="x"></iframe>'
        ),
    )

    content = client.get(announcement.get_absolute_url()).content.decode()

    assert "<h2>Daftar</h2>" in content
    assert '<a href="https://menpan.go.id/" rel="noopener noreferrer">situs</a>' in content
    assert "onclick" not in content
    assert "javascript:" not in content
    assert "<script>alert(1)" not in content
    assert "<iframe" not in content


@pytest.mark.parametrize("kwargs", [{"is_published": False}, {"published_at": timezone.now() + datetime.timedelta(days=2)}])
def test_unpublished_announcement_not_found(client, kwargs):
    announcement = AnnouncementFactory(title="Rahasia Panitia", **kwargs)

    response = client.get(announcement.get_absolute_url())

    assert response.status_code == 404
    assert "Rahasia Panitia" not in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "3", "%00"])
def test_announcement_list_odd_page_not_found(client, page):
    AnnouncementFactory()

    assert client.get(reverse("portal:announcement_list") + f"?halaman={page}").status_code == 404


def test_announcement_feed_lists_published_items(client):
    AnnouncementFactory(title="Pengumuman Finalis", summary="Daftar finalis terbit.")
    AnnouncementFactory(title="Draf Panitia", is_published=False)

    response = client.get(reverse("portal:announcement_feed"))

    content = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Pengumuman Finalis</title>" in content
    assert "<description>Daftar finalis terbit.</description>" in content
    assert "Draf Panitia" not in content


def test_announcement_list_query_count_constant(client):
    AnnouncementFactory()
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("portal:announcement_list"))

    AnnouncementFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(reverse("portal:announcement_list"))

    assert len(response.context["page"].object_list) == 9
    assert len(many_rows) == len(one_row)


def test_feed_query_count_does_not_grow_with_rows(client):
    AnnouncementFactory()
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("portal:announcement_feed"))

    AnnouncementFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many_rows:
        client.get(reverse("portal:announcement_feed"))

    assert len(many_rows) == len(one_row)


# --- Help page and guidelines -----------------------------------------------------


def test_help_page_lists_questions_and_guidelines(client):
    FrequentlyAskedQuestionFactory(question="Kapan batas pengajuan?", answer="Akhir Juni.", order=2)
    FrequentlyAskedQuestionFactory(question="Siapa yang boleh ikut?", answer="Semua instansi.", order=1)
    FrequentlyAskedQuestionFactory(question="Pertanyaan tersembunyi?", is_published=False)
    guideline = GuidelineFactory(title="Pedoman KIPP 2026")
    GuidelineFactory(title="Pedoman Lama", is_published=False)

    response = client.get(reverse("portal:help"))

    content = response.content.decode()
    assert [item.question for item in response.context["questions"]] == ["Siapa yang boleh ikut?", "Kapan batas pengajuan?"]
    assert f'<a href="{guideline.get_absolute_url()}">Pedoman KIPP 2026</a>' in content
    assert "Pertanyaan tersembunyi?" not in content
    assert "Pedoman Lama" not in content


def test_help_page_query_count_constant(client):
    FrequentlyAskedQuestionFactory()
    GuidelineFactory()
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("portal:help"))

    FrequentlyAskedQuestionFactory.create_batch(5)
    GuidelineFactory.create_batch(5)
    with CaptureQueriesContext(connection) as many_rows:
        client.get(reverse("portal:help"))

    assert len(many_rows) == len(one_row)


def test_guideline_downloads_as_pdf(client):
    guideline = GuidelineFactory(original_name="Pedoman KIPP.pdf")

    response = client.get(guideline.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Pedoman KIPP.pdf"'


def test_unpublished_guideline_not_found(client):
    guideline = GuidelineFactory(is_published=False)

    assert client.get(guideline.get_absolute_url()).status_code == 404


def test_admin_uploads_guideline_through_storage(login, stored_files):
    admin = UserFactory(admin=True, is_superuser=True)
    upload = SimpleUploadedFile("Pedoman Teknis.pdf", MINIMAL_PDF, content_type="application/pdf")

    response = login(admin).post(
        reverse("admin:portal_guideline_add"),
        {"title": "Pedoman Teknis", "description": "", "file": upload, "order": "1", "is_published": "on"},
    )

    guideline = Guideline.objects.get()
    assert response.status_code == 302
    assert guideline.original_name == "Pedoman Teknis.pdf"
    assert guideline.size == len(MINIMAL_PDF)
    assert stored_files() == [f"guidelines/{guideline.uuid.hex}.pdf"]


def test_admin_rejects_guideline_that_is_not_pdf(login, stored_files):
    admin = UserFactory(admin=True, is_superuser=True)
    upload = SimpleUploadedFile("pedoman.pdf", b"just some text", content_type="application/pdf")

    response = login(admin).post(
        reverse("admin:portal_guideline_add"),
        {"title": "Pedoman Palsu", "description": "", "file": upload, "order": "1", "is_published": "on"},
    )

    assert response.status_code == 200
    assert "is not a PDF document" in response.content.decode()
    assert Guideline.objects.count() == 0
    assert stored_files() == []


# --- Statistics -------------------------------------------------------------------


def test_statistics_count_public_entries(client):
    jatim = ProvinceFactory(code="35", name="Jawa Timur")
    city = AgencyFactory(province=jatim, kind=AgencyKind.CITY)
    ministry = AgencyFactory(province=None, kind=AgencyKind.MINISTRY)
    old = past_competition(2016)
    new = past_competition(2017)
    InnovationFactory.create_batch(2, competition=old, work_unit=WorkUnitFactory(agency=city), published=True)
    InnovationFactory(competition=new, work_unit=WorkUnitFactory(agency=ministry), published=True)
    InnovationFactory(competition=new, work_unit=WorkUnitFactory(agency=ministry), status=Status.DRAFT)

    response = client.get(reverse("portal:statistics"))

    figures = response.context["figures"]
    content = response.content.decode()
    assert figures["by_year"] == [("2016", 2), ("2017", 1)]
    assert figures["by_kind"] == [("City", 2), ("Ministry", 1)]
    assert figures["by_province"] == [("Jawa Timur", 2), (None, 1)]
    assert figures["by_category"] == [
        (2017, 1, "Meningkatkan pemberian pelayanan kepada masyarakat", 1),
        (2016, 1, "Meningkatkan pemberian pelayanan kepada masyarakat", 2),
    ]
    assert response.context["chart_data"]["by_year"]["counts"] == [2, 1]
    assert response.context["chart_data"]["by_province"]["labels"] == ["Jawa Timur", "National"]
    assert '<script id="data-statistik" type="application/json">' in content
    assert '<th scope="row">Jawa Timur</th><td class="text-end">2</td>' in content
    assert "/static/vendor/chartjs/chart.umd.min.js" in content
    assert "3 public innovations in all years." in content


def test_statistics_say_when_no_entry_has_a_category(client):
    InnovationFactory(published=True, category=None)

    content = client.get(reverse("portal:statistics")).content.decode()

    assert '<tr><td colspan="3">No public entry has a category yet.</td></tr>' in content


def test_statistics_query_count_does_not_grow_with_rows(client):
    InnovationFactory(published=True)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("portal:statistics"))

    InnovationFactory.create_batch(6, published=True)
    with CaptureQueriesContext(connection) as many_rows:
        client.get(reverse("portal:statistics"))

    assert len(many_rows) == len(one_row)


# --- Open data and API ------------------------------------------------------------


def make_public_entry():
    agency = AgencyFactory(name="Pemerintah Kota Bengkulu", slug="kota-bengkulu", province=ProvinceFactory(code="17", name="Bengkulu"))
    innovation = InnovationFactory(
        competition=past_competition(2021),
        work_unit=WorkUnitFactory(agency=agency, name="Dinas Kesehatan"),
        published=True,
        title="Layanan Antar Obat",
        slug="layanan-antar-obat-2021",
        stage_reached="Top 45",
        started_on=datetime.date(2019, 3, 1),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    innovation.sdgs.add(SDGFactory(number=3), SDGFactory(number=10))
    return innovation


EXPECTED_RECORD = {
    "slug": "layanan-antar-obat-2021",
    "url": "http://testserver/inovasi/layanan-antar-obat-2021/",
    "title": "Layanan Antar Obat",
    "year": 2021,
    "competition": "KIPP 2021",
    "category_number": 1,
    "category": "Meningkatkan pemberian pelayanan kepada masyarakat",
    "agency": "Pemerintah Kota Bengkulu",
    "agency_slug": "kota-bengkulu",
    "agency_kind": "kota",
    "province": "Bengkulu",
    "work_unit": "Dinas Kesehatan",
    "stage_reached": "Top 45",
    "started_on": "2019-03-01",
    "sdgs": [3, 10],
    "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "source_url": None,
}


def test_api_returns_documented_fields(client):
    make_public_entry()

    response = client.get(API_URL)

    data = response.json()
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert {key: data[key] for key in ("count", "page", "pages", "page_size", "next", "previous")} == {
        "count": 1, "page": 1, "pages": 1, "page_size": 100, "next": None, "previous": None,
    }
    assert data["results"] == [EXPECTED_RECORD]
    assert list(data["results"][0]) == FIELDS


def test_api_pages_and_filters(client):
    competition = past_competition(2018)
    InnovationFactory.create_batch(101, competition=competition, published=True)
    InnovationFactory(competition=past_competition(2019), published=True)

    first = client.get(API_URL, {"tahun": "2018"}).json()
    second = client.get(API_URL, {"tahun": "2018", "halaman": "2"}).json()

    assert first["count"] == 101
    assert first["next"] == "http://testserver/api/v1/inovasi/?tahun=2018&halaman=2"
    assert second["previous"] == "http://testserver/api/v1/inovasi/?tahun=2018"
    assert len(first["results"]) == 100
    assert len(second["results"]) == 1
    slugs = [record["slug"] for record in first["results"] + second["results"]]
    assert len(set(slugs)) == 101


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "%00", "99999999999999999999"])
def test_api_odd_page_is_json_not_found(client, page):
    InnovationFactory(published=True)

    response = client.get(f"{API_URL}?halaman={page}")

    assert response.status_code == 404
    assert response.json() == {"error": "Page not found. Use halaman=1 to 1."}


def test_api_query_count_does_not_grow_with_rows(client):
    make_public_entry()
    with CaptureQueriesContext(connection) as one_row:
        client.get(API_URL)

    for _number in range(6):
        InnovationFactory(published=True).sdgs.add(SDGFactory(number=5))
    with CaptureQueriesContext(connection) as many_rows:
        assert client.get(API_URL).json()["count"] == 7

    assert len(many_rows) == len(one_row)


def test_csv_download_has_header_and_rows(client):
    make_public_entry()
    InnovationFactory(published=True, title="=HYPERLINK(\"http://contoh\")")

    response = client.get(CSV_URL)

    rows = list(csv.reader(io.StringIO(streamed(response))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sinovik-inovasi.csv"'
    assert rows[0] == FIELDS
    by_title = {row[2]: dict(zip(FIELDS, row)) for row in rows[1:]}
    assert by_title["Layanan Antar Obat"]["sdgs"] == "3;10"
    assert by_title["Layanan Antar Obat"]["source_url"] == ""
    assert "'=HYPERLINK(\"http://contoh\")" in by_title


def test_json_download_matches_api_records(client):
    make_public_entry()

    response = client.get(JSON_URL, {"tahun": "2021"})

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(streamed(response)) == [EXPECTED_RECORD]


def test_downloads_query_count_does_not_grow_with_rows(client):
    make_public_entry()
    with CaptureQueriesContext(connection) as one_row:
        streamed(client.get(CSV_URL))
        streamed(client.get(JSON_URL))

    InnovationFactory.create_batch(6, published=True)
    with CaptureQueriesContext(connection) as many_rows:
        streamed(client.get(CSV_URL))
        streamed(client.get(JSON_URL))

    assert len(many_rows) == len(one_row)


# --- Nothing private in any public output -----------------------------------------


SECRET_TITLES = {
    Status.DRAFT: "Rahasia Draf Kenari",
    Status.SUBMITTED: "Rahasia Diajukan Kenari",
    Status.RETURNED: "Rahasia Dikembalikan Kenari",
    Status.WITHDRAWN: "Rahasia Mundur Kenari",
}


def test_no_private_data_in_any_public_output(client):
    competition = past_competition(2024)
    operator = UserFactory(email="operator.rahasia@contoh.go.id", phone="0812-0000-1111", full_name="Nama Operator Rahasia")
    public = InnovationFactory(
        competition=competition, work_unit=operator.work_unit, published=True, title="Kenari Publik", created_by=operator
    )
    AnswerFactory(innovation=public, text="Kenari teks publik.")
    for status, title in SECRET_TITLES.items():
        secret = InnovationFactory(competition=competition, work_unit=operator.work_unit, status=status, title=title, stage_reached="Top 99")
        AnswerFactory(innovation=secret, text="Kenari teks rahasia.")
        AttachmentFactory(innovation=secret, original_name="kenari-rahasia.png")
    results_only = past_competition(2025, publish_only_results=True)
    InnovationFactory(competition=results_only, work_unit=operator.work_unit, forwarded=True, title="Rahasia Belum Diumumkan Kenari")
    AnnouncementFactory(title="Kenari Draf Pengumuman", is_published=False)

    pages = [
        reverse("public:home"),
        reverse("public:innovation_list"),
        reverse("public:innovation_list") + "?q=kenari",
        reverse("public:innovation_list") + "?q=rahasia",
        reverse("public:innovation_list") + "?tahap=Top+99",
        public.get_absolute_url(),
        reverse("public:competition_detail", kwargs={"year": 2024}),
        reverse("public:competition_detail", kwargs={"year": 2025}),
        reverse("public:agency_detail", kwargs={"slug": public.agency.slug}),
        reverse("portal:statistics"),
        reverse("portal:announcement_list"),
        reverse("portal:announcement_feed"),
        reverse("portal:help"),
        reverse("portal:open_data"),
        API_URL,
        API_URL + "?q=kenari",
        CSV_URL,
        JSON_URL,
        reverse("portal:sitemap"),
        "/sitemap-innovations.xml",
        "/sitemap-agencies.xml",
        "/sitemap-competitions.xml",
    ]
    for path in pages:
        response = client.get(path)
        content = streamed(response) if response.streaming else response.content.decode()
        assert response.status_code == 200, path
        for secret in [*SECRET_TITLES.values(), "Rahasia Belum Diumumkan Kenari", "Kenari teks rahasia", "kenari-rahasia",
                       "operator.rahasia@contoh.go.id", "0812-0000-1111", "Nama Operator Rahasia", "Kenari Draf Pengumuman"]:
            assert secret not in content, (path, secret)
        for field in ("status", "submitted_at", "created_by", "version"):
            assert f'"{field}"' not in content, (path, field)


# --- Sitemap and health check -----------------------------------------------------


def sitemap_content(client):
    """Return the text of every section sitemap that the sitemap index lists."""
    index = client.get(reverse("portal:sitemap")).content.decode()
    sections = [f"/sitemap-{name}.xml" for name in ("pages", "innovations", "competitions", "agencies", "announcements")]
    for section in sections:
        assert f"<loc>http://testserver{section}</loc>" in index
    return "".join(client.get(section).content.decode() for section in sections)


def test_sitemap_lists_public_pages_only(client):
    public = InnovationFactory(competition=past_competition(2022), published=True)
    draft = InnovationFactory(title="Draf Peta Situs")
    announcement = AnnouncementFactory()

    content = sitemap_content(client)

    assert f"<loc>http://testserver{public.get_absolute_url()}</loc>" in content
    assert f"<loc>http://testserver{draft.get_absolute_url()}</loc>" not in content
    assert f"<loc>http://testserver/instansi/{public.agency.slug}/</loc>" in content
    assert f"<loc>http://testserver/instansi/{draft.agency.slug}/</loc>" not in content
    assert "<loc>http://testserver/kompetisi/2022/</loc>" in content
    assert f"<loc>http://testserver{announcement.get_absolute_url()}</loc>" in content
    assert "<loc>http://testserver/statistik/</loc>" in content


def test_sitemap_query_count_constant(client):
    InnovationFactory(published=True)
    AnnouncementFactory()
    with CaptureQueriesContext(connection) as one_row:
        sitemap_content(client)

    InnovationFactory.create_batch(6, published=True)
    AnnouncementFactory.create_batch(3)
    with CaptureQueriesContext(connection) as many_rows:
        sitemap_content(client)

    assert len(many_rows) == len(one_row)


def test_healthz_checks_database(client):
    response = client.get("/healthz")

    assert response.json() == {"status": "ok"}


def test_announcement_feed_slug_rejected(login):
    admin = UserFactory(admin=True, is_superuser=True)

    response = login(admin).post(
        reverse("admin:portal_announcement_add"),
        {
            "title": "Feed",
            "slug": "feed",
            "summary": "",
            "body": "<p>Isi.</p>",
            "published_at_0": "2026-01-05",
            "published_at_1": "10:00:00",
            "is_published": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"slug": ["The address name “feed” is reserved. Choose another one."]}
    assert not Announcement.objects.exists()


def test_admin_announcement_renews_public_cache(login, django_capture_on_commit_callbacks):
    admin = UserFactory(admin=True, is_superuser=True)
    version = public_cache_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(admin).post(
            reverse("admin:portal_announcement_add"),
            {
                "title": "Batas Waktu Diperpanjang",
                "slug": "batas-waktu-diperpanjang",
                "summary": "",
                "body": "<p>Isi.</p>",
                "published_at_0": "2026-01-05",
                "published_at_1": "10:00:00",
                "is_published": "on",
            },
        )

    assert response.status_code == 302
    assert Announcement.objects.get().title == "Batas Waktu Diperpanjang"
    assert public_cache_version() == version + 1
