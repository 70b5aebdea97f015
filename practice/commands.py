"""What each command does, once its arguments are parsed; each returns the exit status (0).

Errors are raised (``CliError``, ``StorageError``) and turned into one line by ``practice.cli``.
A command checks everything it can before asking for a password, so nobody types a password
for a command that was going to fail anyway.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping

from locales import Catalogue
from practice import passwords
from practice.backup import backup
from practice.database import database_url, upgrade
from practice.errors import CliError
from practice.launch import plan, run
from storage import Store, open_store

Command = Callable[[Catalogue, argparse.Namespace, Mapping[str, str]], int]
ROLE_WORDS = {"therapist": "cli.practice.role.therapist", "admin": "cli.practice.role.admin"}


def _open(environ: Mapping[str, str]) -> Store:
    """The practice's store (the schema is created or upgraded on open, as in the app)."""
    return open_store(database_url(environ))


def init(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Create the practice and its first administrator; print the recovery key once."""
    with _open(environ) as store:
        if store.practice.exists():
            raise CliError("cli.practice.init.already")
        password = passwords.new_password(cat, args.username, args.password_file)
        key = store.practice.init(args.practice_name, args.username, password, args.display_name)
    print(cat.text("cli.practice.init.done", name=args.practice_name, username=args.username))
    print()
    print(cat.text("cli.practice.init.key_heading"))
    print()
    print(f"    {key.text}")
    print()
    print(cat.text("cli.practice.init.key_advice"))
    return 0


def add_therapist(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Add a therapist (or, with ``--admin``, an administrator) account."""
    role = "admin" if args.admin else "therapist"
    with _open(environ) as store:
        if not store.practice.exists():
            raise CliError("cli.practice.error.no_practice")
        password = passwords.new_password(cat, args.username, args.password_file)
        store.practice.add_account(args.username, password, args.display_name, role=role)
    role_word = cat.text(ROLE_WORDS[role])
    print(cat.text("cli.practice.add.done", username=args.username, role=role_word))
    return 0


def migrate(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Upgrade the schema; say from which revision to which."""
    done = upgrade(database_url(environ))
    print(cat.text(done.message_id, before=done.before, after=done.after))
    return 0


def write_backup(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Write the consistent copy to ``OUT``."""
    size = backup(database_url(environ), args.out)
    print(cat.text("cli.practice.backup.done", path=str(args.out), kib=max(1, size // 1024)))
    return 0


def serve(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Check the database and the practice, then become the app's server (never returns)."""
    launch = plan(args.address, args.port, args.base_url, environ)
    with _open(environ) as store:
        if not store.practice.exists():
            raise CliError("cli.practice.error.no_practice")
    shown = args.base_url or f"http://{args.address}:{args.port}"
    print(cat.text("cli.practice.serve.starting", url=shown), file=sys.stderr)
    run(launch)
    return 0  # not reached: run() replaces this process


def recover(cat: Catalogue, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Give an account a new password and key pair with the practice's recovery key.

    Two things are needed, as for a safe with two keys: an administrator's sign-in (who finds
    the account, as on the admin page) and the recovery key (which re-seals its data).
    """
    with _open(environ) as store:
        if not store.practice.exists():
            raise CliError("cli.practice.error.no_practice")
        admin_password = passwords.password(cat, args.admin, args.admin_password_file)
        admin = store.practice.sign_in(args.admin, admin_password)
        found = [a for a in store.practice.accounts(admin) if a.username == args.username]
        if not found:
            raise CliError("cli.practice.recover.no_account", username=args.username)
        key = passwords.recovery_key(cat, args.recovery_key_file)
        password = passwords.new_password(cat, args.username, args.password_file)
        store.practice.recover(key, found[0].account_id, password)
    print(cat.text("cli.practice.recover.done", username=args.username))
    return 0


COMMANDS: Mapping[str, Command] = {
    "init": init,
    "add-therapist": add_therapist,
    "migrate": migrate,
    "backup": write_backup,
    "serve": serve,
    "recover": recover,
}
