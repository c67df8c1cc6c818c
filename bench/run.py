"""Run every load scenario against gunicorn on 127.0.0.1 and write the figures.

    python bench/run.py                       # all scenarios, about 15 minutes
    python bench/run.py --duration 10 --skip-rush --skip-upload

It needs the data set of bench/generate.py in the benchmark database, wrk
(Debian package `wrk`) and Redis on 127.0.0.1:6379, whose database 7 it
empties and uses for the cache and the sessions. gunicorn runs the
production settings (DEBUG off) with sync workers. The public pages are
measured with wrk twice, with the anonymous page cache off and then on.
The signed-in scenarios, the deadline rush (bench/rush.py) and the upload
memory measurement (bench/upload_memory.py) run in the production
configuration, with the cache on. Results go to bench/results/<UTC
time>.json and .md.
"""
import argparse
import datetime
import http.client
import json
import logging
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.generate import BENCH_PASSWORD, BENCH_TOTP_SECRET, DEFAULT_DATABASE_URL, configure_django  # noqa: E402
from bench.vocabulary import WORDS  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/7"
# wrk connections of the scenarios that differ from --connections: an export
# is a rare, long request of one administrator or coordinator at a time.
SCENARIO_CONNECTIONS = {"export_scores_xlsx": 1, "export_recap_xlsx": 2}
# The scores export takes seconds per request, so it is measured for longer.
SCENARIO_MIN_SECONDS = {"export_scores_xlsx": 40}
SEARCH_TERMS = [
    "antrean", "stunting", "akta kelahiran", "kesehatan ibu", "air bersih", "nelayan", "disabilitas",
    "pajak daerah", "posyandu", "imunisasi", "Sintetis 12", "pengaduan", "sampah", "lansia", "perizinan",
    "bantuan sosial", "jemput bola", "ambulans desa", "DPMPTSP", "literasi",
]
logger = logging.getLogger("bench.run")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4: 2 per core)")
    parser.add_argument("--duration", type=int, default=20, help="seconds each wrk scenario is measured")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load before each scenario")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections kept busy at once")
    parser.add_argument("--rush-operators", type=int, default=300)
    parser.add_argument("--rush-saves", type=int, default=4)
    parser.add_argument(
        "--rush-typing", type=float, nargs=2, default=[15, 45], metavar=("MIN", "MAX"),
        help="seconds an operator types between opening the editor and saving (default 15 to 45)",
    )
    parser.add_argument("--upload-mib", type=int, default=50)
    parser.add_argument("--skip-rush", action="store_true")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--only", nargs="*", help="names of the wrk scenarios to run")
    parser.add_argument("--keep-log", action="store_true", help="write gunicorn's log next to the results")
    parser.add_argument("--output-dir", default=str(BASE_DIR / "bench" / "results"))
    return parser.parse_args()


def server_environment(arguments, *, page_cache_seconds, media_root, static_root):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SINOVIK_"))}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "off",
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": arguments.database_url,
            # Persistent database connections, as production runs them.
            "CONN_MAX_AGE": "60",
            "CACHE_URL": REDIS_URL,
            "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
            "SINOVIK_PUBLIC_PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "MEDIA_ROOT": str(media_root),
            "STATIC_ROOT": str(static_root),
            "SESSION_COOKIE_SECURE": "off",
            "CSRF_COOKIE_SECURE": "off",
            "LOG_LEVEL": "WARNING",
            # No mail server runs on the benchmark machine; mail is built but not sent.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # The load scripts send each simulated person's own address in
            # X-Forwarded-For, as a reverse proxy in front of the portal would.
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        }
    )
    return environment


def run_wrk(address, paths, *, duration, connections):
    """Run wrk over the given (path, cookie) pairs; return its RESULT figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        for path, cookie in paths:
            handle.write(f"{path}\t{cookie}\n")
        list_path = handle.name
    try:
        output = subprocess.run(
            [
                "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
                "-s", str(BASE_DIR / "bench" / "wrk" / "paths.lua"), address, "--", list_path,
            ],
            capture_output=True, text=True, check=True, timeout=duration + 120,
        ).stdout
    finally:
        os.unlink(list_path)
    match = re.search(r"^RESULT (\{.*\})$", output, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    return json.loads(match.group(1))


def wait_until_idle(address, seconds=300):
    """Wait until the server serves the minimal view quickly again, after a scenario's queued requests."""
    host, port = address.removeprefix("http://").split(":")
    deadline = time.monotonic() + seconds
    quick = 0
    while time.monotonic() < deadline and quick < 3:
        connection = http.client.HTTPConnection(host, int(port), timeout=seconds)
        started = time.perf_counter()
        connection.request("GET", "/bench/ceiling/", headers={"Host": f"{host}:{port}"})
        connection.getresponse().read()
        connection.close()
        quick = quick + 1 if time.perf_counter() - started < 0.05 else 0
        time.sleep(0.2)


