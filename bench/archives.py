"""Archive benchmarks (not a test): big-file streaming and the completeness matrix.

    .venv/bin/python bench/archives.py [--size-mb 200] [--server gunicorn|runserver]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<an empty database> .venv/bin/python bench/archives.py

1. Builds a throw-away county in a temporary var/ directory (SQLite there unless
   DATABASE_URL is set): 23 townships, 267 villages, 10 archive records per village in 2009
   and in 2008, spread over the 18 categories so that some cells stay empty.
2. Completeness matrix (all 267 villages × 18 categories, 2009): median time of the whole
   request in-process (test client, no network) and its query count, also for one township
   (queries must not depend on the number of villages); then the median over HTTP from
   the server process of step 3.
3. Starts a real server process on 127.0.0.1 (gunicorn, one sync worker; or
   `manage.py runserver --noreload`), uploads a 200 MB MP4 through the upload form and
   downloads it again, and reports throughput and the growth of the serving process's
   resident memory (peak during the transfer minus the resident size before it; the
   peak is read from /proc/<pid>/status VmHWM after resetting it, and sampled every 5 ms).
"""

import argparse
import hashlib
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUNDARY = "----xixiang-bench-boundary"


def configure_environment(var_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "archives_bench_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "bench")])
    os.environ["XIXIANG_VAR_DIR"] = str(var_dir)
    os.environ["XIXIANG_STATIC_ROOT"] = str(var_dir / "static")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # production-like: no query log, no template debug
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("XIXIANG_STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def build_county(records_per_village: int) -> None:
    """Villages from the demo seeder, an administrator, and bulk-created archive records."""
    from django.core.management import call_command

    from archives.models import ArchiveCategory, ArchiveMedium, ArchiveRecord
    from villages import demo as villages_demo
    from villages.models import Village
    from xixiang.accounts.models import User
    from xixiang.core.demo import DemoContext

    call_command("migrate", verbosity=0)
    if Village.objects.exists():
        return
    villages_demo.seed(DemoContext(scale="tiny", write=lambda message: None))
    admin = User.objects.create_user("admin", password="bench-password", role="admin", is_staff=True, is_superuser=True)
    rng = random.Random(2009)
    categories = list(ArchiveCategory.objects.all())
    text = ArchiveMedium.objects.get(code="text")
    records = [
        ArchiveRecord(village=village, year=year, category=rng.choice(categories), medium=text,
                      title=f"{village.name}{year}年档案{n}", uploaded_by=admin)
        for village in Village.objects.all() for year in (2009, 2008) for n in range(records_per_village)
    ]
    ArchiveRecord.objects.bulk_create(records, batch_size=1000)


def matrix_figures() -> None:
    from _setup import median_ms
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from archives import selectors
    from archives.models import ArchiveRecord
    from villages.models import Township, Village
    from xixiang.accounts.models import User

    admin = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    township = Township.objects.get(code="610724100")
    print(f"database: {connection.vendor}; villages: {Village.objects.count()}; "
          f"archive records: {ArchiveRecord.objects.count()} (10 per village in 2009 and in 2008)")
    for label, params, chosen in [("whole county", {"year": 2009}, None),
                                  ("one township", {"year": 2009, "township": township.code}, township)]:
        def get(params=params):
            response = client.get("/archives/completeness/", params)
            assert response.status_code == 200, response.status_code
            return response

        reset_queries()  # a request clears the log; start from empty so the slice is right
        with CaptureQueriesContext(connection) as queries:
            get()
        query_count = len(queries)  # read now: later requests clear the connection's log
        matrix = selectors.completeness(admin, 2009, chosen)
        print(f"completeness matrix, {label} ({len(matrix.rows)} villages × {len(matrix.categories)} categories, "
              f"rate {matrix.total.rate}%): median {median_ms(get):.1f} ms in-process, {query_count} queries")
    export_ms = median_ms(lambda: client.get("/archives/completeness/export.xlsx", {"year": 2009}), runs=5, warmup=1)
    print(f"completeness xlsx export, whole county: median {export_ms:.1f} ms in-process")


# --- the server process ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(kind: str, port: int, log) -> tuple[subprocess.Popen, int]:
    """The server process and the pid of the process that handles requests."""
    python = sys.executable
    if kind == "gunicorn":
        command = [str(Path(python).with_name("gunicorn")), "xixiang.wsgi:application", "-b", f"127.0.0.1:{port}",
                   "-w", "1", "--timeout", "600"]
    else:
        command = [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        raise RuntimeError("server did not start")
    pid = process.pid
    if kind == "gunicorn":  # the sync worker, not the arbiter, handles the requests
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pid = int(children[0])
    return process, pid


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


class PeakMemory:
    """Resident memory of `pid` before an operation and its peak during it (in MB)."""

    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        self.before = rss_kb(self.pid)
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # reset VmHWM to the current RSS
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.sampled = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.sampled = max(self.sampled, rss_kb(self.pid))

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.sampled, rss_kb(self.pid, "VmHWM") if self.hwm_reset else 0)
        return False

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.before) / 1024

    def describe(self) -> str:
        return (f"RSS before {self.before / 1024:.1f} MB, peak {self.peak / 1024:.1f} MB, "
                f"growth {self.growth_mb:.1f} MB")


class Session:
    """A logged-in browser: session cookie made directly, CSRF token read from the form."""

    def __init__(self, port: int):
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from xixiang.accounts.models import User

        admin = User.objects.get(username="admin")
        store = SessionStore()
        store[SESSION_KEY] = str(admin.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = admin.get_session_auth_hash()
        store.save()
        self.port = port
        self.cookies = {settings.SESSION_COOKIE_NAME: store.session_key}
        page = self.request("GET", "/archives/new/")
        self.csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body=None, headers=None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request(method, path, body=body, headers={"Cookie": self.cookie_header(), **(headers or {})})
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response

    def upload(self, village_code: str, filename: str, size: int) -> tuple[float, str]:
        """Stream a multipart upload of an MP4 of `size` bytes; (seconds, record URL)."""
        from archives.demo_files import mp4_stream

        fields = {"csrfmiddlewaretoken": self.csrf, "village": village_code, "year": "2009", "category": "W3",
                  "medium": "", "title": "推进会录像", "record_date": "2009-06-01", "description": ""}
        head = b"".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                        for k, v in fields.items())
        head += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="uploads"; filename="{filename}"\r\n'
                 f"Content-Type: video/mp4\r\n\r\n").encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()

        def body():
            yield head
            yield from mp4_stream(size)
            yield tail

        started = time.perf_counter()
        response = self.request("POST", "/archives/new/", body=body(), headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(len(head) + size + len(tail))})
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 302:
            raise RuntimeError(f"upload answered {response.status}")
        return elapsed, response.headers["Location"]

    def download(self, path: str) -> tuple[float, int, str]:
        started = time.perf_counter()
        response = self.request("GET", path)
        digest, total = hashlib.sha256(), 0
        while block := response.read(1 << 20):
            digest.update(block)
            total += len(block)
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"download answered {response.status}")
        return elapsed, total, digest.hexdigest()


