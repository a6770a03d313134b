"""CI: the application in production mode, as the county server runs it.

DJANGO_DEBUG=0 with a secret key and allowed hosts, the manifest static storage after
`collectstatic`, `check --deploy`, then gunicorn with deploy/gunicorn.conf.py behind a proxy
header (X-Forwarded-Proto: https, what nginx sets): the login page, a signed-in page, a
search by ID number, a 404 naming an ID number and a static file answer as they should, a
plain-HTTP request is redirected to HTTPS, and no full ID number reaches gunicorn's logs.

Run from the project directory: `.venv/bin/python .ci/production_check.py` (DATABASE_URL is
used if set, else a SQLite file in a temporary folder). Exits non-zero on the first failure.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PYTHON = sys.executable
ID_NUMBER = "610724197101011236"  # valid check character; the search and the 404 below carry it
PASSWORD = "Prod-check-2026!"


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="xixiang-prod-"))
    env = production_env(var)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    manage(env, "shell", "--no-imports", "-c", "from xixiang.accounts.models import User; "
           f"User.objects.create_user('prodcheck', password='{PASSWORD}', role='admin')")
    port = free_port()
    logs = var / "gunicorn.log"
    with open(logs, "wb") as log:
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "xixiang.wsgi"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port)
        exercise(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    check_logs(logs.read_text())
    print("production check: passed")


def production_env(var: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "XIXIANG_"))}
    env.update({
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "production-check-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "XIXIANG_VAR_DIR": str(var),
        "DJANGO_TASKS_BACKEND": "db",
        "DJANGO_LOG_LEVEL": "WARNING",
    })
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'xixiang.sqlite3'}")
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class BehindTheProxy(http.cookiejar.DefaultCookiePolicy):
    """Send the Secure cookies over the loopback's plain HTTP, as nginx does after TLS ends."""

    def return_ok_secure(self, cookie, request):
        return True


def exercise(base: str) -> None:
    jar = http.cookiejar.CookieJar(policy=BehindTheProxy())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    proxied = {"X-Forwarded-Proto": "https"}

    def get(path: str, headers=proxied) -> tuple[int, dict, str]:
        try:
            with opener.open(urllib.request.Request(base + path, headers=headers), timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    status, headers, _ = get("/accounts/login/", headers={})
    expect(status == 301 and headers["Location"].startswith("https://"), f"plain HTTP: {status} {headers}")

    status, headers, page = get("/accounts/login/")
    expect(status == 200 and "登录" in page, f"login page: {status}")
    expect("max-age=" in headers.get("Strict-Transport-Security", ""), "HSTS header missing")
    css = re.search(r'href="(/static/vendor/bootstrap-[^"]+\.css)"', page)
    expect(css and re.search(r"\.[0-9a-f]{12}\.css$", css[1]), f"manifest (hashed) static URL missing: {css}")
    status, headers, _ = get(css[1])
    expect(status == 200 and "max-age=315360000" in headers.get("Cache-Control", ""), f"static file: {status}")

    token = next(c.value for c in jar if c.name == "csrftoken")
    host = urllib.parse.urlsplit(base).netloc
    form = urllib.parse.urlencode({"username": "prodcheck", "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(base + "/accounts/login/", data=form.encode(), headers={
        **proxied, "Referer": f"https://{host}/accounts/login/", "Origin": f"https://{host}",
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        opener.open(request, timeout=30)
        raise SystemExit("login did not redirect")
    except urllib.error.HTTPError as error:
        expect(error.code == 302 and error.headers["Location"] == "/", f"login: {error.code}")

    status, headers, page = get("/households/")
    expect(status == 200 and headers.get("Cache-Control") == "no-store", f"signed-in page: {status} {headers}")
    status, _, _ = get(f"/households/?q={ID_NUMBER}")
    expect(status == 200, f"search by ID number: {status}")
    status, _, _ = get(f"/households/{ID_NUMBER}/")
    expect(status == 404, f"unknown household: {status}")
    status, _, _ = get("/households/%00/")
    expect(status == 404, f"NUL byte: {status}")


def check_logs(text: str) -> None:
    expect(ID_NUMBER not in text, "a full ID number reached gunicorn's logs:\n" + text)
    expect('"GET /households/ HTTP/1.1" 200' in text, "the search is missing from the access log:\n" + text)
    expect("610724********1236" in text, "the masked 404 warning is missing from the error log:\n" + text)


def expect(condition, message: str) -> None:
    if not condition:
        raise SystemExit("production check failed: " + message)


if __name__ == "__main__":
    main()
