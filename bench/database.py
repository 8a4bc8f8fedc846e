"""The benchmark's own database: named after the scale, dropped and created afresh on every run.

It never touches the developer's database: a database whose name does not contain "bench" is refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from . import BenchError

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duikou_bench_{scale}"


class BenchDatabaseError(BenchError):
    pass


def bench_database_url(*, scale: str, database_url: str | None) -> str:
    """The database URL of this run: ``{scale}`` in it is replaced by the scale's name."""
    url = (database_url or DEFAULT_URL).replace("{scale}", scale)
    name = str(dj_database_url.parse(url)["NAME"])
    if "bench" not in Path(name).name:
        raise BenchDatabaseError(
            f"Refusing to drop and refill {name!r}: the benchmark database's name must contain 'bench' "
            f"(e.g. postgres://postgres@127.0.0.1:5432/duikou_bench_{scale} or sqlite:///bench/results/bench-{scale}.sqlite3)."
        )
    return url


def describe(*, url: str) -> str:
    """The URL without its password, for the report."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def recreate_database(*, url: str) -> None:
    """Drop the benchmark database and create it empty (PostgreSQL: UTF-8, C.UTF-8, from template0)."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise BenchDatabaseError(f"The benchmark runs on PostgreSQL or SQLite, not {config['ENGINE']}.")
    import psycopg
    from psycopg import sql

    connect = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
               "password": config["PASSWORD"] or None, "dbname": "postgres"}
    try:
        conn = psycopg.connect(**{k: v for k, v in connect.items() if v}, autocommit=True)
    except psycopg.OperationalError as exc:
        raise BenchDatabaseError(
            f"Cannot reach PostgreSQL at {describe(url=url)} ({exc}). Start it, or run on SQLite with "
            "--database-url 'sqlite:///bench/results/bench-{scale}.sqlite3'.") from exc
    with conn:
        name = sql.Identifier(config["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0").format(name))


def vendor_of(*, url: str) -> str:
    """The Django vendor name of the URL's database ("postgresql" or "sqlite"), for the results' file name."""
    engine = dj_database_url.parse(url)["ENGINE"]
    return "sqlite" if engine.endswith("sqlite3") else engine.rsplit(".", 1)[-1]
