"""Fill a PostgreSQL database with a synthetic national data set for the load benchmarks.

    python bench/generate.py --recreate              # full size into sinovik_bench
    python bench/generate.py --recreate --scale 0.1  # a tenth, for trying the scripts

At scale 1 the data set has 600 agencies, 10,000 work units, 20,000
operators (two per unit), 600 coordinators and 300 judges. Ten yearly
competitions hold 50,000 public entries (5,000 a year), each with all eight
proposal sections written in Indonesian. The open competition also has
5,500 drafts, submissions and returned entries, and judges have given
200,000 scores. Every agency and entry is synthetic (see
bench/vocabulary.py). The same seed gives the same rows.

All accounts share one password (BENCH_PASSWORD), hashed once with the
production hasher: hashing 20,000 passwords one by one would take hours.
Judges and admins sign in with two-factor codes from BENCH_TOTP_SECRET.
"""
import argparse
import datetime
import logging
import os
import random
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sinovik_bench"
BENCH_PASSWORD = "sandi-bench-nasional-2026"
# Base32 TOTP secret shared by the generated judges and admins, so the load
# script can compute their sign-in codes.
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Sizes at scale 1.
FULL_SIZE = {
    "agencies": 600,
    "work_units": 10_000,
    "operators_per_unit": 2,
    "judges": 300,
    "admins": 2,
    "years": 10,
    "public_per_year": 5_000,
    "current_drafts": 4_000,
    "current_submitted": 1_000,
    "current_returned": 500,
    "scores": 200_000,
}
# Shares of the 600 agencies by kind; regencies take the rest.
AGENCY_KIND_COUNTS = {
    "kementerian": 34,
    "lembaga": 40,
    "bumn": 20,
    "bumd": 16,
    "provinsi": 38,
    "kota": 90,
}
# Relative number of work units per agency of each kind.
UNITS_PER_KIND_WEIGHT = {
    "provinsi": 30, "kabupaten": 20, "kota": 20, "kementerian": 8, "lembaga": 4, "bumn": 2, "bumd": 2,
}
# Result labels of past competitions by rank: ranks 1-25 "Top 25" and so on.
RESULT_LABELS = [(25, "Top 25"), (45, "Top 45"), (99, "Top 99")]
JUDGES_PER_ENTRY = 2
# Judged competitions: the open one (evaluation under way) and this many before it.
JUDGED_PAST_YEARS = 2

logger = logging.getLogger("bench.generate")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size, e.g. 0.1")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--recreate", action="store_true", help="drop and create the database first (it must be a benchmark database)"
    )
    return parser.parse_args()


