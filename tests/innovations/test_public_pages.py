"""Home, competition and agency pages, and the entry page's additions."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations.models import Status
from tests.factories import (
    AgencyFactory,
    AnnouncementFactory,
    AttachmentFactory,
    CompetitionFactory,
    InnovationFactory,
    ProvinceFactory,
    SDGFactory,
    WorkUnitFactory,
)

pytestmark = pytest.mark.django_db

HOME_URL = reverse("public:home")


def past_competition(year, **kwargs):
    return CompetitionFactory(
        year=year,
        submission_opens_on=datetime.date(year, 6, 1),
        submission_closes_on=datetime.date(year, 6, 30),
        **kwargs,
    )


def competition_url(year):
    return reverse("public:competition_detail", kwargs={"year": year})


def agency_url(agency):
    return reverse("public:agency_detail", kwargs={"slug": agency.slug})


# --- Home -------------------------------------------------------------------------


def test_home_shows_figures_winners_and_announcements(client):
    old = past_competition(2019)
    InnovationFactory(competition=old, published=True, stage_reached="Top 99", title="Pemenang Lama")
    latest = past_competition(2022)
    InnovationFactory(competition=latest, published=True, stage_reached="Top 99", title="Finalis Top 99")
    InnovationFactory(competition=latest, published=True, stage_reached="Top 45", title="Juara Top 45")
    InnovationFactory(competition=latest, published=True, title="Peserta Biasa")
    InnovationFactory(competition=latest, title="Draf Tersembunyi", stage_reached="Top 45")
    AnnouncementFactory(title="Batas Waktu Diperpanjang", summary="Pengajuan diperpanjang sepekan.")
    AnnouncementFactory(title="Pengumuman Draf", is_published=False)

    response = client.get(HOME_URL)

    content = response.content.decode()
    assert response.context["figures"] == {"entries": 4, "agencies": 4, "provinces": 4, "years": 2}
    assert [innovation.title for innovation in response.context["winners"]] == ["Juara Top 45", "Finalis Top 99"]
    assert "Published results of 2022" in content
    assert "Pemenang Lama" not in [innovation.title for innovation in response.context["winners"]]
    assert "Batas Waktu Diperpanjang" in content
    assert "Pengajuan diperpanjang sepekan." in content
    assert "Pengumuman Draf" not in content
    assert "Draf Tersembunyi" not in content
    assert "Submission closed on 30 June 2022, 23:59:59 WIB." in content


def test_home_shows_open_window_with_deadline_in_wib(client):
    competition = CompetitionFactory(name="KIPP Terbuka")

    content = client.get(HOME_URL).content.decode()

    deadline = competition.submission_closes_on.strftime("%-d %B %Y")
    assert "Submission open" in content
    assert f"until {deadline}, 23:59:59 WIB." in content


def test_home_shows_upcoming_window(client):
    today = datetime.date.today()
    CompetitionFactory(
        year=today.year + 5,
        submission_opens_on=today + datetime.timedelta(days=10),
        submission_closes_on=today + datetime.timedelta(days=40),
    )

    content = client.get(HOME_URL).content.decode()

    opens = (today + datetime.timedelta(days=10)).strftime("%-d %B %Y")
    assert f"Submission opens on {opens}, 00:00 WIB." in content


def test_home_query_count_does_not_grow_with_winners(client):
    competition = past_competition(2021)
    InnovationFactory(competition=competition, published=True, stage_reached="Top 99")
    AnnouncementFactory()
    with CaptureQueriesContext(connection) as one_row:
        client.get(HOME_URL)

    InnovationFactory.create_batch(8, competition=competition, published=True, stage_reached="Top 45")
    AnnouncementFactory.create_batch(4)
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(HOME_URL)

    assert len(response.context["winners"]) == 6
    assert len(many_rows) == len(one_row)


# --- Entry page -------------------------------------------------------------------


def test_detail_shows_goals_agency_link_and_related(client):
    agency = AgencyFactory(name="Pemerintah Kota Bengkulu", province=ProvinceFactory(code="17", name="Bengkulu"))
    competition = past_competition(2020)
    innovation = InnovationFactory(
        competition=competition, work_unit=WorkUnitFactory(agency=agency), published=True, stage_reached="Top 99"
    )
    innovation.sdgs.add(SDGFactory(number=3))
    sibling = InnovationFactory(competition=past_competition(2018), work_unit=WorkUnitFactory(agency=agency), published=True)
    InnovationFactory(competition=competition, work_unit=WorkUnitFactory(agency=agency), title="Draf Saudara")
    photo = AttachmentFactory(innovation=innovation)

    response = client.get(innovation.get_absolute_url())

    content = response.content.decode()
    assert [entry.title for entry in response.context["related"]] == [sibling.title]
    assert "Draf Saudara" not in content
    assert f'<a href="{agency_url(agency)}">Pemerintah Kota Bengkulu</a>' in content
    assert f'<a href="{competition_url(2020)}">' in content
    assert '<a href="/inovasi/?sdg=3">3. ' in content
    assert "?tahun=2020&amp;tahap=Top%2099" in content
    assert f'<meta property="og:title" content="{innovation.title}">' in content
    assert f'<meta property="og:image" content="http://testserver{photo.get_absolute_url()}">' in content
    assert f'<link rel="canonical" href="http://testserver{innovation.get_absolute_url()}">' in content


def test_detail_query_count_constant(client):
    agency = AgencyFactory()
    innovation = InnovationFactory(work_unit=WorkUnitFactory(agency=agency), published=True)
    innovation.sdgs.add(SDGFactory(number=1))
    InnovationFactory(work_unit=WorkUnitFactory(agency=agency), published=True)
    with CaptureQueriesContext(connection) as one_row:
        client.get(innovation.get_absolute_url())

    innovation.sdgs.add(*[SDGFactory(number=number) for number in (2, 3, 4)])
    InnovationFactory.create_batch(3, work_unit=WorkUnitFactory(agency=agency), published=True)
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(innovation.get_absolute_url())

    assert len(response.context["related"]) == 4
    assert len(many_rows) == len(one_row)


# --- Competition page -------------------------------------------------------------


def test_competition_page_groups_results_by_stage(client):
    competition = past_competition(2016, name="KIPP 2016")
    InnovationFactory(competition=competition, published=True, stage_reached="Top 99", title="Bina Desa")
    InnovationFactory(competition=competition, published=True, stage_reached="Top 35", title="Antrean Pintar")
    InnovationFactory(competition=competition, published=True, stage_reached="Top 99", title="Air Bersih")
    InnovationFactory(competition=competition, published=True, stage_reached="Penghargaan Khusus", title="Inklusi")
    InnovationFactory(competition=competition, published=True, title="Tanpa Hasil")
    InnovationFactory(competition=competition, status=Status.WITHDRAWN, stage_reached="Top 35", title="Mundur")

    response = client.get(competition_url(2016))

    content = response.content.decode()
    results = [(stage, [entry.title for entry in entries]) for stage, entries in response.context["results"]]
    assert results == [
        ("Top 35", ["Antrean Pintar"]),
        ("Top 99", ["Air Bersih", "Bina Desa"]),
        ("Penghargaan Khusus", ["Inklusi"]),
    ]
    assert "KIPP 2016" in content
    assert "Mundur" not in content
    assert "5 public entries in this competition." in content
    assert "Meningkatkan pemberian pelayanan kepada masyarakat" in content


def test_competition_page_without_results(client):
    past_competition(2017)

    content = client.get(competition_url(2017)).content.decode()

    assert "No results have been published for this competition yet." in content


def test_competition_only_results_hides_forwarded_entries_without_result(client):
    competition = past_competition(2023, publish_only_results=True)
    InnovationFactory(competition=competition, forwarded=True, title="Diteruskan Tanpa Hasil")
    InnovationFactory(competition=competition, forwarded=True, stage_reached="Top 99", title="Diteruskan Dengan Hasil")

    content = client.get(competition_url(2023)).content.decode()

    assert "Diteruskan Dengan Hasil" in content
    assert "Diteruskan Tanpa Hasil" not in content


@pytest.mark.parametrize("path", ["/kompetisi/1999/", "/kompetisi/99999999999999999999/", "/kompetisi/abc/", "/kompetisi/0/"])
def test_competition_unknown_year_not_found(client, path):
    past_competition(2016)

    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_competition_query_count_does_not_grow_with_results(client):
    competition = past_competition(2015)
    InnovationFactory(competition=competition, published=True, stage_reached="Top 99")
    with CaptureQueriesContext(connection) as one_row:
        client.get(competition_url(2015))

    InnovationFactory.create_batch(10, competition=competition, published=True, stage_reached="Top 99")
    InnovationFactory.create_batch(5, competition=competition, published=True, stage_reached="Top 45")
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(competition_url(2015))

    assert sum(len(entries) for _stage, entries in response.context["results"]) == 16
    assert len(many_rows) == len(one_row)


# --- Agency page ------------------------------------------------------------------


def test_agency_page_lists_public_entries_by_year(client):
    agency = AgencyFactory(name="Pemerintah Kota Surabaya")
    unit = WorkUnitFactory(agency=agency, name="Bagian Organisasi")
    InnovationFactory(competition=past_competition(2014), work_unit=unit, published=True, stage_reached="Top 9", title="Surabaya Single Window (SSW)")
    InnovationFactory(competition=past_competition(2016), work_unit=unit, published=True, title="E-Health")
    InnovationFactory(competition=past_competition(2017), work_unit=unit, title="Draf Surabaya")
    InnovationFactory(published=True, title="Inovasi Instansi Lain")

    response = client.get(agency_url(agency))

    content = response.content.decode()
    assert [(competition.year, [entry.title for entry in entries]) for competition, entries in response.context["years"]] == [
        (2016, ["E-Health"]),
        (2014, ["Surabaya Single Window (SSW)"]),
    ]
    assert "2 public innovations" in content
    assert "1 with a result" in content
    assert "Draf Surabaya" not in content
    assert "Inovasi Instansi Lain" not in content
    assert "Top 9" in content


def test_agency_page_without_public_entries(client):
    agency = AgencyFactory(name="Pemerintah Kabupaten Sepi")
    InnovationFactory(work_unit=WorkUnitFactory(agency=agency), title="Hanya Draf")

    response = client.get(agency_url(agency))

    content = response.content.decode()
    assert response.status_code == 200
    assert "This agency has no public innovation yet." in content
    assert "Hanya Draf" not in content


def test_agency_unknown_slug_not_found(client):
    assert client.get("/instansi/tidak-ada/").status_code == 404


def test_agency_query_count_does_not_grow_with_entries(client):
    agency = AgencyFactory()
    InnovationFactory(work_unit=WorkUnitFactory(agency=agency), published=True)
    with CaptureQueriesContext(connection) as one_row:
        client.get(agency_url(agency))

    for year in (2011, 2012, 2013):
        InnovationFactory.create_batch(3, competition=past_competition(year), work_unit=WorkUnitFactory(agency=agency), published=True)
    with CaptureQueriesContext(connection) as many_rows:
        response = client.get(agency_url(agency))

    assert response.context["entry_count"] == 10
    assert len(many_rows) == len(one_row)
