"""What `salonkeep createbusiness` and `salonkeep createuser` share: reading passwords
safely, asking for missing values at a terminal, and turning form errors into messages
that name the command-line option to fix."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.core.management.base import CommandError, DjangoHelpFormatter

ACTOR = "command line"
PASSWORD_TRIES = 3
PASSWORD_FIELDS = ("password", "password_again")


class ExamplesHelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's help layout, keeping the line breaks of the description and examples."""


def add_asking_arguments(parser: argparse.ArgumentParser, password_option: str, whose: str) -> None:
    """The options every command that creates a login shares: where the password comes
    from, and whether it may ask at the terminal."""
    parser.add_argument(
        password_option,
        metavar="FILE",
        help=f"Read {whose} password from the first line of FILE (- for standard input). "
        "Without it, the password is asked for twice at the terminal.",
    )
    parser.add_argument(
        "--no-input",
        action="store_false",
        dest="interactive",
        help="Never ask: fail with a message if a value is missing.",
    )


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_password_file(path: str) -> str:
    """The first line of a file (or of standard input for "-"), without its line ending.

    A file keeps the password out of the shell history and the process list."""
    try:
        if path == "-":
            line = sys.stdin.readline()
        else:
            with Path(path).open(encoding="utf-8") as handle:
                line = handle.readline()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read the password file {path}: {error}") from None
    password = line.rstrip("\r\n")
    if not password:
        raise CommandError(
            f"The password file {path} is empty: put the password on its first line."
        )
    return password


def prompt_new_password(whose: str, problems: Callable[[str], list[str]]) -> str:
    """Ask twice without echoing, until the two match and ``problems`` (the password
    rules) has nothing to say; a few tries, then give up."""
    for _attempt in range(PASSWORD_TRIES):
        first = getpass.getpass(f"Password for {whose}: ")
        if not first:
            sys.stderr.write("The password cannot be empty.\n")
            continue
        if first != getpass.getpass("The same password again: "):
            sys.stderr.write("The two passwords differ. Try again.\n")
            continue
        found = problems(first)
        if not found:
            return first
        sys.stderr.write("\n".join(found) + "\nTry another password.\n")
    raise CommandError(f"No password set after {PASSWORD_TRIES} tries.")


def ask(question: str, default: str = "") -> str:
    shown = f"{question} [{default}]: " if default else f"{question}: "
    try:
        answer = input(shown).strip()
    except EOFError:
        raise CommandError(f"No answer to “{question}”.") from None
    return answer or default


def value_or_ask(
    value: str | None, option: str, question: str, *, interactive: bool, default: str = ""
) -> str:
    """An option's value; at a terminal a missing one is asked for, elsewhere it is an
    error that names the option."""
    if value is not None and value.strip():
        return value.strip()
    if interactive:
        answer = ask(question, default)
        if answer:
            return answer
    if default:
        return default
    raise CommandError(f"{option} is required.")


def password_problems(form: forms.Form) -> list[str]:
    """The form's complaints about the password (the rest was checked before asking)."""
    form.is_valid()
    return [str(error) for field in PASSWORD_FIELDS for error in form.errors.get(field, [])]


def form_errors(form: forms.Form, options: dict[str, str], skip: set[str] | None = None) -> str:
    """Every error of ``form`` on its own line, prefixed with the option to fix."""
    lines = []
    for field, errors in form.errors.items():
        if skip and field in skip:
            continue
        where = options.get(field, "")
        for error in errors:
            lines.append(f"{where}: {error}" if where else str(error))
    return "\n".join(lines)
