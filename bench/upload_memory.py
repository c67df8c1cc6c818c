"""Measure how much a gunicorn worker's memory grows while it receives one large document.

The server runs one sync worker, so it is known which process receives the
upload. The script signs in an operator and warms the worker up with the
editor page. Then it uploads a PDF of the given size through the real upload
form and samples the worker's resident memory (VmRSS) every 10 ms meanwhile.
VmHWM, also reported, is the kernel's record of the peak.
"""
import logging
import os
import tempfile
import threading
import time

from bench.client import Session
from bench.generate import BENCH_PASSWORD
from bench.server import process_memory_kib

logger = logging.getLogger(__name__)


def write_pdf(path, size):
    """Write a PDF-shaped file of size bytes: a header, filler, and an end-of-file marker."""
    head = b"%PDF-1.4\n% benchmark filler\n"
    tail = b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    block = b"0123456789abcdef" * 4096
    remaining = size - len(head) - len(tail)
    with open(path, "wb") as handle:
        handle.write(head)
        while remaining > 0:
            handle.write(block[: min(len(block), remaining)])
            remaining -= len(block)
        handle.write(tail)


def draft_and_operator():
    """Return (draft id, operator username) of a draft in the open competition."""
    from accounts.models import Role, User
    from innovations.models import Innovation, Status
    from innovations.services import competition_get_open

    competition = competition_get_open()
    draft = (
        Innovation.objects.filter(competition=competition, status=Status.DRAFT, attachments__isnull=True)
        .order_by("-id")
        .first()
    )
    username = (
        User.objects.filter(role=Role.OPERATOR, work_unit_id=draft.work_unit_id).order_by("username").first().username
    )
    return draft.pk, username


def measure_upload(server, size_bytes):
    """Upload one document of size_bytes to a one-worker server; return the memory figures in MiB."""
    from innovations.models import Attachment

    (worker,) = server.worker_pids()
    draft_id, username = draft_and_operator()
    session = Session("127.0.0.1", server.port, timeout=300)
    session.sign_in(username, BENCH_PASSWORD)
    edit_path = f"/ruang-kerja/inovasi/{draft_id}/"
    for _ in range(3):
        page = session.get(edit_path)
    rss_before, peak_before = process_memory_kib(worker)

    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(process_memory_kib(worker)[0])
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "lampiran-besar.pdf")
        write_pdf(path, size_bytes)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        response = session.post_multipart(
            f"{edit_path}lampiran/",
            {"kind": "document", "csrfmiddlewaretoken": page.csrf_token()},
            "file",
            "lampiran-besar.pdf",
            "application/pdf",
            path,
        )
        stop.set()
        sampler.join()
    rss_after, peak_after = process_memory_kib(worker)
    stored = Attachment.objects.filter(innovation_id=draft_id, size=size_bytes).exists()
    mib = 1024
    return {
        "file_mib": round(size_bytes / 1024 / 1024, 1),
        "status": response.status,
        "stored": stored,
        "upload_seconds": round(response.seconds, 2),
        "rss_before_mib": round(rss_before / mib, 1),
        "rss_max_during_mib": round(max(samples + [rss_before]) / mib, 1),
        "rss_after_mib": round(rss_after / mib, 1),
        "growth_during_mib": round((max(samples + [rss_before]) - rss_before) / mib, 1),
        "peak_before_mib": round(peak_before / mib, 1),
        "peak_after_mib": round(peak_after / mib, 1),
        "samples": len(samples),
    }