def streaming_figures(kind: str, size_mb: int, var_dir: Path) -> None:
    from _setup import median_ms

    from archives.models import ArchiveFile
    from villages.models import Village

    size = size_mb * 1024 * 1024
    port = free_port()
    with open(var_dir / "server.log", "wb") as log:
        process, pid = start_server(kind, port, log)
        try:
            session = Session(port)
            matrix_http_ms = median_ms(
                lambda: session.request("GET", "/archives/completeness/?year=2009").read(), runs=15, warmup=2)
            village = Village.objects.order_by("code").first()
            # Warm-up: load every module an upload and a download use, so that the figures
            # below measure the transfer and not first-time imports.
            _seconds, location = session.upload(village.code, "热身.mp4", 1024 * 1024)
            warm = ArchiveFile.objects.get(record_id=int(location.rstrip("/").rsplit("/", 1)[1]))
            session.download(f"/archives/files/{warm.pk}/download/")

            with PeakMemory(pid) as upload_memory:
                upload_seconds, location = session.upload(village.code, "五丰村推进会录像.mp4", size)
            stored = ArchiveFile.objects.get(record_id=int(location.rstrip("/").rsplit("/", 1)[1]))
            with PeakMemory(pid) as download_memory:
                download_seconds, received, digest = session.download(f"/archives/files/{stored.pk}/download/")
            assert (received, digest) == (stored.size, stored.sha256), "download differs from upload"
        finally:
            process.terminate()
            process.wait(timeout=30)
    label = "gunicorn (1 sync worker)" if kind == "gunicorn" else "runserver --noreload"
    print(f"server: {label}, pid {pid}")
    print(f"completeness matrix over HTTP, whole county: median {matrix_http_ms:.1f} ms")
    print(f"file: {size_mb} MB MP4 ({size:,} bytes), SHA-256 checked end to end")
    print(f"upload:   {upload_seconds:.2f} s, {size_mb / upload_seconds:.0f} MB/s; {upload_memory.describe()}")
    print(f"download: {download_seconds:.2f} s, {size_mb / download_seconds:.0f} MB/s; {download_memory.describe()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--keep", action="store_true", help="keep the temporary var/ directory")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="xixiang-bench-archives-"))
    configure_environment(var_dir)
    import django

    django.setup()
    try:
        started = time.perf_counter()
        build_county(records_per_village=10)
        print(f"set-up: {time.perf_counter() - started:.1f} s (temporary var/: {var_dir})")
        matrix_figures()
        streaming_figures(args.server, args.size_mb, var_dir)
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
