"""``python -m practice``: the database commands (migrate, backup that restores to a working
copy), serve's checks, help and bad input as one clear line.

The main paths run as whole processes, as an administrator or a script runs them; the many
refusals run ``practice.cli.main`` in this process (the same code after start-up: each whole
process costs a second or more of imports), with one whole-process refusal of each kind."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from _site import (
    THERAPIST_PASSWORD,
    clean_env,
    free_port,
    one_line,
    run_cli,
    run_main,
    set_up_practice,
)
from _storage_helpers import new_pg_database

from storage import open_store

NEWEST = sorted(
    p.name.split("_")[0] for p in (Path(__file__).resolve().parents[2] / "storage" / "migrations"
                                   / "versions").glob("0*.py")
)[-1]



@pytest.mark.parametrize(
    ("url", "code", "named"),
    [
        (None, 2, "TRUSTCHECK_DATABASE_URL is not set"),
        ("mysql://someone@localhost/x", 2, ""),
        ("not a url at all", 2, ""),
        ("postgresql+psycopg://nobody@127.0.0.1:{port}/none", 1, "cannot be reached"),
    ],
)
def test_a_missing_bad_or_unreachable_database_gives_one_line(
    url: str | None, code: int, named: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    extra = {} if url is None else {"TRUSTCHECK_DATABASE_URL": url.format(port=free_port())}
    out = tmp_path / "never-written.dump"
    for command in (["migrate"], ["backup", str(out)], ["init", "--practice-name", "P",
                    "--username", "ada", "--display-name", "Ada"]):
        assert named in one_line(run_main(monkeypatch, capsys, *command, env=extra), code)
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_database_as_a_whole_process_exits_1_with_one_line() -> None:
    env = clean_env(TRUSTCHECK_DATABASE_URL=f"postgresql://nobody@127.0.0.1:{free_port()}/x")
    assert "cannot be reached" in one_line(run_cli("migrate", env=env), 1)


def test_bad_command_lines_give_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "COMMAND" in one_line(run_cli(env=clean_env()), 2)
    assert "invalid choice" in one_line(run_main(monkeypatch, capsys, "frobnicate", env={}), 2)
    init = run_main(monkeypatch, capsys, "init", "--practice-name", "X", env={})
    assert "--username" in one_line(init, 2)


def test_migrate_on_an_empty_database_sets_it_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = {"TRUSTCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    done = run_main(monkeypatch, capsys, "migrate", env=fresh)
    assert done.returncode == 0 and f"set up at revision {NEWEST}" in done.stdout


def test_migrate_says_from_which_revision_to_which(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from storage.engine import migrate_to

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        migrate_to(conn, "0004")
    engine.dispose()
    env = clean_env(TRUSTCHECK_DATABASE_URL=url)
    done = run_cli("migrate", env=env)
    assert done.returncode == 0 and f"from revision 0004 to {NEWEST}" in done.stdout, done.stderr
    done = run_cli("migrate", env=env)
    assert done.returncode == 0 and "nothing to do" in done.stdout and NEWEST in done.stdout



def test_a_sqlite_backup_is_private_never_overwrites_and_opens_with_its_accounts(
    practice_env: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "backups" / "practice-copy.sqlite3"
    out.parent.mkdir()
    done = run_cli("backup", str(out), env=practice_env)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no partial left
    before = out.read_bytes()
    again = run_main(monkeypatch, capsys, "backup", str(out), env=practice_env)
    assert "already exists" in one_line(again, 2) and out.read_bytes() == before
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(out, restored)
    with open_store(f"sqlite:///{restored}") as store:
        assert store.practice.sign_in("theo", THERAPIST_PASSWORD).role == "therapist"
    missing = run_main(monkeypatch, capsys, "backup", str(tmp_path / "no" / "x"), env=practice_env)
    assert "does not exist" in one_line(missing, 2)


@pytest.mark.postgres
def test_a_postgresql_backup_restores_with_pg_restore_to_a_working_copy(
    postgres_server: str, tmp_path: Path
) -> None:
    url = new_pg_database(postgres_server)
    env = set_up_practice(url, tmp_path)
    out = tmp_path / "practice.dump"
    done = run_cli("backup", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_bytes()[:5] == b"PGDMP"
    assert THERAPIST_PASSWORD.encode() not in out.read_bytes()
    copy_url = new_pg_database(postgres_server)
    pg_restore = Path(_pg_dump()).with_name("pg_restore")
    plain = copy_url.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run([str(pg_restore), "--no-owner", f"--dbname={plain}", str(out)],
                   check=True, capture_output=True, timeout=120)
    with open_store(copy_url) as store:
        assert store.practice.sign_in("theo", THERAPIST_PASSWORD).display_name == "Theo Okafor"


def _pg_dump() -> str:
    from practice.backup import pg_dump_path

    found = pg_dump_path()
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--port", "0"], "--port 0"),
        (["--port", "70000"], "--port 70000"),
        (["--base-url", "ftp://checkup.example.org"], "--base-url"),
        (["--base-url", "https://user:pw@checkup.example.org"], "--base-url"),
        (["--base-url", "https://checkup.example.org/?x=1"], "--base-url"),
        (["--port", "eighty"], "--port"),
    ],
)
def test_serve_refuses_bad_options_before_starting(
    practice_env: dict[str, str], options: list[str], named: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert named in one_line(run_main(monkeypatch, capsys, "serve", *options, env=practice_env), 2)


def test_serve_refuses_a_database_without_a_practice(sqlite_url: str) -> None:
    done = run_cli("serve", env=clean_env(TRUSTCHECK_DATABASE_URL=sqlite_url), timeout=60)
    assert "practice init" in one_line(done, 2)


@pytest.mark.parametrize("command", ["init", "add-therapist", "migrate", "backup", "serve",
                                     "recover"])
def test_each_command_explains_itself(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_main(monkeypatch, capsys, command, "--help", env={})
    assert done.returncode == 0 and done.stdout.count("usage:") == 1
    assert done.stdout.startswith(f"usage: python -m practice {command} ")
