"""Signing in and out of the organizer desk."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from meet.admin.forms import LoginForm
from meet.extensions import limiter
from meet.services import accounts


def _local_target(target: str | None) -> str:
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("admin.dashboard")
    return target


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


def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("admin.login"))
