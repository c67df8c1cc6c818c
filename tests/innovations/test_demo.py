import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

import innovations
from accounts.models import Agency, Province, Role, User, WorkUnit
from innovations.demo import (
    CATEGORIES_2015_2016,
    agency_split_name,
    demo_load,
    password_generate,
    stage_rank,
)
from innovations.models import Category, Competition, Innovation, ProposalSection, Status
from innovations.services import competition_get_open
from portal.models import Announcement, FrequentlyAskedQuestion
from tests.factories import AgencyFactory, CompetitionFactory, UserFactory

DEMO_DATA = Path(innovations.__file__).resolve().parent / "demo_data"
PROVINCES_CSV = Path(innovations.__file__).resolve().parent.parent / "accounts" / "data" / "provinces.csv"
ROLES = {Role.ADMIN.value, Role.COORDINATOR.value, Role.OPERATOR.value}

pytestmark = pytest.mark.django_db


def _read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _load_demo(*args):
    stdout = StringIO()
    call_command("load_demo", *args, stdout=stdout)
    return stdout.getvalue()


def _printed_passwords(output):
    # Table rows read "<role>  <username>  <unit…>  <password>".
    passwords = {}
    for line in output.splitlines():
        cells = line.split()
        if len(cells) >= 3 and cells[0] in ROLES:
            passwords[cells[1]] = cells[-1]
    return passwords


def _row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Province, Agency, WorkUnit, User, Competition, Category, ProposalSection, Innovation)
    }


