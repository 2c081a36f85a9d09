"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from meet import create_app

app = create_app()
