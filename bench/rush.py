"""The deadline-night rush: hundreds of operators save their drafts again and again, then submit.

Each simulated operator opens the proposal editor, types for a few seconds,
saves (appending a marker sentence to the first section), and repeats; then
submits. A share of the drafts is edited by both operators of the unit at
once, so that saves based on an outdated version happen and must be
rejected, never silently applied. Afterwards the database is checked: every
accepted save's marker must be in the final text (no lost update) and no
rejected save's marker may be there (nothing half-stored).
"""
import logging
import random
import re
import statistics
import threading
import time
from collections import Counter

from bench.client import Session, documentation_address, form_fields
from bench.generate import BENCH_PASSWORD

logger = logging.getLogger(__name__)

STALE_MESSAGE = "Someone saved this proposal after you opened it"


def percentile(values, share):
    """Return the value below which share (0-1) of values lie, by the nearest-rank method."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def latency_summary(seconds):
    if not seconds:
        return {"count": 0}
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 1),
    }


def _error_text(page_html):
    """Return the text of the first error message in a page, for the log."""
    match = re.search(r'class="[^"]*(?:alert-danger|invalid-feedback|errorlist)[^"]*"[^>]*>(.*?)</', page_html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip()[:300] if match else "(no message found)"


def rush_plan(*, operators, pair_share, seed):
    """Return (username, draft id) pairs: drafts of the open competition and who edits them."""
    from accounts.models import Role, User
    from innovations.models import Innovation, Status
    from innovations.services import competition_get_open

    competition = competition_get_open()
    if competition is None:
        raise RuntimeError("no competition is open for submission in the benchmark database")
    chooser = random.Random(seed)
    drafts = list(
        Innovation.objects.filter(competition=competition, status=Status.DRAFT)
        .order_by("id")
        .values_list("id", "work_unit_id")
    )
    chooser.shuffle(drafts)
    usernames = {}
    for unit_id, username in (
        User.objects.filter(role=Role.OPERATOR, is_active=True, work_unit_id__in={unit for _, unit in drafts})
        .order_by("username")
        .values_list("work_unit_id", "username")
    ):
        usernames.setdefault(unit_id, []).append(username)
    tasks = []
    used_units = set()
    for draft_id, unit_id in drafts:
        if len(tasks) >= operators:
            break
        if unit_id in used_units or not usernames.get(unit_id):
            continue
        used_units.add(unit_id)
        editors = usernames[unit_id][:2] if chooser.random() < pair_share else usernames[unit_id][:1]
        for username in editors[: operators - len(tasks)]:
            tasks.append((username, draft_id))
    first_section = competition.sections.filter(is_active=True).order_by("position").first()
    return tasks, first_section


class RushOperator(threading.Thread):
    """One operator's evening: sign-in done beforehand, then saves and a submission."""

    def __init__(self, *, session, username, draft_id, section_field, saves, typing_seconds, start_delay, seed):
        super().__init__(daemon=True)
        self.session = session
        self.username = username
        self.draft_id = draft_id
        self.section_field = section_field
        self.saves = saves
        self.typing_seconds = typing_seconds
        self.start_delay = start_delay
        self.random = random.Random(seed)
        self.records = []  # (action, outcome, seconds, marker)

    def run(self):
        time.sleep(self.start_delay)
        edit_path = f"/ruang-kerja/inovasi/{self.draft_id}/"
        for number in range(1, self.saves + 1):
            try:
                self.save_once(edit_path, number)
            except Exception as error:  # noqa: BLE001 (a failed request is a result to count, not a crash)
                self.records.append(("save", f"exception: {error}", None, None))
        try:
            page = self.session.get(edit_path)
            self.records.append(("editor", self.outcome_of_page(page), page.seconds, None))
            response = self.session.post(
                f"{edit_path}ajukan/", {"csrfmiddlewaretoken": page.csrf_token()}
            )
            if response.status == 302:
                outcome = "submitted"
            elif response.status >= 500:
                outcome = f"server error {response.status}"
            else:
                # The other operator of a shared draft submitted it first.
                outcome = "not submitted"
            self.records.append(("submit", outcome, response.seconds, None))
        except Exception as error:  # noqa: BLE001
            self.records.append(("submit", f"exception: {error}", None, None))

    def outcome_of_page(self, page):
        return "ok" if page.status == 200 else f"status {page.status}"

    def save_once(self, edit_path, number):
        page = self.session.get(edit_path)
        self.records.append(("editor", self.outcome_of_page(page), page.seconds, None))
        if page.status != 200:
            return
        if f'action="{edit_path}"' not in page.text:
            # The unit's other operator submitted the draft: no editor any more.
            self.records.append(("save", "not editable", None, None))
            return
        fields = form_fields(page.text, edit_path)
        marker = f"Simpanan {self.username}-{number}."
        fields[self.section_field] = [f"{fields[self.section_field][0]} {marker}"]
        time.sleep(self.random.uniform(*self.typing_seconds))
        response = self.session.post(edit_path, fields)
        if response.status == 302:
            outcome = "saved"
            # A browser follows the redirect back to the editor.
            page = self.session.follow(response)
            self.records.append(("editor", self.outcome_of_page(page), page.seconds, None))
        elif response.status >= 500:
            outcome = f"server error {response.status}"
        elif STALE_MESSAGE in response.text:
            outcome = "conflict"
        elif "can no longer be changed" in response.text:
            # The other operator submitted while this one was typing.
            outcome = "rejected: submitted meanwhile"
        else:
            outcome = f"rejected {response.status}"
            logger.warning("Save of draft %s rejected: %s", self.draft_id, _error_text(response.text))
        self.records.append(("save", outcome, response.seconds, marker))


