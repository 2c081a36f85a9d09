"""`flask meet ...`: demo data, organizer accounts, referee accesses, backups."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from meet.extensions import db
from meet.models import Meet
from meet.services import accounts, backup, demo, referees

meet_cli = AppGroup("meet", help="Run and look after a mobile sports meet.")


def init_app(app: Flask) -> None:
    app.cli.add_command(meet_cli)


@meet_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Load the demo meet only when there is no meet yet.")
def demo_command(if_empty: bool) -> None:
    """Load the demo meet (a second call changes nothing) and print the organizer login."""
    if if_empty and db.session.scalar(select(Meet.id).limit(1)) is not None:
        click.echo("The database already holds meets; the demo meet was not loaded.")
    else:
        meet, created = demo.load_demo_meet()
        click.echo(("Loaded" if created else "Already there:") + f" {meet.name} (/m/{meet.slug}/)")
    password = demo.ensure_demo_organizer(current_app.config.get("MEET_ADMIN_PASSWORD"))
    base = current_app.config["MEET_PUBLIC_URL"]
    click.echo(f"Organizer login: {base}/admin/  user: {demo.DEMO_ADMIN}  password: {password}")


@meet_cli.command("create-admin")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_command(username: str, password: str) -> None:
    """Make an organizer account (or set its password)."""
    try:
        accounts.set_organizer_password(username, password)
    except accounts.AccountError as error:
        raise click.ClickException(
            {"password_too_short": "The password needs at least 8 characters."}.get(
                str(error), str(error)
            )
        ) from error
    click.echo(f"Organizer account {username} is ready.")


@meet_cli.command("referee")
@click.argument("slug")
@click.option("--event", "event_ids", type=int, multiple=True, help="An event id (repeatable).")
@click.option("--name", default="", help="Who holds this access, e.g. 'Plank tablet 1'.")
def referee_command(slug: str, event_ids: tuple[int, ...], name: str) -> None:
    """Make a referee access for the meet (all its events when no --event)."""
    meet = db.session.scalar(select(Meet).where(Meet.slug == slug))
    if meet is None:
        raise click.ClickException(f"No meet with the slug {slug!r}.")
    try:
        _access, token, pin = referees.create_referee_access(
            meet, list(event_ids), name, actor="cli"
        )
    except referees.RefereeAccessError as error:
        raise click.ClickException(str(error)) from error
    base = current_app.config["MEET_PUBLIC_URL"]
    click.echo(f"Tablet link: {base}/ref/{token}")
    click.echo(f"API token:   {token}")
    click.echo(f"PIN:         {pin}")


@meet_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH while the server runs."""
    try:
        backup.backup_database(db.engine, path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {path}")
