"""Demo data: real provinces, agencies, work units and past results, plus demo accounts.

The facts come from the CSV files in innovations/demo_data/ (each row names its
public source) and from accounts/data/provinces.csv. Loading is idempotent:
rows are found by their natural keys and existing rows are left as they are.
"""
import csv
import datetime
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from accounts.models import Agency, AgencyKind, Province, Role, User, WorkUnit
from accounts.passwords import password_generate
from innovations.models import Competition, Innovation, Status, normalize_title
from innovations.services import competition_create, innovation_slug_unique
from portal.models import Announcement, FrequentlyAskedQuestion

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
BENGKULU_UNITS_CSV = DATA_DIR / "bengkulu_units.csv"
PAST_INNOVATIONS_CSV = DATA_DIR / "kipp_innovations.csv"

# The four thematic categories of the 2015 and 2016 competitions.
CATEGORIES_2015_2016 = [
    "Meningkatkan pemberian pelayanan kepada masyarakat",
    "Memperkuat partisipasi masyarakat dalam pembuatan kebijakan melalui mekanisme yang inovatif",
    "Mendorong pemerintahan berbasis pendekatan kolaboratif dalam era informasi",
    "Mendorong responsif gender dalam pemberian pelayanan",
]
YEARS_WITH_KNOWN_CATEGORIES = {2015, 2016}

COMPETITION_NAME = "Kompetisi Inovasi Pelayanan Publik {year}"
OPEN_COMPETITION_STARTED_DAYS_AGO = 30
OPEN_COMPETITION_CLOSES_IN_DAYS = 60

BENGKULU_AGENCY_NAME = "Pemerintah Kota Bengkulu"
BENGKULU_PROVINCE_NAME = "Bengkulu"

ADMIN_USERNAME = "admin"
COORDINATOR_USERNAME = "koordinator.bengkulu"
COORDINATOR_FULL_NAME = "Admin Lokal Bagian Organisasi Kota Bengkulu"
OPERATOR_USERNAME_PREFIX = "operator."

# hashlib releases the GIL while it computes PBKDF2, so two threads hash two
# passwords at the same time.
HASHING_WORKERS = 2


@dataclass
class LoadCount:
    """The distinct rows of one kind that a load created or found in place."""

    created_ids: set = field(default_factory=set)
    kept_ids: set = field(default_factory=set)

    def add(self, instance, created):
        # Sets, because the data names one agency or unit in several rows.
        if instance.pk not in self.created_ids:
            (self.created_ids if created else self.kept_ids).add(instance.pk)

    @property
    def created(self):
        return len(self.created_ids)

    @property
    def kept(self):
        return len(self.kept_ids)


@dataclass
class DemoAccount:
    """A demo account, with its new password when this load set one."""

    user: User
    created: bool
    password: str = ""


@dataclass
class DemoResult:
    """The rows that one run of demo_load created or kept, and the demo accounts."""

    provinces: LoadCount = field(default_factory=LoadCount)
    agencies: LoadCount = field(default_factory=LoadCount)
    work_units: LoadCount = field(default_factory=LoadCount)
    competitions: LoadCount = field(default_factory=LoadCount)
    innovations: LoadCount = field(default_factory=LoadCount)
    accounts: list = field(default_factory=list)
    open_competition: Competition = None
    hashing_seconds: float = 0.0


@dataclass(frozen=True)
class PastInnovation:
    """One innovation of a past competition, at the highest stage it reached."""

    year: int
    stage: str
    title: str
    agency_name: str
    work_unit_name: str
    agency_kind: str
    province_name: str
    source_url: str


# --- Reading the data files -------------------------------------------------


def _read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bengkulu_unit_names():
    """Return the names of Kota Bengkulu's work units in file order."""
    return [row["name"].strip() for row in _read_csv(BENGKULU_UNITS_CSV)]


def stage_rank(stage):
    """Return the sort key of a stage such as "Top 45": smaller is higher."""
    prefix, _, number = stage.strip().partition(" ")
    if prefix != "Top" or not number.isdigit():
        raise ValueError(f"Unknown stage {stage!r}: expected the form 'Top <number>'.")
    return int(number)


