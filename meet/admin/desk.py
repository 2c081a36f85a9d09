"""What the desk's views share: who the audit log names for a change, and a form page's status."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user

# A form page whose input was refused answers 422, so scripts and tests can tell.
REFUSED = 422


def organizer() -> dict[str, Any]:
    """Who the audit log names for a change to a meet, an event or a referee access."""
    return {"actor": current_user.username, "user_id": current_user.id}


def desk_actor() -> str:
    """Who the audit log names for a registration, a withdrawal or a check-in at the desk."""
    return f"organizer:{current_user.username}"


def form_page(template: str, form: Any, problems: list[str] | None = None, **context: Any):
    """A form page: REFUSED when something typed was refused."""
    status = REFUSED if form.errors or problems else 200
    return render_template(template, form=form, problems=problems or [], **context), status