def sign_in_all(host, port, usernames, threads=8):
    """Sign every username in through the real form; return ({username: session}, seconds per sign-in, failed usernames)."""
    sessions, timings, failures, lock = {}, [], [], threading.Lock()
    queue = list(enumerate(sorted(usernames)))

    def work():
        while True:
            with lock:
                if not queue:
                    return
                number, username = queue.pop()
            session = Session(host, port, client_address=documentation_address(number))
            started = time.perf_counter()
            try:
                session.sign_in(username, BENCH_PASSWORD)
            except Exception as error:  # noqa: BLE001 (a failed sign-in is a result to count)
                logger.warning("Sign-in of %s failed: %s", username, error)
                with lock:
                    failures.append(username)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                sessions[username] = session
                timings.append(elapsed)

    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sessions, timings, failures


def run_rush(*, host, port, operators=300, saves=4, pair_share=0.2, ramp_seconds=60, typing_seconds=(15, 45), seed=7):
    """Run the rush against a running server and check the database afterwards; return the figures."""
    from innovations.models import Answer, Innovation, Status

    tasks, section = rush_plan(operators=operators, pair_share=pair_share, seed=seed)
    section_field = f"section_{section.pk}"
    logger.info("Rush: signing in %d operators", len(tasks))
    sessions, sign_in_seconds, sign_in_failures = sign_in_all(host, port, {username for username, _ in tasks})
    tasks = [(username, draft_id) for username, draft_id in tasks if username in sessions]

    chooser = random.Random(seed)
    threads = [
        RushOperator(
            session=sessions[username],
            username=username,
            draft_id=draft_id,
            section_field=section_field,
            saves=saves,
            typing_seconds=typing_seconds,
            start_delay=chooser.uniform(0, ramp_seconds),
            seed=seed + index,
        )
        for index, (username, draft_id) in enumerate(tasks)
    ]
    logger.info("Rush: %d operators on %d drafts, %d saves each", len(tasks), len({d for _, d in tasks}), saves)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started

    records = [(thread.draft_id, record) for thread in threads for record in thread.records]
    outcomes = Counter(f"{action}: {outcome}" for _, (action, outcome, _, _) in records)
    timings = {
        action: latency_summary([seconds for _, (kind, outcome, seconds, _) in records if kind == action and seconds is not None])
        for action in ("editor", "save", "submit")
    }

    # No lost update: the final text contains every accepted marker and no rejected one.
    final_texts = dict(
        Answer.objects.filter(innovation_id__in={draft for draft, _ in records}, section=section).values_list(
            "innovation_id", "text"
        )
    )
    lost = [
        (draft, marker) for draft, (kind, outcome, _, marker) in records
        if kind == "save" and outcome == "saved" and marker not in final_texts.get(draft, "")
    ]
    phantom = [
        (draft, marker) for draft, (kind, outcome, _, marker) in records
        if kind == "save" and outcome != "saved" and marker and marker in final_texts.get(draft, "")
    ]
    submitted = Innovation.objects.filter(id__in={draft for draft, _ in records}, status=Status.SUBMITTED).count()
    server_errors = sum(count for name, count in outcomes.items() if "server error" in name or "exception" in name)
    saved = outcomes.get("save: saved", 0)
    return {
        "operators": len(tasks),
        "drafts": len({draft for _, draft in tasks}),
        "shared_drafts": len(tasks) - len({draft for _, draft in tasks}),
        "saves_per_operator": saves,
        "ramp_seconds": ramp_seconds,
        "typing_seconds": list(typing_seconds),
        "duration_seconds": round(duration, 1),
        "accepted_saves_per_second": round(saved / duration, 1),
        "sign_in": latency_summary(sign_in_seconds),
        "sign_in_failures": len(sign_in_failures),
        "timings": timings,
        "outcomes": dict(sorted(outcomes.items())),
        "server_errors": server_errors,
        "lost_updates": len(lost),
        "rejected_saves_stored": len(phantom),
        "drafts_submitted": submitted,
    }
