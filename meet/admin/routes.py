"""Organizer desk routes. Everything but the login page needs a signed-in organizer."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from meet.admin.forms import LoginForm
from meet.extensions import limiter, login_manager
from meet.models import User
from meet.services import accounts
from meet.services.meets import all_meets, rider_counts

bp = Blueprint("admin", __name__, url_prefix="/admin")


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return accounts.get_user(int(user_id)) if user_id.isdigit() else None


def _local_target(target: str | None) -> str:
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("admin.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_local_target(request.args.get("next")))
        form.password.errors.append(_("Wrong username or password."))
    return render_template("admin/login.html", form=form), 200 if not form.errors else 401


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("admin.login"))


@bp.route("/")
@login_required
def dashboard():
    return render_template(
        "admin/dashboard.html", meets=all_meets(), riders=rider_counts(), user=current_user
    )


# Each area of the desk has its own module adding routes to bp.
from meet.admin import checkin, meets, printing, rankings, referees, registrations, results  # noqa: F401