def cookie_header(session):
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


class Workload:
    """The addresses and signed-in sessions the scenarios request, read from the benchmark database."""

    def __init__(self):
        from django.core.paginator import Paginator

        from innovations.models import Innovation
        from innovations.views.public import PAGE_SIZE

        public = Innovation.objects.public()
        self.public_count = public.count()
        self.last_page = Paginator(range(self.public_count), PAGE_SIZE).num_pages
        # A results-announcement spike concentrates on a few hundred entries.
        self.entry_slugs = list(public.order_by("?").values_list("slug", flat=True)[:200])
        words = sorted({word for words in WORDS.values() for phrase in words for word in phrase.split() if len(word) > 4})
        chooser = random.Random(11)
        self.cold_search_pairs = [tuple(chooser.sample(words, 2)) for _ in range(5000)]

    def scenarios(self, signed_in):
        from judging.models import Stage

        public = {
            "ceiling": [("/bench/ceiling/", "")],
            "home": [("/", "")],
            "list_first_page": [("/inovasi/", "")],
            "list_deep_page": [(f"/inovasi/?halaman={self.last_page}", "")],
            "search": [(f"/inovasi/?q={term.replace(' ', '+')}", "") for term in SEARCH_TERMS],
            # Pairs of words seen by no earlier request, so no count is cached.
            "search_cold": [(f"/inovasi/?q={first}+{second}", "") for first, second in self.cold_search_pairs],
            "entry_page": [(f"/inovasi/{slug}/", "") for slug in self.entry_slugs],
            "statistics": [("/statistik/", "")],
        }
        if not signed_in:
            return public, {}
        stage = Stage.objects.filter(kind="evaluation").order_by("-competition__year").first()
        year = stage.competition.year
        private = {
            "operator_dashboard": [("/ruang-kerja/", cookie) for cookie in signed_in["operator"]],
            "coordinator_dashboard": [("/ruang-kerja/", cookie) for cookie in signed_in["coordinator"]],
            "coordinator_review_list": [("/ruang-kerja/tinjauan/", cookie) for cookie in signed_in["coordinator"]],
            "judge_queue": [("/ruang-kerja/penjurian/antrean/", cookie) for cookie in signed_in["judge"]],
            "export_recap_xlsx": [(f"/ruang-kerja/penjurian/rekapitulasi/{year}.xlsx", cookie) for cookie in signed_in["coordinator"]],
            "export_scores_xlsx": [(f"/ruang-kerja/penjurian/tahap/{stage.pk}/ekspor/nilai.xlsx", cookie) for cookie in signed_in["admin"]],
        }
        return public, private


def sign_in_sample(port):
    """Sign in a few users of each role through the real forms; return their cookie headers by role."""
    from accounts.models import Role, User
    from bench.client import Session, documentation_address
    from innovations.models import Innovation

    busy_units = (
        Innovation.objects.values("work_unit").order_by("-work_unit").values_list("work_unit", flat=True).distinct()[:20]
    )
    usernames = {
        "operator": User.objects.filter(role=Role.OPERATOR, work_unit__in=list(busy_units)).values_list("username", flat=True)[:20],
        "coordinator": User.objects.filter(role=Role.COORDINATOR).order_by("agency__kind", "username").values_list("username", flat=True)[:10],
        "judge": User.objects.filter(role=Role.JUDGE, assignments__isnull=False).distinct().values_list("username", flat=True)[:10],
        "admin": User.objects.filter(role=Role.ADMIN).values_list("username", flat=True)[:1],
    }
    cookies = {}
    for role, names in usernames.items():
        cookies[role] = []
        for username in names:
            session = Session("127.0.0.1", port, client_address=documentation_address(100_000 + len(cookies[role]) + 100 * len(cookies)))
            session.sign_in(username, BENCH_PASSWORD, totp_secret=BENCH_TOTP_SECRET)
            cookies[role].append(cookie_header(session))
    return cookies


