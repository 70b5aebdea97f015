"""``python -m practice``: set-up with password files, the refusal without a terminal, migrate,
backups that restore to a working copy, and bad input as one clear line.

The main paths run as whole processes, as an administrator or a script runs them; the many
refusals run ``practice.cli.main`` in this process (the same code after start-up: each whole
process costs a second or more of imports), with one whole-process refusal of each kind."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from _site import (
    ADMIN_PASSWORD,
    THERAPIST_PASSWORD,
    clean_env,
    free_port,
    run_cli,
    secret_file,
    set_up_practice,
)
from _storage_helpers import new_pg_database

from practice.cli import main
from storage import SignInFailed, open_store

NEWEST = sorted(
    p.name.split("_")[0] for p in (Path(__file__).resolve().parents[2] / "storage" / "migrations"
                                   / "versions").glob("0*.py")
)[-1]


def one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a refused command (no traceback), after checking the status."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str,
             env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``practice.cli.main(argv)`` in this process with ``env`` as its environment."""
    for name in [n for n in os.environ if n.startswith(("TRUSTCHECK_", "STREAMLIT_"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        if name.startswith("TRUSTCHECK_"):
            monkeypatch.setenv(name, value)
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refusals leave through scoring.cli.start
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(argv), code, out, err)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'practice.sqlite3'}"


@pytest.fixture(scope="module")
def practice_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite practice (administrator ada, therapist theo) for the tests that change
    nothing in it (every process costs about a second of start-up)."""
    folder = tmp_path_factory.mktemp("practice")
    set_up_practice(f"sqlite:///{folder / 'practice.sqlite3'}", folder)
    return folder / "practice.sqlite3"


@pytest.fixture
def practice_env(practice_db: Path) -> dict[str, str]:
    return clean_env(TRUSTCHECK_DATABASE_URL=f"sqlite:///{practice_db}")


def test_init_prints_the_recovery_key_once_and_the_accounts_sign_in(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = clean_env(TRUSTCHECK_DATABASE_URL=sqlite_url)
    admin = secret_file(tmp_path, "admin.pw", ADMIN_PASSWORD)
    done = run_cli("init", "--practice-name", "Harbour Counselling", "--username", "ada",
                   "--display-name", "Ada Admin", "--password-file", str(admin), env=env)
    assert done.returncode == 0, done.stderr
    keys = [word for word in done.stdout.split() if word.startswith("TCRK-")]
    assert len(keys) == 1 and "offline" in done.stdout and ADMIN_PASSWORD not in done.stdout
    again = run_cli("init", "--practice-name", "Other", "--username", "eve",
                    "--display-name", "Eve", "--password-file", str(admin), env=env)
    assert "already holds a practice" in one_line(again, 2)
    therapist = secret_file(tmp_path, "theo.pw", THERAPIST_PASSWORD)
    done = run_cli("add-therapist", "--username", "theo", "--display-name", "Theo Okafor",
                   "--password-file", str(therapist), env=env)
    assert done.returncode == 0 and "theo (therapist)" in done.stdout, done.stderr
    with open_store(sqlite_url) as store:
        theo = store.practice.sign_in("theo", THERAPIST_PASSWORD)
        ada = store.practice.sign_in("ada", ADMIN_PASSWORD)
        assert (theo.role, theo.display_name, ada.role) == ("therapist", "Theo Okafor", "admin")


def test_without_a_terminal_no_password_is_asked_and_nothing_is_added(
    practice_env: dict[str, str], practice_db: Path
) -> None:
    done = run_cli("add-therapist", "--username", "nia", "--display-name", "Nia", env=practice_env)
    assert "--password-file" in one_line(done, 2)
    with open_store(f"sqlite:///{practice_db}") as store:
        admin = store.practice.sign_in("ada", ADMIN_PASSWORD)
        assert "nia" not in {account.username for account in store.practice.accounts(admin)}


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda d: secret_file(d, "open.pw", THERAPIST_PASSWORD, mode=0o644), "mode 0644"),
        (lambda d: secret_file(d, "group.pw", THERAPIST_PASSWORD, mode=0o640), "mode 0640"),
        (lambda d: d / "absent.pw", "no such file"),
        (lambda d: secret_file(d, "empty.pw", ""), "holds no password"),
        (lambda d: secret_file(d, "short.pw", "tiny"), "at least 12"),
        (lambda d: _raw(d, "latin1.pw", "contraseña segura".encode("latin-1")), "not UTF-8"),
        (lambda d: _raw(d, "huge.pw", b"x" * 100_000), "larger than"),
        (lambda d: _folder(d), "not a regular file"),
    ],
)
def test_a_bad_password_file_is_refused_naming_it(
    practice_env: dict[str, str], tmp_path: Path, make, named: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    path = make(tmp_path)
    done = run_main(monkeypatch, capsys, "add-therapist", "--username", "nia", "--display-name",
                    "Nia", "--password-file", str(path), env=practice_env)
    line = one_line(done, 2)
    assert named in line
    assert THERAPIST_PASSWORD not in line


def _raw(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "a-folder"
    path.mkdir(mode=0o700)
    return path


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
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    import storage.migrations

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    config = Config()
    config.set_main_option("script_location", str(Path(storage.migrations.__file__).parent))
    config.set_main_option("path_separator", "os")
    engine = create_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
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


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--practice-name", "Harbour " * 20_000, "name"),
        ("--username", "ada\nroot", "username"),
        ("--username", "a" * 5_000, "username"),
        ("--display-name", "\x00Ada", "display_name"),
    ],
)
def test_hostile_names_are_refused_by_name_and_nothing_is_set_up(
    sqlite_url: str, tmp_path: Path, option: str, value: str, named: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    values = {"--practice-name": "Harbour", "--username": "ada", "--display-name": "Ada"}
    values[option] = value
    admin = secret_file(tmp_path, "admin.pw", ADMIN_PASSWORD)
    argv = ["init", *(part for pair in values.items() for part in pair), "--password-file",
            str(admin)]
    line = one_line(run_main(monkeypatch, capsys, *argv,
                             env={"TRUSTCHECK_DATABASE_URL": sqlite_url}), 2)
    assert line.startswith(f"error: {named}") and len(line) < 300
    with open_store(sqlite_url) as store:
        assert not store.practice.exists()


def _converse(fd: int, turns: list[tuple[str, str]], seconds: float = 90) -> str:
    """Answer each prompt (seen in the terminal's output) with its line; the transcript."""
    import select
    import time

    transcript = ""
    deadline = time.monotonic() + seconds
    for prompt, answer in turns:
        while prompt not in transcript:
            assert time.monotonic() < deadline, f"no prompt {prompt!r} in {transcript!r}"
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                transcript += os.read(fd, 4096).decode("utf-8", "replace")
        transcript = transcript.replace(prompt, f"<{prompt.strip()}>", 1)
        os.write(fd, answer.encode() + b"\n")
    while True:  # the rest, until the command ends and the terminal closes
        assert time.monotonic() < deadline, transcript
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other side is closed
            return transcript
        if not chunk:
            return transcript
        transcript += chunk.decode("utf-8", "replace")


def test_on_a_terminal_the_new_password_is_asked_twice_and_never_shown(
    practice_env: dict[str, str], practice_db: Path
) -> None:
    import pty

    secret = "a long quiet passphrase"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the pseudo-terminal as its terminal
        os.chdir(Path(__file__).resolve().parents[2])
        argv = [sys.executable, "-m", "practice", "add-therapist", "--username", "rosa",
                "--display-name", "Rosa"]
        os.execve(argv[0], argv, practice_env)
    transcript = _converse(fd, [
        ("New password for rosa: ", secret),
        ("The same password again: ", "something else entirely"),
        ("New password for rosa: ", secret),
        ("The same password again: ", secret),
    ])
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, transcript
    assert "differ" in transcript and "rosa (therapist)" in transcript
    assert secret not in transcript and "something else" not in transcript  # no echo
    with open_store(f"sqlite:///{practice_db}") as store:
        assert store.practice.sign_in("rosa", secret).display_name == "Rosa"


@pytest.mark.parametrize("command", ["init", "add-therapist", "migrate", "backup", "serve",
                                     "recover"])
def test_each_command_explains_itself(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_main(monkeypatch, capsys, command, "--help", env={})
    assert done.returncode == 0 and done.stdout.count("usage:") == 1
    assert done.stdout.startswith(f"usage: python -m practice {command} ")


def test_recover_gives_a_new_password_and_the_clients_stay_readable(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = clean_env(TRUSTCHECK_DATABASE_URL=sqlite_url)
    admin = secret_file(tmp_path, "admin.pw", ADMIN_PASSWORD)
    done = run_cli("init", "--practice-name", "Harbour", "--username", "ada", "--display-name",
                   "Ada", "--password-file", str(admin), env=env)
    key = next(word for word in done.stdout.split() if word.startswith("TCRK-"))
    with open_store(sqlite_url) as store:
        store.practice.add_account("theo", THERAPIST_PASSWORD, "Theo")
        theo = store.practice.sign_in("theo", THERAPIST_PASSWORD)
        store.practice.create_client(theo, "Client R-7")
    new = secret_file(tmp_path, "new.pw", "a brand new passphrase")
    wrong = secret_file(tmp_path, "wrong.key", key[:-7] + ("AAAAA-A" if key[-7:] != "AAAAA-A"
                                                           else "BBBBB-B"))
    refused = run_cli("recover", "--username", "theo", "--admin", "ada", "--admin-password-file",
                      str(admin), "--recovery-key-file", str(wrong), "--password-file", str(new),
                      env=env)
    assert "recovery key" in one_line(refused, 2).lower()
    right = secret_file(tmp_path, "right.key", key)
    done = run_cli("recover", "--username", "theo", "--admin", "ada", "--admin-password-file",
                   str(admin), "--recovery-key-file", str(right), "--password-file", str(new),
                   env=env)
    assert done.returncode == 0 and "theo has a new password" in done.stdout, done.stderr
    with open_store(sqlite_url) as store:
        theo = store.practice.sign_in("theo", "a brand new passphrase")
        assert [c.label for c in store.practice.clients(theo)] == ["Client R-7"]
        with pytest.raises(SignInFailed):
            store.practice.sign_in("theo", THERAPIST_PASSWORD)
    nobody = run_cli("recover", "--username", "nia", "--admin", "ada", "--admin-password-file",
                     str(admin), "--recovery-key-file", str(right), "--password-file", str(new),
                     env=env)
    assert "no account nia" in one_line(nobody, 2)
