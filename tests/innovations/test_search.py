"""Search and filters of the public innovation database on PostgreSQL."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AgencyKind
from innovations.models import Answer, Innovation
from innovations.search import answer_snippets, mark_matches, mark_substring, search_public
from tests.factories import (
    AgencyFactory,
    AnswerFactory,
    CompetitionFactory,
    InnovationFactory,
    ProvinceFactory,
    SDGFactory,
    WorkUnitFactory,
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


def search_titles(text):
    return [innovation.title for innovation in search_public(Innovation.objects.public(), text)]


# --- Matching -------------------------------------------------------------------


def test_search_layanan_finds_pelayanan():
    InnovationFactory(published=True, title="Pelayanan Terpadu Satu Pintu Keliling")
    InnovationFactory(published=True, title="Kartu Tani Digital")

    assert search_titles("layanan") == ["Pelayanan Terpadu Satu Pintu Keliling"]


def test_search_latih_finds_melatih():
    InnovationFactory(published=True, title="Melatih Kader Posyandu Lewat Video")
    InnovationFactory(published=True, title="Kartu Tani Digital")

    assert search_titles("latih") == ["Melatih Kader Posyandu Lewat Video"]


def test_search_acronym_finds_bracketed_and_spelled_out_names():
    InnovationFactory(published=True, title="Surabaya Single Window (SSW)")
    InnovationFactory(published=True, title="Surabaya Single Window Alfa")
    InnovationFactory(published=True, title="Sistem Informasi Desa")

    assert sorted(search_titles("SSW")) == ["Surabaya Single Window (SSW)", "Surabaya Single Window Alfa"]
    assert sorted(search_titles("ssw")) == ["Surabaya Single Window (SSW)", "Surabaya Single Window Alfa"]


def test_fuzzy_search_tolerates_a_typo():
    InnovationFactory(published=True, title="Surabaya Single Window (SSW)")
    InnovationFactory(published=True, title="Kartu Tani Digital")

    assert search_titles("Surabya Singel Windo") == []
    similar = search_public(Innovation.objects.public(), "Surabya Singel Windo", fuzzy=True)
    assert [innovation.title for innovation in similar] == ["Surabaya Single Window (SSW)"]


def test_list_falls_back_to_similar_titles(client):
    InnovationFactory(published=True, title="Surabaya Single Window (SSW)")
    InnovationFactory(published=True, title="Kartu Tani Digital")

    response = client.get(LIST_URL, {"q": "Surabya Singel"})

    assert listed_titles(response) == ["Surabaya Single Window (SSW)"]
    assert "No innovation contains “Surabya Singel”. These titles are similar." in response.content.decode()


def test_list_exact_match_shows_no_similar_titles(client):
    InnovationFactory(published=True, title="Surabaya Single Window (SSW)")
    InnovationFactory(published=True, title="Surabaya Single Windows Kedua")

    response = client.get(LIST_URL, {"q": "Surabaya Single Window (SSW)"})

    assert listed_titles(response) == ["Surabaya Single Window (SSW)"]
    assert response.context["similar_only"] is False


def test_search_finds_section_text_agency_and_unit():
    by_answer = InnovationFactory(published=True, title="Inovasi Satu")
    AnswerFactory(innovation=by_answer, text="Petugas melatih warga memilah sampah organik.")
    by_agency = InnovationFactory(
        published=True, title="Inovasi Dua", work_unit=WorkUnitFactory(agency=AgencyFactory(name="Pemerintah Kabupaten Banyuwangi"))
    )
    by_unit = InnovationFactory(
        published=True, title="Inovasi Tiga", work_unit=WorkUnitFactory(name="Dinas Lingkungan Hidup", abbreviation="DLH")
    )
    InnovationFactory(published=True, title="Inovasi Empat")

    assert search_titles("sampah") == [by_answer.title]
    assert search_titles("banyuwangi") == [by_agency.title]
    assert search_titles("lingkungan hidup") == [by_unit.title]
    assert search_titles("DLH") == [by_unit.title]


def test_search_ranks_title_matches_above_section_matches():
    in_answer = InnovationFactory(published=True, title="Aplikasi Antrean Puskesmas")
    AnswerFactory(innovation=in_answer, text="Aplikasi ini juga dipakai untuk layanan sampah.")
    InnovationFactory(published=True, title="Bank Sampah Digital")

    assert search_titles("sampah") == ["Bank Sampah Digital", "Aplikasi Antrean Puskesmas"]


def test_search_hides_non_public_entries():
    InnovationFactory(title="Pelayanan Draf Rahasia")
    InnovationFactory(submitted=True, title="Pelayanan Diajukan Saja")
    InnovationFactory(forwarded=True, title="Pelayanan Diteruskan")

    assert search_titles("layanan") == ["Pelayanan Diteruskan"]


def test_search_odd_text_finds_nothing_without_error():
    InnovationFactory(published=True, title="Pelayanan Terpadu")

    for text in ['"', "!!!", "&|:*", "yang", "'; DROP TABLE x; --", "a" * 200, "%_%", "\\"]:
        assert search_titles(text) == [], text


INDEX_CHECK_ROWS = 3000
TITLE_WORDS = ["Pelayanan", "Sistem", "Informasi", "Desa", "Kesehatan", "Antrean", "Digital", "Keliling", "Terpadu", "Sampah"]


@pytest.fixture
def thousands_of_entries():
    """Store a few thousand public entries with answers, so the planner's choices are those of production."""
    competition = CompetitionFactory()
    work_unit = WorkUnitFactory()
    section = competition.sections.order_by("position").first()
    innovations = Innovation.objects.bulk_create(
        Innovation(
            competition=competition,
            agency=work_unit.agency,
            work_unit=work_unit,
            title=f"{TITLE_WORDS[number % 10]} {TITLE_WORDS[number // 10 % 10]} Nomor {number}",
            title_key=f"entry {number}",
            slug=f"entry-{number}",
            status="published",
        )
        for number in range(INDEX_CHECK_ROWS)
    )
    Answer.objects.bulk_create(
        Answer(innovation=innovation, section=section, text=f"Uraian kegiatan nomor {innovation.pk} untuk warga.")
        for innovation in innovations
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE innovations_innovation")
        cursor.execute("ANALYZE innovations_answer")


def explain_without_sequential_scans(queryset):
    with connection.cursor() as cursor:
        # At a few thousand rows a table scan still costs little, so table
        # scans are disabled. The plan then names an index only if the
        # query's expression is exactly the index's expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_search_uses_the_fulltext_and_trigram_indexes(thousands_of_entries):
    plan = explain_without_sequential_scans(search_public(Innovation.objects.public(), "Nomor 1234"))

    assert "Bitmap Index Scan on innovation_title_fts_idx" in plan
    assert "Bitmap Index Scan on innovation_title_trgm_idx" in plan
    # Section text is matched through the search documents (tests/portal/test_search_documents.py).
    assert "portal_answer_matches" in str(search_public(Innovation.objects.public(), "Nomor 1234").query)


def test_acronym_search_uses_the_initials_index(thousands_of_entries):
    plan = explain_without_sequential_scans(search_public(Innovation.objects.public(), "SSW"))

    assert "Bitmap Index Scan on innovation_title_initials_trgm_idx" in plan


def test_fuzzy_search_uses_the_trigram_index(thousands_of_entries):
    plan = explain_without_sequential_scans(search_public(Innovation.objects.public(), "Nomr 1234", fuzzy=True))

    assert "Bitmap Index Scan on innovation_title_trgm_idx" in plan


def test_search_finds_among_thousands(thousands_of_entries):
    found = list(search_public(Innovation.objects.public(), "layanan terpadu"))

    # "Pelayanan Terpadu …" and "Terpadu Pelayanan …", one title in 100 each.
    assert len(found) == 2 * INDEX_CHECK_ROWS // 100
    assert {" ".join(innovation.title.split()[:2]) for innovation in found} == {"Pelayanan Terpadu", "Terpadu Pelayanan"}


# --- Highlighting ---------------------------------------------------------------


def test_list_highlights_matches_in_title_and_snippet(client):
    innovation = InnovationFactory(published=True, title="Pelayanan <b>Prima</b> Keliling")
    AnswerFactory(innovation=innovation, text="Mobil pelayanan datang ke desa <script>x</script> setiap pekan.")

    content = client.get(LIST_URL, {"q": "layanan"}).content.decode()

    assert "<mark>Pelayanan</mark> &lt;b&gt;Prima&lt;/b&gt; Keliling" in content
    # ts_headline drops markup from the text it quotes, so the tag is gone entirely.
    assert "Mobil <mark>pelayanan</mark> datang ke desa" in content
    assert "<b>Prima</b>" not in content
    assert "<script>x" not in content


def test_snippet_from_first_matching_section():
    innovation = InnovationFactory(published=True, title="Pojok Baca Keliling")
    title_only = InnovationFactory(published=True, title="Perpustakaan Desa Keliling", competition=innovation.competition)
    sections = list(innovation.competition.sections.order_by("position"))
    # Written last section first, so that the answers' ids run against the sections' order.
    AnswerFactory(innovation=innovation, section=sections[3], text="Anak-anak desa meminjam buku setiap Sabtu.")
    AnswerFactory(innovation=innovation, section=sections[2], text="Relawan membawa buku ke desa terpencil.")
    AnswerFactory(innovation=innovation, section=sections[0], text="Minat baca warga rendah.")

    snippets = answer_snippets([innovation.pk, title_only.pk], "desa")

    assert snippets == {innovation.pk: "Relawan membawa buku ke <mark>desa</mark> terpencil"}


def test_mark_matches_escapes_and_closes_marks():
    assert mark_matches("a<\ue000b&\ue001c") == "a&lt;<mark>b&amp;</mark>c"
    assert mark_matches("\ue000open") == "<mark>open</mark>"
    assert mark_matches("stray\ue001 end") == "stray end"


def test_mark_substring_ignores_case():
    assert mark_substring("Surabaya Single Window (SSW)", "ssw") == "Surabaya Single Window (<mark>SSW</mark>)"


# --- Filters --------------------------------------------------------------------


def test_list_filters_by_province_kind_and_agency(client):
    jatim = ProvinceFactory(code="35", name="Jawa Timur")
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya", province=jatim, kind=AgencyKind.CITY)
    jatim_province = AgencyFactory(name="Pemerintah Provinsi Jawa Timur", province=jatim, kind=AgencyKind.PROVINCE)
    ministry = AgencyFactory(name="Kementerian Kesehatan", province=None, kind=AgencyKind.MINISTRY)
    competition = CompetitionFactory()
    for agency in (surabaya, jatim_province, ministry):
        InnovationFactory(
            competition=competition, work_unit=WorkUnitFactory(agency=agency), published=True, title=f"Inovasi {agency.name}"
        )

    by_province = client.get(LIST_URL, {"provinsi": "35"})
    by_kind = client.get(LIST_URL, {"jenis": "kementerian"})
    by_agency = client.get(LIST_URL, {"instansi": surabaya.slug})
    combined = client.get(LIST_URL, {"provinsi": "35", "jenis": "provinsi"})

    assert sorted(listed_titles(by_province)) == ["Inovasi Pemerintah Kota Surabaya", "Inovasi Pemerintah Provinsi Jawa Timur"]
    assert listed_titles(by_kind) == ["Inovasi Kementerian Kesehatan"]
    assert listed_titles(by_agency) == ["Inovasi Pemerintah Kota Surabaya"]
    assert listed_titles(combined) == ["Inovasi Pemerintah Provinsi Jawa Timur"]
    assert [agency.name for agency in by_province.context["agencies"]] == [
        "Pemerintah Kota Surabaya",
        "Pemerintah Provinsi Jawa Timur",
    ]
    assert f'<option value="{surabaya.slug}" selected>' in by_agency.content.decode()


def test_list_filters_by_stage_and_sdg(client):
    competition = past_competition(2019)
    top99 = InnovationFactory(competition=competition, published=True, stage_reached="Top 99", title="Masuk Top 99")
    top45 = InnovationFactory(competition=competition, published=True, stage_reached="Top 45", title="Masuk Top 45")
    InnovationFactory(competition=competition, published=True, title="Tanpa Tahap")
    top99.sdgs.add(SDGFactory(number=3))
    top45.sdgs.add(SDGFactory(number=3), SDGFactory(number=16))

    by_stage = client.get(LIST_URL, {"tahap": "Top 45"})
    by_sdg = client.get(LIST_URL, {"sdg": "3"})
    both = client.get(LIST_URL, {"sdg": "3", "tahap": "Top 99", "tahun": "2019"})

    assert listed_titles(by_stage) == ["Masuk Top 45"]
    assert sorted(listed_titles(by_sdg)) == ["Masuk Top 45", "Masuk Top 99"]
    assert listed_titles(both) == ["Masuk Top 99"]
    assert by_stage.context["stages"] == ["Top 45", "Top 99"]


def test_list_canonical_address_orders_filters(client):
    InnovationFactory.create_batch(21, competition=past_competition(2020), published=True, stage_reached="Top 99")

    response = client.get(LIST_URL, {"tahap": "Top 99", "halaman": "2", "tahun": "2020", "jenis": "bogus"})

    content = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/inovasi/?tahun=2020&amp;tahap=Top+99&amp;halaman=2">' in content
    assert "?tahun=2020&amp;tahap=Top+99&amp;halaman=1" in content


@pytest.mark.parametrize(
    "query_string",
    [
        "provinsi=%00", "provinsi=abc", "jenis=%00", "jenis=" + "x" * 500, "instansi=%00", "instansi=../../etc",
        "instansi=" + "a" * 5000, "tahap=%00", "tahap=" + "T" * 5000, "sdg=0", "sdg=18", "sdg=-1", "sdg=abc",
        "q=%00%00", "q=&tahun=&kategori=&instansi=&provinsi=&jenis=&tahap=&sdg=",
    ],
)
def test_list_odd_filter_values_show_a_page(client, query_string):
    InnovationFactory(published=True)

    response = client.get(f"{LIST_URL}?{query_string}")

    assert response.status_code == 200
    assert "innovation" in response.content.decode()


# --- Order and query count --------------------------------------------------------


def test_search_pages_show_each_entry_once(client):
    competition = CompetitionFactory()
    # Equal titles apart from the number give equal ranks, so only the
    # tie-breakers keep the order stable.
    entries = [
        InnovationFactory(competition=competition, published=True, title=f"Pelayanan Keliling {number:02d}")
        for number in range(45)
    ]

    pages = [client.get(LIST_URL, {"q": "layanan", "halaman": number}) for number in (1, 2, 3)]

    titles_shown = [title for page in pages for title in listed_titles(page)]
    assert [len(listed_titles(page)) for page in pages] == [20, 20, 5]
    assert sorted(titles_shown) == sorted(entry.title for entry in entries)
    assert len(set(titles_shown)) == 45


def test_search_query_count_does_not_grow_with_rows(client):
    competition = CompetitionFactory()
    first = InnovationFactory(competition=competition, published=True, title="Pelayanan 1")
    AnswerFactory(innovation=first, text="Pelayanan keliling.")
    with CaptureQueriesContext(connection) as one_row:
        assert len(listed_titles(client.get(LIST_URL, {"q": "layanan", "jenis": "kota"}))) == 1

    for number in range(2, 16):
        entry = InnovationFactory(competition=competition, published=True, title=f"Pelayanan {number}")
        AnswerFactory(innovation=entry, text="Pelayanan keliling.")
    with CaptureQueriesContext(connection) as many_rows:
        assert len(listed_titles(client.get(LIST_URL, {"q": "layanan", "jenis": "kota"}))) == 15

    assert len(many_rows) == len(one_row)


def test_name_lookups_have_indexes():
    names = ("agency_name_upper_trgm_idx", "workunit_name_upper_trgm_idx", "workunit_abbreviation_upper_idx")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname FROM pg_indexes WHERE indexname = ANY(%s) ORDER BY 2", [list(names)])
        found = cursor.fetchall()

    assert found == [
        ("accounts_agency", "agency_name_upper_trgm_idx"),
        ("accounts_workunit", "workunit_abbreviation_upper_idx"),
        ("accounts_workunit", "workunit_name_upper_trgm_idx"),
    ]