def _snapshot():
    return {
        "agencies": list(Agency.objects.order_by("pk").values()),
        "work_units": list(WorkUnit.objects.order_by("pk").values()),
        "competitions": list(Competition.objects.order_by("pk").values()),
        "innovations": list(Innovation.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
    }


def _expected_innovation_keys():
    rows = _read_csv(DEMO_DATA / "kipp_innovations.csv")
    return {(int(row["year"]), row["innovation_name"], row["agency"]) for row in rows}


# --- One run ------------------------------------------------------------------


def test_load_demo_row_counts():
    _load_demo()

    assert Province.objects.count() == 38
    bengkulu = Agency.objects.get(name="Pemerintah Kota Bengkulu")
    assert bengkulu.work_units.count() == 87
    assert len(_expected_innovation_keys()) == 35
    assert Innovation.objects.count() == len(_expected_innovation_keys())
    # 87 Bengkulu units plus 7 units named in parentheses in the innovation data.
    assert WorkUnit.objects.count() == 94
    # Kota Bengkulu plus the 30 agencies of the innovation data.
    assert Agency.objects.count() == 31
    # This year's competition plus 2014–2021 and 2023 (no row is from 2022).
    assert Competition.objects.count() == 10


def test_load_demo_bengkulu_agency_and_units():
    _load_demo()

    bengkulu = Agency.objects.get(name="Pemerintah Kota Bengkulu")
    assert bengkulu.slug == "pemerintah-kota-bengkulu"
    assert bengkulu.kind == "kota"
    assert bengkulu.province.name == "Bengkulu"
    unit_names = [row["name"] for row in _read_csv(DEMO_DATA / "bengkulu_units.csv")]
    assert sorted(bengkulu.work_units.values_list("name", flat=True)) == sorted(unit_names)
    assert not bengkulu.work_units.filter(is_active=False).exists()
    assert not bengkulu.work_units.exclude(abbreviation="").exists()


def test_load_demo_provinces_match_file():
    _load_demo()

    expected = {(row["code"], row["name"]) for row in _read_csv(PROVINCES_CSV)}
    assert set(Province.objects.values_list("code", "name")) == expected


def test_load_demo_restores_deleted_provinces():
    Province.objects.all().delete()

    output = _load_demo()

    assert Province.objects.count() == 38
    assert "Provinces: 38 created, 0 already present." in output


def test_load_demo_innovations_are_published_records():
    _load_demo()

    assert set(Innovation.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    innovation = Innovation.objects.get(title="Malam Batik Sawit")
    assert innovation.competition.year == 2023
    assert innovation.stage_reached == "Top 99"
    assert innovation.slug == "malam-batik-sawit-2023"
    assert innovation.source_url == (
        "https://technologyindonesia.id/pertanian-dan-pangan/perkebunan/"
        "malam-batik-sawit-raih-top-99-inovasi-kipp-2023"
    )
    assert innovation.category is None
    assert innovation.created_by is None


def test_load_demo_keeps_highest_stage():
    _load_demo()

    anc = Innovation.objects.get(
        competition__year=2018, title="ANC Hipnoterapi (Antenatal Care Hipnoterapi)"
    )
    assert anc.stage_reached == "Top 40"
    getar_dilan = Innovation.objects.get(
        competition__year=2021, title="Getar Dilan (Gerakan Tanam Sayur di Lahan Pekarangan)"
    )
    assert getar_dilan.stage_reached == "Top 45"
    assert getar_dilan.source_url.startswith("https://kilasdaerah.kompas.com/")


def test_load_demo_stage_is_best_row():
    _load_demo()

    best = {}
    for row in _read_csv(DEMO_DATA / "kipp_innovations.csv"):
        key = (int(row["year"]), row["innovation_name"])
        number = int(row["stage"].removeprefix("Top "))
        best[key] = min(number, best.get(key, number))
    for (year, title), number in best.items():
        innovation = Innovation.objects.get(competition__year=year, title=title)
        assert innovation.stage_reached == f"Top {number}", title


def test_load_demo_agency_acronym_is_not_a_unit():
    _load_demo()

    brin = Agency.objects.get(name="Badan Riset dan Inovasi Nasional")
    assert brin.kind == "lembaga"
    assert brin.province is None
    assert brin.slug == "badan-riset-dan-inovasi-nasional"
    assert brin.work_units.count() == 0
    assert not Agency.objects.filter(name__contains="(").exists()
    innovation = Innovation.objects.get(title="Malam Batik Sawit")
    assert innovation.agency == brin
    assert innovation.work_unit is None


def test_load_demo_unit_in_parentheses():
    _load_demo()

    jawa_barat = Agency.objects.get(name="Pemerintah Provinsi Jawa Barat")
    assert jawa_barat.province.name == "Jawa Barat"
    assert list(jawa_barat.work_units.values_list("name", flat=True)) == ["Dinas Perkebunan"]
    si_perut_laper = Innovation.objects.get(
        title="Si Perut Laper (Sistem Informasi Peta Peruntukan Lahan Perkebunan)"
    )
    assert si_perut_laper.agency == jawa_barat
    assert si_perut_laper.work_unit.name == "Dinas Perkebunan"
    # The 2014 entry of the same agency has no unit.
    km_nol = Innovation.objects.get(title="KM 0 (Nol) Pro Poor Pro Job")
    assert km_nol.agency == jawa_barat
    assert km_nol.work_unit is None


def test_load_demo_unit_keeps_own_parentheses():
    _load_demo()

    innovation = Innovation.objects.get(title="Pengembangan Klinik Konsultasi Agribisnis")
    assert innovation.agency.name == "Pemerintah Kabupaten Gunungkidul"
    assert innovation.work_unit.name == "Badan Pelaksana Penyuluhan dan Ketahanan (BP2KP)"
    assert innovation.work_unit.agency == innovation.agency


def test_load_demo_unit_shares_agency():
    _load_demo()

    agency = Agency.objects.get(name="Kementerian Hukum dan HAM")
    titles = set(agency.innovations.values_list("title", flat=True))
    assert titles == {"Fiducia Online", "SIDBANKUM"}
    assert list(agency.work_units.values_list("name", flat=True)) == ["Badan Pembinaan Hukum Nasional"]


def test_load_demo_uses_existing_agency_unchanged():
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya", slug="surabaya", kind="kabupaten")

    _load_demo()

    surabaya.refresh_from_db()
    assert surabaya.slug == "surabaya"
    assert surabaya.kind == "kabupaten"
    assert set(surabaya.innovations.values_list("title", flat=True)) == {
        "Surabaya Single Window (SSW)",
        "GRMS",
    }
    assert Agency.objects.filter(name__startswith="Pemerintah Kota Surabaya").count() == 1


def test_load_demo_agency_slug_taken():
    AgencyFactory(name="Another agency", slug="pemerintah-kota-surabaya")

    _load_demo()

    assert Agency.objects.get(name="Pemerintah Kota Surabaya").slug == "pemerintah-kota-surabaya-2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemerintah Kota Surabaya", ("Pemerintah Kota Surabaya", "")),
        ("Pemerintah Provinsi Jawa Barat (Dinas Perkebunan)", ("Pemerintah Provinsi Jawa Barat", "Dinas Perkebunan")),
        (
            "Pemerintah Kabupaten Gunungkidul (Badan Pelaksana Penyuluhan dan Ketahanan (BP2KP))",
            ("Pemerintah Kabupaten Gunungkidul", "Badan Pelaksana Penyuluhan dan Ketahanan (BP2KP)"),
        ),
        ("Badan Riset dan Inovasi Nasional (BRIN)", ("Badan Riset dan Inovasi Nasional", "")),
        ("Kementerian Badan Usaha Milik Negara (BUMN)", ("Kementerian Badan Usaha Milik Negara", "")),
        (
            "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi (KemenPAN-RB)",
            ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", ""),
        ),
        # An acronym that is not the agency's own names a unit.
        ("Pemerintah Provinsi Sulawesi Selatan (PTSP)", ("Pemerintah Provinsi Sulawesi Selatan", "PTSP")),
    ],
)
def test_agency_split_name_cases(text, expected):
    assert agency_split_name(text) == expected