def _is_acronym_of(text, name):
    # An acronym has no spaces, and its capital letters are, in order, initials
    # of the name's capitalised words ("BRIN" for "Badan Riset dan Inovasi
    # Nasional"). "PTSP" after "Pemerintah Provinsi Sulawesi Selatan" is a unit.
    if not text or any(character.isspace() for character in text):
        return False
    initials = iter(word[0] for word in name.split() if word[0].isupper())
    capitals = [character for character in text if character.isupper()]
    return bool(capitals) and all(capital in initials for capital in capitals)


def agency_split_name(text):
    """Split "Agency (Unit)" into the agency's name and the unit's name.

    The unit is everything after the first " (" without the final ")", so a
    unit keeps its own parentheses. The unit's name is empty when the text has
    no parentheses or when they hold only the agency's acronym.
    """
    text = " ".join(text.split())
    agency_name, separator, rest = text.partition(" (")
    if not separator or not rest.endswith(")"):
        return text, ""
    unit_name = rest[:-1].strip()
    if _is_acronym_of(unit_name, agency_name):
        return agency_name, ""
    return agency_name, unit_name


def past_innovations_read():
    """Return the past innovations, one per (year, title, agency), at their highest stage."""
    best = {}
    for row in _read_csv(PAST_INNOVATIONS_CSV):
        year = int(row["year"])
        title = " ".join(row["innovation_name"].split())
        agency_name, work_unit_name = agency_split_name(row["agency"])
        innovation = PastInnovation(
            year=year,
            stage=row["stage"].strip(),
            title=title,
            agency_name=agency_name,
            work_unit_name=work_unit_name,
            agency_kind=row["agency_type"].strip(),
            province_name=row["province"].strip(),
            source_url=row["source"].strip(),
        )
        # The key uses the agency as written, unit included, as the data does.
        key = (year, normalize_title(title), " ".join(row["agency"].split()))
        current = best.get(key)
        if current is None or stage_rank(innovation.stage) < stage_rank(current.stage):
            best[key] = innovation
    return list(best.values())


# --- Provinces, agencies and work units -------------------------------------


def provinces_load():
    """Create the provinces of accounts/data/provinces.csv that are missing and fix changed names."""
    count = LoadCount()
    path = Path(apps.get_app_config("accounts").path) / "data" / "provinces.csv"
    for row in _read_csv(path):
        province, created = Province.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        if not created and province.name != row["name"]:
            province.name = row["name"]
            province.save(update_fields=["name"])
        count.add(province, created)
    return count


def _unique_agency_slug(name):
    max_length = Agency._meta.get_field("slug").max_length
    base = slugify(name)[:max_length].strip("-") or "instansi"
    candidate = base
    suffix = 2
    while Agency.objects.filter(slug=candidate).exists():
        ending = f"-{suffix}"
        candidate = base[: max_length - len(ending)].strip("-") + ending
        suffix += 1
    return candidate


def agency_get_or_create(*, name, kind, province_name):
    """Return the agency of that name, creating it with its kind and province if missing."""
    agency = Agency.objects.filter(name=name).first()
    if agency is not None:
        return agency, False
    if kind not in AgencyKind.values:
        raise ValueError(f"Unknown agency kind {kind!r} for {name!r}: expected one of {AgencyKind.values}.")
    province = Province.objects.get(name=province_name) if province_name else None
    agency = Agency.objects.create(
        name=name, slug=_unique_agency_slug(name), kind=kind, province=province
    )
    return agency, True


def work_unit_get_or_create(*, agency, name):
    """Return the agency's unit of that name (ignoring case), creating it if missing."""
    unit = WorkUnit.objects.filter(agency=agency, name__iexact=name).first()
    if unit is not None:
        return unit, False
    return WorkUnit.objects.create(agency=agency, name=name), True


def bengkulu_load(result):
    """Create Pemerintah Kota Bengkulu and its work units, and return the agency and units."""
    agency, created = agency_get_or_create(
        name=BENGKULU_AGENCY_NAME, kind=AgencyKind.CITY, province_name=BENGKULU_PROVINCE_NAME
    )
    result.agencies.add(agency, created)
    units = []
    for name in bengkulu_unit_names():
        unit, created = work_unit_get_or_create(agency=agency, name=name)
        result.work_units.add(unit, created)
        units.append(unit)
    return agency, units


