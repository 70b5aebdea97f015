"""``python -m practice`` accounts: init with its recovery key, add-therapist, recover; passwords
from a terminal (a pseudo-terminal here) or a private file, never without one; hostile names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from _site import (
    ADMIN_PASSWORD,
    THERAPIST_PASSWORD,
    clean_env,
    init_practice,
    one_line,
    run_cli,
    run_main,
    secret_file,
)

from storage import SignInFailed, open_store


def test_init_prints_the_recovery_key_once_and_the_accounts_sign_in(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = clean_env(TRUSTCHECK_DATABASE_URL=sqlite_url)
    done, admin = init_practice(env, tmp_path)
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


def test_recover_gives_a_new_password_and_the_clients_stay_readable(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = clean_env(TRUSTCHECK_DATABASE_URL=sqlite_url)
    done, admin = init_practice(env, tmp_path)
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