def recreate_database(database_url):
    import environ
    import psycopg2

    config = environ.Env.db_url_config(database_url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"error: refusing to drop database {name!r}: its name must contain 'bench'.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def configure_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Creating a competition invalidates the public cache. The generator's
    # own process needs no shared cache for that, and with DEBUG off and no
    # CACHE_URL the settings would use a database cache table that a fresh
    # benchmark database lacks. bench/run.py sets Redis before calling this.
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    import django

    django.setup()


class Timer:
    """Log how long each step of the generation takes."""

    def __init__(self):
        self.started = time.monotonic()
        self.steps = []

    def step(self, name, rows=None):
        now = time.monotonic()
        previous = self.steps[-1][2] if self.steps else self.started
        self.steps.append((name, rows, now))
        suffix = f", {rows:,} rows" if rows is not None else ""
        logger.info("%s: %.1f s%s", name, now - previous, suffix)

    @property
    def total(self):
        return time.monotonic() - self.started


class Generator:
    def __init__(self, *, scale, seed):
        from django.utils import timezone

        self.random = random.Random(seed)
        self.size = {
            key: (value if key in ("operators_per_unit", "years", "admins") else max(1, round(value * scale)))
            for key, value in FULL_SIZE.items()
        }
        self.size["judges"] = max(10, self.size["judges"])
        self.scale = scale
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.timer = Timer()
        self.counts = {}

    # --- Plumbing -------------------------------------------------------------

    def next_id(self, model):
        from django.db.models import Max

        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def writer(self, model, fields):
        from bench.pgcopy import TableWriter

        return TableWriter(model, fields)

    def aware(self, date, hour=9):
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))

    # --- Steps ----------------------------------------------------------------

    def run(self):
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        self.timer.step("migrate")
        with connection.cursor() as cursor:
            # Foreign keys are consistent by construction, so their per-row
            # checks (and the search documents' triggers) are skipped during
            # the load; search_documents_write() does the triggers' work.
            cursor.execute("SET session_replication_role = replica")
        dropped = self.drop_secondary_indexes()
        self.profiles = [self.sentence_pool(250) for _ in range(300)]
        self.agencies_write()
        self.work_units_write()
        self.users_write()
        self.competitions_write()
        self.innovations_write()
        self.search_documents_write()
        self.judging_write()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        self.indexes_restore(dropped)
        self.sequences_reset()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.timer.step("vacuum analyze")
        return self.counts

    def drop_secondary_indexes(self):
        """Drop the indexes that back no constraint on the big tables; return their definitions."""
        from django.db import connection

        tables = [
            "innovations_innovation", "innovations_answer", "innovations_innovation_sdgs",
            "innovations_innovationevent", "accounts_user", "accounts_workunit",
            "judging_stageentry", "judging_assignment", "judging_score", "portal_innovationsearchdocument",
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint c JOIN pg_class ic ON ic.oid = c.conindid
                    WHERE ic.relname = i.indexname)
                """,
                [tables],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return indexes

    def indexes_restore(self, indexes):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _, definition in indexes:
                cursor.execute(definition)
        self.timer.step(f"recreate {len(indexes)} indexes")

    def sequences_reset(self):
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    # --- Text -----------------------------------------------------------------

    def sentence_pool(self, count):
        """Return count sentences of one writing profile, as (sentence, word count) pairs.

        A profile uses two or three words of each slot list, as one proposal
        talks about its own service and people, so a word such as "posyandu"
        appears in some entries only, while the templates' own words (such as
        "pelayanan") appear in all of them.
        """
        from bench.vocabulary import SENTENCE_TEMPLATES, WORDS

        chosen = {name: self.random.sample(words, min(len(words), self.random.randint(2, 3))) for name, words in WORDS.items()}
        pool = []
        for _ in range(count):
            template = self.random.choice(SENTENCE_TEMPLATES)
            values = {name: self.random.choice(words) for name, words in chosen.items()}
            values.update(n=self.random.randint(2, 30), m=self.random.randint(1, 24), p=self.random.randint(40, 98))
            # A template may use one slot twice; format() fills both with one value.
            sentence = template.format(**values)
            pool.append((sentence[0].upper() + sentence[1:], len(sentence.split())))
        return pool

    def section_text(self, word_limit, profile, fill=(0.55, 0.95)):
        """Return paragraphs of a profile's sentences filling a share (within fill) of the word limit."""
        target = int(word_limit * self.random.uniform(*fill))
        paragraphs, sentences, words = [], [], 0
        while True:
            sentence, length = self.random.choice(profile)
            if words + length > target:
                break
            sentences.append(sentence)
            words += length
            if len(sentences) >= self.random.randint(3, 5):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    # --- Agencies, units and accounts -----------------------------------------

    def agencies_write(self):
        from django.utils.text import slugify

        from accounts.models import Agency, AgencyKind, Province

        provinces = list(Province.objects.order_by("code").values_list("pk", flat=True))
        total = self.size["agencies"]
        counts = {kind: max(1, round(count * total / FULL_SIZE["agencies"])) for kind, count in AGENCY_KIND_COUNTS.items()}
        counts["kabupaten"] = max(1, total - sum(counts.values()))
        names = {
            AgencyKind.MINISTRY: "Kementerian Sintetis {n}",
            AgencyKind.NATIONAL_AGENCY: "Badan Sintetis {n}",
            AgencyKind.STATE_COMPANY: "PT Sintetis {n} (Persero)",
            AgencyKind.REGIONAL_COMPANY: "Perumda Sintetis {n}",
            AgencyKind.PROVINCE: "Pemerintah Provinsi Sintetis {n}",
            AgencyKind.REGENCY: "Pemerintah Kabupaten Sintetis {n}",
            AgencyKind.CITY: "Pemerintah Kota Sintetis {n}",
        }
        order = ["kementerian", "lembaga", "bumn", "provinsi", "kabupaten", "kota", "bumd"]
        next_id = self.next_id(Agency)
        self.agencies = []  # (id, kind, province_id)
        regional = []
        with self.writer(Agency, ["id", "name", "slug", "kind", "province", "parent"]) as writer:
            for kind in order:
                for n in range(1, counts[kind] + 1):
                    name = names[kind].format(n=n)
                    national = kind in ("kementerian", "lembaga", "bumn")
                    if kind == "provinsi":
                        province = provinces[(n - 1) % len(provinces)]
                    else:
                        province = None if national else self.random.choice(provinces)
                    parent = self.random.choice(regional)[0] if kind == "bumd" and regional else None
                    writer.add((next_id, name, slugify(name), kind, province, parent))
                    self.agencies.append((next_id, kind, province))
                    if kind in ("provinsi", "kabupaten", "kota"):
                        regional.append((next_id, kind, province))
                    next_id += 1
        self.counts["agencies"] = len(self.agencies)
        self.timer.step("agencies", len(self.agencies))

    def work_units_write(self):
        from accounts.models import WorkUnit
        from bench.vocabulary import NUMBERED_UNIT_KINDS, WORK_UNIT_KINDS

        weights = [UNITS_PER_KIND_WEIGHT[kind] for _, kind, _ in self.agencies]
        total_weight = sum(weights)
        target = self.size["work_units"]
        per_agency = [max(1, int(target * weight / total_weight)) for weight in weights]
        # Hand the units lost to rounding to the first agencies.
        for index in range(target - sum(per_agency)):
            per_agency[index % len(per_agency)] += 1
        next_id = self.next_id(WorkUnit)
        self.units = []  # (id, agency_id)
        with self.writer(WorkUnit, ["id", "agency", "name", "abbreviation", "code", "is_active"]) as writer:
            for (agency_id, _, _), count in zip(self.agencies, per_agency):
                for index in range(count):
                    if index < len(WORK_UNIT_KINDS):
                        name, abbreviation = WORK_UNIT_KINDS[index]
                    else:
                        number = index - len(WORK_UNIT_KINDS) + 1
                        kind_name, kind_abbreviation = NUMBERED_UNIT_KINDS[number % len(NUMBERED_UNIT_KINDS)]
                        name = f"{kind_name} Sintetis {number}"
                        abbreviation = f"{kind_abbreviation} {number}"
                    writer.add((next_id, agency_id, name, abbreviation, "", True))
                    self.units.append((next_id, agency_id))
                    next_id += 1
        self.counts["work_units"] = len(self.units)
        self.timer.step("work units", len(self.units))

    def users_write(self):
        from django.contrib.auth.hashers import make_password

        from accounts.models import Role, User
        from bench.vocabulary import EXPERTISE, POSITIONS

        password = make_password(BENCH_PASSWORD)
        next_id = self.next_id(User)
        self.operators_by_unit = defaultdict(list)
        self.coordinators = {}
        self.judges = []
        self.admins = []
        fields = [
            "id", "password", "username", "email", "full_name", "phone", "position", "role",
            "agency", "work_unit", "is_staff", "is_superuser", "is_active", "must_change_password", "date_joined",
        ]

        def add(writer, username, role, agency=None, unit=None, staff=False):
            nonlocal next_id
            writer.add((
                next_id, password, username, f"{username}@contoh.go.id", f"Pengguna {username}",
                f"0812{next_id:08d}", self.random.choice(POSITIONS), role, agency, unit,
                staff, False, True, False, self.now,
            ))
            next_id += 1
            return next_id - 1

        with self.writer(User, fields) as writer:
            for unit_id, _ in self.units:
                for letter in "ab"[: self.size["operators_per_unit"]]:
                    self.operators_by_unit[unit_id].append(add(writer, f"op{unit_id:05d}{letter}", Role.OPERATOR, unit=unit_id))
            for agency_id, _, _ in self.agencies:
                self.coordinators[agency_id] = add(writer, f"koord{agency_id:04d}", Role.COORDINATOR, agency=agency_id)
            for n in range(1, self.size["judges"] + 1):
                self.judges.append(add(writer, f"juri{n:04d}", Role.JUDGE))
            for n in range(1, self.size["admins"] + 1):
                self.admins.append(add(writer, f"admin{n}", Role.ADMIN, staff=True))
        self.counts["users"] = writer.written
        self.timer.step("users", writer.written)
        self.two_factor_write()
        self.judge_profiles_write(EXPERTISE)

    def two_factor_write(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt

        data = {"secret": encrypt(BENCH_TOTP_SECRET)}
        with self.writer(Authenticator, ["user", "type", "data", "created_at"]) as writer:
            for user_id in self.judges + self.admins:
                writer.add((user_id, Authenticator.Type.TOTP, data, self.now))

    def judge_profiles_write(self, expertise):
        from judging.models import JudgeProfile

        with self.writer(JudgeProfile, ["user", "expertise", "pact_accepted_at"]) as writer:
            for user_id in self.judges:
                writer.add((user_id, self.random.choice(expertise), self.now))

    # --- Competitions and entries ---------------------------------------------

    def competitions_write(self):
        from innovations import services
        from innovations.models import Competition
        from bench.vocabulary import CATEGORIES_2015, CATEGORIES_2022

        current_year = self.today.year
        self.competitions = []  # (competition, sections, category ids, group ids)
        for year in range(current_year - self.size["years"] + 1, current_year + 1):
            if year == current_year:
                opens = self.today - datetime.timedelta(days=30)
                closes = self.today + datetime.timedelta(days=30)
            else:
                opens, closes = datetime.date(year, 5, 1), datetime.date(year, 6, 30)
            competition = Competition.objects.filter(year=year).first() or services.competition_create(
                year=year,
                name=f"KIPP {year}",
                submission_opens_on=opens,
                submission_closes_on=closes,
                categories=CATEGORIES_2015 if year < 2021 else CATEGORIES_2022,
            )
            sections = list(competition.sections.filter(is_active=True).order_by("position"))
            categories = list(competition.categories.values_list("pk", flat=True))
            groups = list(competition.groups.values_list("pk", flat=True))
            self.competitions.append((competition, sections, categories, groups))
        self.timer.step("competitions", len(self.competitions))

    def title_for(self, used):
        from bench.vocabulary import TITLE_CORES, TITLE_PREFIXES, TITLE_TARGETS

        for attempt in range(50):
            title = (
                f"{self.random.choice(TITLE_PREFIXES)} {self.random.choice(TITLE_CORES)} "
                f"{self.random.choice(TITLE_TARGETS)}"
            )
            if attempt > 10:
                title = f"{title} {self.random.randint(2, 999)}"
            if title.casefold() not in used:
                used.add(title.casefold())
                return title
        raise RuntimeError("no unused title found; enlarge the title vocabulary")

    def innovations_write(self):
        from django.utils.text import slugify

        from innovations.models import SDG, Answer, EventKind, Innovation, InnovationEvent, Status, normalize_title

        sdg_ids = list(SDG.objects.values_list("pk", flat=True))
        innovation_id = self.next_id(Innovation)
        answer_id = self.next_id(Answer)
        self.entries_by_competition = defaultdict(list)  # competition id -> [(innovation id, agency id)]
        self.drafts = []
        innovation_fields = [
            "id", "competition", "category", "agency", "work_unit", "group", "title", "title_key", "slug",
            "started_on", "status", "stage_reached", "version", "created_by", "created_at", "submitted_at",
        ]
        sdg_through = Innovation.sdgs.through
        event_fields = ["innovation", "kind", "from_status", "to_status", "note", "actor", "actor_name", "created_at"]
        with (
            self.writer(Innovation, innovation_fields) as innovations,
            self.writer(Answer, ["id", "innovation", "section", "text"]) as answers,
            self.writer(sdg_through, ["innovation", "sdg"]) as sdgs,
            self.writer(InnovationEvent, event_fields) as events,
        ):
            current_year = self.today.year
            for competition, sections, categories, groups in self.competitions:
                used_titles = set()
                if competition.year == current_year:
                    plan = (
                        [Status.FORWARDED] * self.size["public_per_year"]
                        + [Status.DRAFT] * self.size["current_drafts"]
                        + [Status.SUBMITTED] * self.size["current_submitted"]
                        + [Status.RETURNED] * self.size["current_returned"]
                    )
                else:
                    plan = [Status.FORWARDED] * self.size["public_per_year"]
                ranks = list(range(1, len(plan) + 1))
                self.random.shuffle(ranks)
                for status, rank in zip(plan, ranks):
                    unit_id, agency_id = self.random.choice(self.units)
                    operator = self.random.choice(self.operators_by_unit[unit_id])
                    title = self.title_for(used_titles)
                    created = self.aware(competition.submission_opens_on + datetime.timedelta(days=self.random.randint(0, 20)))
                    submitted = None if status == Status.DRAFT else created + datetime.timedelta(days=self.random.randint(1, 25))
                    past = competition.year < current_year
                    stage_reached = ""
                    if past and status == Status.FORWARDED:
                        stage_reached = next((label for limit, label in RESULT_LABELS if rank <= limit), "")
                    started_on = datetime.date(competition.year - self.random.randint(2, 6), self.random.randint(1, 12), 1)
                    innovations.add((
                        innovation_id, competition.pk, self.random.choice(categories),
                        agency_id, unit_id, self.random.choice(groups) if groups else None,
                        title, normalize_title(title), f"{slugify(title)[:90].strip('-')}-{competition.year}",
                        started_on, status, stage_reached, 1, operator, created, submitted,
                    ))
                    # Drafts are shorter, which leaves the rush's saves room below the word limits.
                    fill = (0.3, 0.6) if status == Status.DRAFT else (0.55, 0.95)
                    profile = self.random.choice(self.profiles)
                    for section in sections:
                        text = self.section_text(section.word_limit, profile, fill)
                        answers.add((answer_id, innovation_id, section.pk, text))
                        answer_id += 1
                    for sdg in self.random.sample(sdg_ids, self.random.randint(1, 3)) if sdg_ids else []:
                        sdgs.add((innovation_id, sdg))
                    if submitted is not None:
                        events.add((innovation_id, EventKind.SUBMITTED, Status.DRAFT, Status.SUBMITTED, "", operator, f"Pengguna op{unit_id:05d}", submitted))
                    if status == Status.FORWARDED:
                        coordinator = self.coordinators[agency_id]
                        events.add((innovation_id, EventKind.FORWARDED, Status.SUBMITTED, Status.FORWARDED, "", coordinator, f"Pengguna koord{agency_id:04d}", submitted + datetime.timedelta(days=2)))
                        self.entries_by_competition[competition.pk].append((innovation_id, agency_id))
                    elif status == Status.DRAFT:
                        self.drafts.append(innovation_id)
                    innovation_id += 1
                self.timer.step(f"entries of {competition.name}", len(plan))
        self.counts.update(
            innovations=innovations.written, answers=answers.written, sdg_links=sdgs.written, events=events.written
        )

    def search_documents_write(self):
        """Fill the search's per-entry documents, which triggers maintain but COPY bypasses."""
        from django.db import connection

        if "portal_innovationsearchdocument" not in connection.introspection.table_names():
            return
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO portal_innovationsearchdocument (innovation_id, answers_vector)
                SELECT innovation_id, to_tsvector('indonesian'::regconfig, string_agg(text, ' ' ORDER BY section_id))
                FROM innovations_answer GROUP BY innovation_id
                """
            )
            self.counts["search_documents"] = cursor.rowcount
        self.timer.step("search documents", self.counts["search_documents"])

    # --- Judging ----------------------------------------------------------------

    def judging_write(self):
        """Write an administrative check and a scored evaluation per judged competition.

        Past competitions' evaluations are finished. The open competition's
        is under way: enough of its assignments are scored to bring the data
        set to its total number of scores.
        """
        from judging.models import Assignment, Criterion, Score, Stage, StageEntry

        judged = self.competitions[-(JUDGED_PAST_YEARS + 1):]
        stage_entry_id = self.next_id(StageEntry)
        assignment_id = self.next_id(Assignment)
        plans = []
        for competition, sections, _, _ in judged:
            current = competition.year == self.today.year
            start = competition.submission_closes_on + datetime.timedelta(days=1)
            check = Stage.objects.create(
                competition=competition, position=1, kind="administrative_check", name="Seleksi administrasi",
                starts_on=start, ends_on=start + datetime.timedelta(days=14),
                closed_at=self.now, outcome_fixed_at=self.now, published_at=None if current else self.now,
            )
            evaluation = Stage.objects.create(
                competition=competition, position=2, kind="evaluation", name="Evaluasi proposal",
                result_label="Top 99", starts_on=start + datetime.timedelta(days=15),
                ends_on=start + datetime.timedelta(days=45), shortlist_size=99,
                judges_per_entry=JUDGES_PER_ENTRY,
                closed_at=None if current else self.now,
                outcome_fixed_at=None if current else self.now,
                published_at=None if current else self.now,
            )
            criteria = Criterion.objects.bulk_create(
                Criterion(stage=evaluation, position=index, name=section.title, weight=section.weight)
                for index, section in enumerate((s for s in sections if s.weight > 0), start=1)
            )
            plans.append((competition, current, check, evaluation, criteria))

        past_assignments = sum(
            len(self.entries_by_competition[competition.pk]) * JUDGES_PER_ENTRY * len(criteria)
            for competition, current, _, _, criteria in plans
            if not current
        )
        with (
            self.writer(StageEntry, ["id", "stage", "innovation", "outcome", "reason", "total", "rank", "decided_at"]) as entries,
            self.writer(Assignment, ["id", "entry", "stage", "judge", "status", "assigned_at", "submitted_at"]) as assignments,
            self.writer(Score, ["assignment", "criterion", "value", "comment", "created_at", "updated_at"]) as scores,
        ):
            for competition, current, check, evaluation, criteria in plans:
                entries_here = self.entries_by_competition[competition.pk]
                remaining = max(0, self.size["scores"] - past_assignments) if current else None
                for rank, (innovation_id, agency_id) in enumerate(entries_here, start=1):
                    entries.add((stage_entry_id, check.pk, innovation_id, "passed", "", None, None, self.now))
                    stage_entry_id += 1
                    evaluation_entry = stage_entry_id
                    if current:
                        outcome = "pending"
                    elif rank <= 99:
                        outcome = "passed"
                    else:
                        outcome = "failed"
                    entries.add((
                        evaluation_entry, evaluation.pk, innovation_id, outcome,
                        "not_shortlisted" if outcome == "failed" else "",
                        None, None if current else rank, None if current else self.now,
                    ))
                    stage_entry_id += 1
                    for judge in self.random.sample(self.judges, JUDGES_PER_ENTRY):
                        scored = not current or remaining >= len(criteria)
                        assignments.add((
                            assignment_id, evaluation_entry, evaluation.pk, judge, "active", self.now,
                            self.now if scored else None,
                        ))
                        if scored:
                            for criterion in criteria:
                                value = Decimal(self.random.randint(40, 100)) / 10
                                scores.add((assignment_id, criterion.pk, value, "", self.now, self.now))
                            if current:
                                remaining -= len(criteria)
                        assignment_id += 1
                self.timer.step(f"judging of {competition.name}")
        self.counts.update(stage_entries=entries.written, assignments=assignments.written, scores=scores.written)


def main():
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("SECRET_KEY", "benchmark-data-generation-only")
    if arguments.recreate:
        recreate_database(arguments.database_url)
    configure_django(arguments.database_url)
    generator = Generator(scale=arguments.scale, seed=arguments.seed)
    counts = generator.run()
    logger.info("Generated in %.0f s: %s", generator.timer.total, ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