# --- Competitions and past innovations ---------------------------------------


def open_competition_load(result, today):
    """Create this year's competition, open from 30 days ago until 60 days ahead, if missing."""
    competition = Competition.objects.filter(year=today.year).first()
    created = competition is None
    if created:
        competition = competition_create(
            year=today.year,
            name=COMPETITION_NAME.format(year=today.year),
            submission_opens_on=today - datetime.timedelta(days=OPEN_COMPETITION_STARTED_DAYS_AGO),
            submission_closes_on=today + datetime.timedelta(days=OPEN_COMPETITION_CLOSES_IN_DAYS),
            minimum_age_years=1,
            categories=CATEGORIES_2015_2016,
        )
    result.competitions.add(competition, created)
    return competition


def past_competitions_load(result, years):
    """Create a competition for each past year that has none, and return them by year."""
    competitions = {}
    for year in sorted(years):
        competition = Competition.objects.filter(year=year).first()
        created = competition is None
        if created:
            # NOTE: the data does not record past submission windows, so these
            # dates are nominal (the whole calendar year).
            competition = competition_create(
                year=year,
                name=COMPETITION_NAME.format(year=year),
                submission_opens_on=datetime.date(year, 1, 1),
                submission_closes_on=datetime.date(year, 12, 31),
                categories=CATEGORIES_2015_2016 if year in YEARS_WITH_KNOWN_CATEGORIES else (),
            )
        result.competitions.add(competition, created)
        competitions[year] = competition
    return competitions


def past_innovations_load(result, past_innovations, competitions):
    """Create each past innovation as a published entry of its agency and unit."""
    for past in past_innovations:
        agency, created = agency_get_or_create(
            name=past.agency_name, kind=past.agency_kind, province_name=past.province_name
        )
        result.agencies.add(agency, created)
        work_unit = None
        if past.work_unit_name:
            work_unit, created = work_unit_get_or_create(agency=agency, name=past.work_unit_name)
            result.work_units.add(work_unit, created)

        competition = competitions[past.year]
        innovation = Innovation.objects.filter(
            competition=competition, title_key=normalize_title(past.title)
        ).first()
        created = innovation is None
        if created:
            innovation = Innovation.objects.create(
                competition=competition,
                agency=agency,
                work_unit=work_unit,
                title=past.title,
                slug=innovation_slug_unique(past.title, past.year),
                status=Status.PUBLISHED,
                stage_reached=past.stage,
                source_url=past.source_url,
            )
        result.innovations.add(innovation, created)


# --- Demo accounts ------------------------------------------------------------


def _operator_username(unit, assigned_usernames):
    # Readable and stable across runs: derived from the unit's name, with a
    # numeric suffix only when another unit or another person already has it.
    max_length = User._meta.get_field("username").max_length
    base = (OPERATOR_USERNAME_PREFIX + slugify(unit.name))[:max_length].rstrip("-")
    candidate = base
    suffix = 2
    while True:
        owner = User.objects.filter(username=candidate).first()
        free = owner is None or (owner.role == Role.OPERATOR and owner.work_unit_id == unit.pk)
        if free and candidate not in assigned_usernames:
            return candidate
        ending = f"-{suffix}"
        candidate = base[: max_length - len(ending)].rstrip("-") + ending
        suffix += 1


def _demo_account_specs(agency, units):
    specs = [
        {
            "username": ADMIN_USERNAME,
            "role": Role.ADMIN,
            "is_staff": True,
            "is_superuser": True,
        },
        {
            "username": COORDINATOR_USERNAME,
            "role": Role.COORDINATOR,
            "full_name": COORDINATOR_FULL_NAME,
            "agency": agency,
        },
    ]
    assigned_usernames = set()
    for unit in units:
        username = _operator_username(unit, assigned_usernames)
        assigned_usernames.add(username)
        specs.append(
            {
                "username": username,
                "role": Role.OPERATOR,
                "full_name": f"Operator {unit.name}",
                "work_unit": unit,
            }
        )
    return specs


