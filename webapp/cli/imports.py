"""Running an import from the command line: commit on success and print its summary; on a refused
file print each problem and write nothing."""

from __future__ import annotations

from collections.abc import Callable

import click

from webapp.errors import DomainError
from webapp.extensions import db
from webapp.spreadsheets import ImportRefused


def run_import(do: Callable[[], object]) -> None:
    """`do()` imports and returns a result with a `summary` line."""
    try:
        result = do()
    except ImportRefused as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{error.heading}。") from error
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(result.summary)
