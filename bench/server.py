"""Start and stop gunicorn on a loopback port, for the benchmarks and the scale-out test."""
import http.client
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static(environment, static_root):
    """Run collectstatic into static_root, which the manifest storage of DEBUG=off needs."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env={**environment, "STATIC_ROOT": str(static_root)},
        check=True,
        timeout=300,
    )


class GunicornServer:
    """One gunicorn master with sync workers, bound to 127.0.0.1:port."""

    def __init__(self, environment, *, port=None, workers=2, log_path=None, timeout=120):
        self.environment = environment
        self.port = port or free_port()
        self.workers = workers
        self.log_path = log_path
        self.timeout = timeout
        self.process = None

    @property
    def address(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [
            sys.executable, "-m", "gunicorn", "sinovik.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--timeout", str(self.timeout),
            "--graceful-timeout", "10",
            "--backlog", "2048",
        ]
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment, stdout=log, stderr=log, start_new_session=True
        )
        if self.log_path:
            log.close()
        self.wait_until_ready()
        return self

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}; see {self.log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{self.port}"})
                status = connection.getresponse().status
                connection.close()
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not respond to /healthz within {seconds} s")

    def worker_pids(self):
        """Return the process ids of the master's workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # gunicorn's master runs in its own session (start_new_session), so
        # the signal reaches only this server's master and workers.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, traceback):
        self.stop()


def process_memory_kib(pid):
    """Return (VmRSS, VmHWM) of a process in KiB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
