"""An import killed midway (the process gone, SIGKILL) leaves no partial rows: the commit is one transaction.

A separate process, on a database of its own (a SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), migrates, previews a file of 30 projects and commits it; each project takes a moment, and after
the tenth the process reports and is killed. The database then holds none of them."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r'''
import os, sys, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from duikou.accounts.models import Organisation, RoleGrant, User
from duikou.imports import services
from duikou.imports.tests.helpers import PROJECT_HEADERS, project_row, xlsx_upload
from duikou.projects import services as project_services
from duikou.projects.models import Project

Organisation.objects.create(name="哈尔滨某产业园", region_id="230100", kind="park")
user = User.objects.create(username="shenzhen", organisation=Organisation.objects.create(
    name="深圳协调办", region_id="440300", kind="government"), must_change_password=False)
RoleGrant.objects.create(user=user, role="coordinator", region_id="440300")
batch = services.import_batch_create(user=user, kind="projects",
                                     upload=xlsx_upload(PROJECT_HEADERS, [project_row(f"项目{i}") for i in range(30)]))
assert not batch.errors, batch.errors
real = project_services.project_create

def slow(**kwargs):
    project = real(**kwargs)
    if Project.objects.count() == 10:  # inside the commit's transaction: its own ten rows
        Path(os.environ["FLAG"]).write_text("10")
        time.sleep(120)
    return project

from pathlib import Path
project_services.project_create = slow
services.import_batch_commit(user=user, batch=batch)
print("committed")
'''


def _postgres(url: str):
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_killtest"
    connect = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
               "password": config["PASSWORD"] or None, "autocommit": True}
    with psycopg.connect(dbname="postgres", **connect) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8'").format(
            sql.Identifier(name)))
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/{name}", name, connect


def test_a_commit_killed_midway_leaves_nothing(tmp_path):
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    if postgres:
        url, name, connect = _postgres(database_url)
    else:
        url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    flag = tmp_path / "flag"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DUIKOU_")}
    env.update(DJANGO_SETTINGS_MODULE="duikou.settings", DATABASE_URL=url, DUIKOU_DATA_DIR=str(tmp_path),
               FLAG=str(flag), PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            if process.poll() is not None:
                pytest.fail(f"the import process ended early:\n{process.stdout.read().decode()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the import process did not reach its tenth row")
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    query = "SELECT (SELECT COUNT(*) FROM projects_project), (SELECT status FROM imports_importbatch)"
    if postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(dbname=name, **connect) as conn:
            counted = conn.execute(query).fetchone()
        with psycopg.connect(dbname="postgres", **connect) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    else:
        with sqlite3.connect(tmp_path / "killed.sqlite3") as conn:
            counted = conn.execute(query).fetchone()
    assert counted == (0, "previewed")
