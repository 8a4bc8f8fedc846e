"""Browser tests: Playwright drives Debian's Chromium against a real Duikou server with the demo data.

Why a subprocess and not pytest-django's ``live_server``: the audit table's triggers forbid DELETE and
TRUNCATE, so a fixture that flushes tables cannot run. The session starts ``manage.py runserver`` on a free
localhost port against a database of its own, loaded with ``migrate`` and ``demo``:

- SQLite (the default): a file in a temporary directory;
- PostgreSQL (``DATABASE_URL=postgres://…/name``): a database ``name_e2e``, dropped and created afresh.

The tests touch no database themselves; they see the platform only through the browser, as a user does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "Duikou-Demo-2017"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SERVER_START_TIMEOUT = 30  # seconds


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


# --- the browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's Chromium. Missing: the tests are skipped on a workstation but fail in CI."""
    if not os.access(CHROMIUM, os.X_OK):
        reason = (f"{CHROMIUM} is missing: install it with `apt-get install -y chromium fonts-noto-cjk` "
                  "(never `playwright install`)")
        if _in_ci():
            pytest.fail(f"CI is set and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    return {**browser_type_launch_args, "executable_path": chromium_executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    return {**browser_context_args, "base_url": base_url, "locale": "zh-CN",
            "viewport": {"width": 1366, "height": 900}}


# --- the server ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_e2e_database(url: str) -> tuple[str, dict]:
    """Drop and create ``<name>_e2e`` next to the test run's database; return its URL and connect kwargs."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_e2e"
    connect = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
               "password": config["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**connect) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8'").format(
            sql.Identifier(name)))
    scheme, rest = url.split("://", 1)
    authority = rest.split("/", 1)[0]
    query = "?" + url.split("?", 1)[1] if "?" in url else ""
    return f"{scheme}://{authority}/{name}{query}", connect | {"name": name}


def _drop_postgres_database(connect: dict) -> None:
    import psycopg
    from psycopg import sql

    name = connect.pop("name")
    with psycopg.connect(**connect) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _run(args: list[str], env: dict, log: Path) -> None:
    with log.open("a") as out:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, timeout=300)
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{log.read_text()[-3000:]}", pytrace=False)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server exited with {process.returncode}:\n{log.read_text()[-3000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"The server did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}",
                pytrace=False)


SERVER: dict = {}  # the running server's environment and log, for ``e2e_manage``


@pytest.fixture(scope="session")
def e2e_server(chromium_executable):
    """A real Duikou server with the demo data, on a free port, for the whole session; its URL."""
    workdir = Path(tempfile.mkdtemp(prefix="duikou-e2e-"))
    log = workdir / "server.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DUIKOU_")}
    env.update(DJANGO_SETTINGS_MODULE="tests.e2e.e2e_settings", DUIKOU_DATA_DIR=str(workdir),
               DUIKOU_DEBUG="0", DUIKOU_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = None
    if database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        env["DATABASE_URL"], postgres = _postgres_e2e_database(database_url)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'e2e.sqlite3'}"
    _run(["migrate", "--noinput"], env, log)
    _run(["demo"], env, log)
    SERVER["env"], SERVER["log"] = env, log
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if postgres is not None:
            _drop_postgres_database(postgres)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def e2e_manage(e2e_server):
    """Run a management command against the e2e server's database (a scheduled job, or time passing)."""

    def manage(*args: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=SERVER["env"],
                                capture_output=True, text=True, timeout=300)
        if result.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}",
                        pytrace=False)
        return result.stdout

    return manage


@pytest.fixture(scope="session")
def base_url(e2e_server):
    """``page.goto("/work/")`` goes to the e2e server (pytest-base-url's fixture, overridden)."""
    return e2e_server


# --- per test: JavaScript errors fail the test ---------------------------------------------------------


class BrowserErrors:
    """Console errors and uncaught exceptions of a page; ``allow(fragment)`` for an expected one."""

    def __init__(self):
        self.seen: list[str] = []
        self.allowed: list[str] = []

    def allow(self, fragment: str) -> None:
        self.allowed.append(fragment)

    def unexpected(self) -> list[str]:
        return [e for e in self.seen if not any(fragment in e for fragment in self.allowed)]


@pytest.fixture(autouse=True)
def browser_errors(page):
    errors = BrowserErrors()
    page.on("console", lambda msg: msg.type == "error" and errors.seen.append(
        f"console error: {msg.text} at {msg.location.get('url', '')}"))
    page.on("pageerror", lambda exc: errors.seen.append(f"uncaught exception: {exc}"))
    yield errors
    unexpected = errors.unexpected()
    if unexpected:
        pytest.fail("The browser reported errors:\n" + "\n".join(unexpected), pytrace=False)


# --- helpers used by the tests -------------------------------------------------------------------------


class Session:
    """Logging in and out through the pages, as a user does."""

    def __init__(self, page):
        self.page = page

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        page = self.page
        page.goto("/work/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("form button[type=submit]").click()

    def logout(self) -> None:
        page = self.page
        page.locator("#user-menu").click()
        with page.expect_navigation():
            page.locator("#logout-button").click()

    def login_as(self, username: str) -> None:
        """Log in, logging out first whoever is logged in; then assert the workbench is shown."""
        if self.page.locator("#user-menu").count():
            self.logout()
        self.login(username)
        assert self.page.url.rstrip("/").endswith("/work"), f"{username} did not reach the workbench: {self.page.url}"


@pytest.fixture
def session(page):
    return Session(page)


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