def test_stage_rank_orders_stages():
    stages = ["Top 99", "Top 9", "Top 45", "Top 25", "Top 40", "Top 35"]

    assert sorted(stages, key=stage_rank) == ["Top 9", "Top 25", "Top 35", "Top 40", "Top 45", "Top 99"]


def test_stage_rank_rejects_unknown_stage():
    with pytest.raises(ValueError, match="Finalist"):
        stage_rank("Finalist")


# --- Competitions -------------------------------------------------------------


def test_load_demo_open_competition():
    _load_demo()

    today = timezone.localdate()
    competition = Competition.objects.get(year=today.year)
    assert competition.name == f"Kompetisi Inovasi Pelayanan Publik {today.year}"
    assert competition.submission_opens_on == today - datetime.timedelta(days=30)
    assert competition.submission_closes_on == today + datetime.timedelta(days=60)
    assert competition.minimum_age_years == 1
    assert competition.is_open_for_submission()
    assert competition_get_open() == competition
    assert list(competition.categories.values_list("number", "name")) == list(
        enumerate(CATEGORIES_2015_2016, start=1)
    )
    assert competition.sections.count() == 8


def test_load_demo_past_competitions():
    _load_demo()

    years = sorted({int(row["year"]) for row in _read_csv(DEMO_DATA / "kipp_innovations.csv")})
    assert years == [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2023]
    for year in years:
        competition = Competition.objects.get(year=year)
        assert competition.name == f"Kompetisi Inovasi Pelayanan Publik {year}"
        assert competition.submission_opens_on == datetime.date(year, 1, 1)
        assert competition.submission_closes_on == datetime.date(year, 12, 31)
        assert competition.sections.count() == 8
        expected_categories = 4 if year in (2015, 2016) else 0
        assert competition.categories.count() == expected_categories, year


def test_load_demo_keeps_existing_competition_of_this_year():
    today = timezone.localdate()
    existing = CompetitionFactory(
        year=today.year,
        name="Existing competition",
        submission_opens_on=today,
        submission_closes_on=today + datetime.timedelta(days=5),
        categories=[],
    )

    _load_demo()

    existing.refresh_from_db()
    assert existing.name == "Existing competition"
    assert existing.submission_opens_on == today
    assert existing.submission_closes_on == today + datetime.timedelta(days=5)
    assert existing.categories.count() == 0
    assert Competition.objects.filter(year=today.year).count() == 1


def test_demo_load_data_year_is_open():
    # On a date in 2021 the open competition is the one of 2021, and the 2021
    # records join it.
    result = demo_load(today=datetime.date(2021, 6, 1))

    competition = Competition.objects.get(year=2021)
    assert result.open_competition == competition
    assert competition.submission_opens_on == datetime.date(2021, 5, 2)
    assert competition.submission_closes_on == datetime.date(2021, 7, 31)
    assert competition.innovations.count() == 11
    assert Competition.objects.count() == 9
    assert result.competitions.created == 9