def machine_description():
    def command(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return ""

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    lscpu = command("lscpu")
    model = re.search(r"Model name:\s*(.+)", lscpu)
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "os": command("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgresql,
        "redis": command("redis-server", "--version"),
        "wrk": command("sh", "-c", "wrk -v 2>&1 | head -1"),
        "load_average_at_start": os.getloadavg(),
    }


def markdown(results):
    uncached_ceiling = results["wrk"].get("uncached", {}).get("ceiling", {}).get("rps")
    lines = [
        "| Scenario | Page cache | Connections | Requests/s | p50 ms | p95 ms | p99 ms | Errors "
        "| Share of ceiling, same configuration | Share of ceiling without page cache |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for configuration in ("uncached", "cached"):
        ceiling = results["wrk"].get(configuration, {}).get("ceiling", {}).get("rps")
        for name, figures in results["wrk"].get(configuration, {}).items():
            share = f"{figures['rps'] / ceiling:.0%}" if ceiling else ""
            share_uncached = f"{figures['rps'] / uncached_ceiling:.0%}" if uncached_ceiling else ""
            errors = figures["non_2xx_3xx"] + figures["socket_errors"] + figures["timeouts"]
            lines.append(
                f"| {name} | {'on' if configuration == 'cached' else 'off'} | {figures.get('connections', '')} | "
                f"{figures['rps']:.1f} | {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} | "
                f"{errors} | {share} | {share_uncached} |"
            )
    return "\n".join(lines) + "\n"


def main():
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["CACHE_URL"] = REDIS_URL
    os.environ["SESSION_ENGINE"] = "django.contrib.sessions.backends.cache"
    configure_django(arguments.database_url)

    from django.core.cache import cache

    from bench.server import GunicornServer, collect_static

    started_at = datetime.datetime.now(datetime.timezone.utc)
    results = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": machine_description(),
        "settings": {
            "workers": arguments.workers,
            "connections": arguments.connections,
            "duration_seconds": arguments.duration,
            "warmup_seconds": arguments.warmup,
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
        },
        "wrk": {},
    }
    cache.clear()
    workload = Workload()
    results["data"] = {"public_entries": workload.public_count, "last_page": workload.last_page}
    output_dir = Path(arguments.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")

    with tempfile.TemporaryDirectory(prefix="sinovik-bench-") as folder:
        folder = Path(folder)
        media_root, static_root = folder / "media", folder / "static"
        environments = {
            name: server_environment(arguments, page_cache_seconds=seconds, media_root=media_root, static_root=static_root)
            for name, seconds in (("uncached", 0), ("cached", 300))
        }
        collect_static(environments["cached"], static_root)
        # The servers' log stays out of the results folder; keep it with --keep-log.
        log_path = (output_dir if arguments.keep_log else folder) / f"{stamp}-gunicorn.log"

        signed_in = None
        for configuration in ("uncached", "cached"):
            with GunicornServer(environments[configuration], workers=arguments.workers, log_path=log_path) as server:
                if signed_in is None:
                    logger.info("Signing in the scenario users")
                    signed_in = sign_in_sample(server.port)
                public, private = workload.scenarios(signed_in)
                scenarios = dict(public)
                if configuration == "cached":
                    scenarios.update(private)
                results["wrk"][configuration] = {}
                for name, paths in scenarios.items():
                    if arguments.only and name not in arguments.only:
                        continue
                    connections = SCENARIO_CONNECTIONS.get(name, arguments.connections)
                    if arguments.warmup:
                        run_wrk(server.address, paths, duration=arguments.warmup, connections=connections)
                        wait_until_idle(server.address)
                    duration = max(arguments.duration, SCENARIO_MIN_SECONDS.get(name, 0))
                    figures = run_wrk(server.address, paths, duration=duration, connections=connections)
                    figures["connections"] = connections
                    wait_until_idle(server.address)
                    results["wrk"][configuration][name] = figures
                    logger.info("%s %s: %s", configuration, name, figures)
                if configuration == "cached" and not arguments.skip_rush:
                    from bench.rush import run_rush

                    results["rush"] = run_rush(
                        host="127.0.0.1",
                        port=server.port,
                        operators=arguments.rush_operators,
                        saves=arguments.rush_saves,
                        typing_seconds=tuple(arguments.rush_typing),
                    )
                    logger.info("Rush: %s", results["rush"])

        if not arguments.skip_upload:
            from bench.upload_memory import measure_upload

            limit = str((arguments.upload_mib + 10) * 1024 * 1024)
            environment = {
                **environments["cached"],
                "SINOVIK_MAX_DOCUMENT_BYTES": limit,
                "SINOVIK_MAX_ENTRY_BYTES": limit,
            }
            with GunicornServer(environment, workers=1, log_path=log_path) as server:
                results["upload"] = measure_upload(server, arguments.upload_mib * 1024 * 1024)
            logger.info("Upload: %s", results["upload"])

    results["finished_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    (output_dir / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    (output_dir / f"{stamp}.md").write_text(markdown(results))
    print(markdown(results))
    print(f"Results: {output_dir / stamp}.json")


if __name__ == "__main__":
    main()
