"""Wiring of the web app: extensions, blueprints, language, security headers, errors, health."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes, urlsplit

from flask import Flask, Response, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from jinja2 import ChoiceLoader, PrefixLoader
from sqlalchemy import text
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from meet import sqlite
from meet.config import LANGUAGES
from meet.extensions import babel, csrf, db, limiter, login_manager, migrate
from meet.labels import template_helpers
from meet.models import User
from meet.services import accounts
from meet.web_helpers import LANG_COOKIE, reads_first, select_locale

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    if app.config.get("MEET_PROXY_COUNT"):
        count = app.config["MEET_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    app.before_request(_refuse_unreadable_text)  # first: before the CSRF check parses the form
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "admin.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    with app.app_context():
        sqlite.configure(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from meet import cli
    from meet.admin.blueprint import bp as admin_bp
    from meet.api.blueprint import bp as api_bp
    from meet.board.blueprint import bp as board_bp
    from meet.referee.blueprint import bp as referee_bp
    from meet.register.blueprint import bp as register_bp
    from meet.sports import assets as sport_assets

    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PrefixLoader({"sports": sport_assets.template_loader()})]
    )
    for blueprint in (register_bp, referee_bp, board_bp, admin_bp, api_bp, sport_assets.bp):
        app.register_blueprint(blueprint)
    cli.init_app(app)

    # A url_value_preprocessor, so that it runs before the blueprints' own, which read the meet.
    app.url_value_preprocessor(_choose_transaction_mode)
    app.teardown_request(_reset_transaction_mode)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)

    # Globals, not a context processor: macros imported by a template see them too.
    app.jinja_env.globals.update(template_helpers())

    @app.context_processor
    def _language_choice() -> dict:
        return {"languages": LANGUAGES, "current_locale": select_locale()}

    app.add_url_rule("/healthz", "healthz", _healthz)
    app.add_url_rule("/lang/<code>", "set_language", _set_language)
    limiter.exempt(app.view_functions["healthz"])
    limiter.exempt(app.view_functions["static"])


def _unreadable(encoded: bytes) -> bool:
    """Whether URL-encoded text holds bytes that are not UTF-8, or a NUL (which PostgreSQL cannot
    store): never what a person typed. Werkzeug would pass the first on as "%FF" text."""
    try:
        return "\x00" in unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return True


def _refuse_unreadable_text():
    """A query string or posted form holding unreadable text gets a 400 before anything reads it
    (it runs before the CSRF check, which parses the form): otherwise it would be stored garbled,
    or fail in the database as a server error."""
    unreadable = _unreadable(request.query_string)
    if request.mimetype == "application/x-www-form-urlencoded":
        unreadable = unreadable or _unreadable(request.get_data(cache=True))
    elif request.mimetype == "multipart/form-data":
        texts = [text for field in request.form.items(multi=True) for text in field]
        unreadable = unreadable or any("\x00" in text or "\ufffd" in text for text in texts)
    if not unreadable:
        return None
    message = _("What was sent holds characters that are not text. Please type it again.")
    if wants_json():
        return jsonify(error="unreadable_text", message=message), 400
    return render_template("error.html", error=BadRequest(), message=message), 400


def _load_user(user_id: str) -> User | None:
    return accounts.get_user(int(user_id)) if user_id.isdigit() else None


def _choose_transaction_mode(endpoint: str | None, _values: dict | None) -> None:
    """How this request's transactions begin on SQLite, decided before anything reads: deferred
    for safe methods and for views marked reads_until_the_lock, with the write lock otherwise."""
    view = current_app.view_functions.get(endpoint or "")
    read_only = request.method in SAFE_METHODS or reads_first(view)
    request.environ["meet.sqlite_mode"] = sqlite.set_read_only(read_only)


def _reset_transaction_mode(_exc: BaseException | None) -> None:
    token = request.environ.pop("meet.sqlite_mode", None)
    if token is not None:
        sqlite.reset_mode(token)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Rider and referee URLs carry their keys; never leak them to another page.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _http_error(error: HTTPException):
    # Keep the headers the error carries: a 405 must say which methods are allowed (Allow).
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if wants_json():
        code = (error.name or "error").lower().replace(" ", "_")
        return jsonify(error=code, message=error.description or error.name), error.code, headers
    return render_template("error.html", error=error), error.code, headers


def _csrf_error(error: CSRFError):
    message = _("This form has expired or was not sent from this site. Please try again.")
    if wants_json():
        return jsonify(error="csrf", message=message), 400
    return render_template("error.html", error=error, message=message), 400


def _healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure makes the process unhealthy
        db.session.rollback()
        return jsonify(status="error"), 503
    return jsonify(status="ok")


def _set_language(code: str):
    target = request.args.get("next") or "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = url_for("register.index")
    response = redirect(target)
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response