def _hash_passwords(accounts):
    # Django's default hasher (PBKDF2) is deliberately slow.
    def hash_one(account):
        account.user.set_password(account.password)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=HASHING_WORKERS) as pool:
        list(pool.map(hash_one, accounts))
    return time.perf_counter() - started


def demo_accounts_load(result, agency, units, *, reset_passwords=False):
    """Create the admin, the Bengkulu coordinator and one operator per unit.

    New accounts get a random password. Existing accounts keep theirs unless
    ``reset_passwords`` is set, in which case all demo accounts get new ones.
    """
    accounts = []
    for spec in _demo_account_specs(agency, units):
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            accounts.append(DemoAccount(user=User(**spec), created=True))
        else:
            accounts.append(DemoAccount(user=user, created=False))

    to_hash = [account for account in accounts if account.created or reset_passwords]
    for account in to_hash:
        account.password = password_generate()
        # A printed password is replaced at first sign-in, like one on a slip.
        account.user.must_change_password = True
    result.hashing_seconds = _hash_passwords(to_hash)

    for account in to_hash:
        if account.created:
            account.user.save()
        else:
            account.user.save(update_fields=["password", "must_change_password"])
    result.accounts = accounts


# --- Announcement and questions for the public pages -------------------------------

# Answers state the portal's own rules, so they stay true for the demo.
DEMO_QUESTIONS = [
    (
        "Siapa yang membuat akun operator?",
        "Akun operator diterbitkan oleh admin lokal instansi, misalnya Bagian Organisasi "
        "Sekretariat Daerah. Tidak ada pendaftaran mandiri.",
    ),
    (
        "Kapan batas waktu pengajuan?",
        "Pengajuan ditutup pukul 23.59.59 WIB pada hari terakhir yang tertera di Beranda dan "
        "Ruang Kerja. Batas ini diperiksa oleh server, bukan oleh jam komputer Anda.",
    ),
    (
        "Berkas apa saja yang dapat diunggah?",
        "Foto JPEG, PNG, atau WebP paling besar 5 MB dan dokumen PDF paling besar 20 MB. "
        "Portal memeriksa isi berkas, bukan hanya namanya.",
    ),
    (
        "Kapan inovasi tampil di Basis Data Inovasi?",
        "Setelah admin lokal instansi meneruskan proposal kepada penyelenggara.",
    ),
]


def portal_content_load(competition):
    """Publish an announcement of the open competition and the demo's questions, once."""
    closes = date_format(competition.submission_closes_on, "j F Y")
    Announcement.objects.get_or_create(
        slug=f"pengajuan-{competition.year}-dibuka",
        defaults={
            "title": f"Pengajuan {competition.name} dibuka",
            "summary": f"Operator unit kerja dapat mengajukan proposal sampai {closes} pukul 23.59.59 WIB.",
            "body": (
                f"<p>Pengajuan proposal {competition.name} dibuka. Operator unit kerja menulis "
                f"proposal di Ruang Kerja dan mengajukannya kepada admin lokal instansi sampai "
                f"{closes} pukul 23.59.59 WIB.</p>"
            ),
            "is_published": True,
        },
    )
    for order, (question, answer) in enumerate(DEMO_QUESTIONS, start=1):
        FrequentlyAskedQuestion.objects.get_or_create(
            question=question, defaults={"answer": answer, "order": order}
        )


# --- Everything ------------------------------------------------------------------


@transaction.atomic
def demo_load(*, reset_passwords=False, today=None):
    """Load all demo data in one transaction and return what was created and kept."""
    today = today or timezone.localdate()
    result = DemoResult()
    result.provinces = provinces_load()
    agency, units = bengkulu_load(result)
    result.open_competition = open_competition_load(result, today)

    past_innovations = past_innovations_read()
    past_years = {past.year for past in past_innovations} - {today.year}
    competitions = past_competitions_load(result, past_years)
    competitions[today.year] = result.open_competition
    past_innovations_load(result, past_innovations, competitions)

    portal_content_load(result.open_competition)
    demo_accounts_load(result, agency, units, reset_passwords=reset_passwords)
    return result