# --- Accounts -------------------------------------------------------------------


def test_load_demo_creates_admin_and_coordinator():
    _load_demo()

    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN
    assert admin.is_staff
    assert admin.is_superuser
    coordinator = User.objects.get(username="koordinator.bengkulu")
    assert coordinator.role == Role.COORDINATOR
    assert coordinator.agency.name == "Pemerintah Kota Bengkulu"
    assert coordinator.full_name == "Admin Lokal Bagian Organisasi Kota Bengkulu"
    assert not coordinator.is_staff
    assert User.objects.count() == 89


def test_load_demo_creates_one_operator_per_unit():
    _load_demo()

    bengkulu = Agency.objects.get(name="Pemerintah Kota Bengkulu")
    operators = User.objects.filter(role=Role.OPERATOR).select_related("work_unit")
    assert operators.count() == 87
    assert {operator.work_unit for operator in operators} == set(bengkulu.work_units.all())
    for operator in operators:
        assert operator.full_name == f"Operator {operator.work_unit.name}"
        assert operator.username.startswith("operator.")
        assert len(operator.username) <= 150
        assert not operator.is_staff
    betungan = User.objects.get(username="operator.kelurahan-betungan")
    assert betungan.work_unit.name == "Kelurahan Betungan"


def test_load_demo_printed_passwords_work():
    output = _load_demo()

    passwords = _printed_passwords(output)
    assert len(passwords) == 89
    assert set(passwords) == set(User.objects.values_list("username", flat=True))
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password), username
    assert "These passwords are shown only once." in output


def test_load_demo_operator_username_taken():
    UserFactory(judge=True, username="operator.kelurahan-betungan")

    _load_demo()

    operator = User.objects.get(username="operator.kelurahan-betungan-2")
    assert operator.work_unit.name == "Kelurahan Betungan"
    assert User.objects.get(username="operator.kelurahan-betungan").role == Role.JUDGE


def test_password_generate_form():
    password = password_generate()

    assert len(password) == 19
    assert [len(group) for group in password.split("-")] == [4, 4, 4, 4]
    assert password != password_generate()


# --- Running again ----------------------------------------------------------------


def test_load_demo_twice_creates_nothing():
    _load_demo()
    counts = _row_counts()
    snapshot = _snapshot()

    output = _load_demo()

    assert _row_counts() == counts
    assert _snapshot() == snapshot
    assert _printed_passwords(output) == {}
    assert "Innovations: 0 created, 35 already present." in output
    assert "89 demo accounts already exist and keep their passwords" in output
    assert "--reset-passwords" in output


def test_load_demo_twice_keeps_passwords():
    passwords = _printed_passwords(_load_demo())

    _load_demo()

    for username in ("admin", "koordinator.bengkulu", "operator.rshd"):
        assert User.objects.get(username=username).check_password(passwords[username])


def test_load_demo_reset_passwords_sets_new_ones():
    old_passwords = _printed_passwords(_load_demo())
    counts = _row_counts()

    output = _load_demo("--reset-passwords")

    new_passwords = _printed_passwords(output)
    assert set(new_passwords) == set(old_passwords)
    assert _row_counts() == counts
    for username, password in new_passwords.items():
        user = User.objects.get(username=username)
        assert user.check_password(password), username
        assert not user.check_password(old_passwords[username]), username
        assert user.must_change_password, username
    assert "already exist" not in output


def test_load_demo_accounts_replace_printed_password():
    passwords = _printed_passwords(_load_demo())

    users = User.objects.filter(username__in=passwords)

    assert users.count() == 89
    assert list(users.filter(must_change_password=False)) == []


def test_load_demo_publishes_announcement_and_questions():
    _load_demo()
    _load_demo()

    announcement = Announcement.objects.get()
    assert announcement.is_published
    assert announcement.slug == f"pengajuan-{timezone.localdate().year}-dibuka"
    assert list(FrequentlyAskedQuestion.objects.order_by("order").values_list("question", flat=True)) == [
        "Siapa yang membuat akun operator?",
        "Kapan batas waktu pengajuan?",
        "Berkas apa saja yang dapat diunggah?",
        "Kapan inovasi tampil di Basis Data Inovasi?",
    ]
