"""The one place that renders PDFs: templates in templates/print/ laid out by WeasyPrint, with a
URL fetcher that reads only data: URLs and the app's own static files; large batches on a pool of
forked workers."""

from __future__ import annotations

import logging
import math
import mimetypes
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from pypdf import PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

# A batch smaller than this renders in the calling process: starting a worker costs more.
PARALLEL_FROM_PAGES = 100
# Pages per WeasyPrint document in a batch: bounds each worker's memory (about 1 MB a page while
# a document is laid out) and keeps both cores busy to the end.
CHUNK_PAGES = 125
WORKERS = 2


class RefusedURL(ValueError):
    """A print template asked for something outside data: URLs and the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, locked down: data: URLs and files under the static folder only.

    Everything else (other files, http, ftp) is refused and remembered in `refused`, so a name
    like `<img src="file:///etc/passwd">` that slipped past escaping would still read nothing."""

    def __init__(self, static_folder: str | Path) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = Path(static_folder).resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        self.refused.append(url)
        log.warning("print: refused to fetch %s", url)
        raise RefusedURL(url)


def html_to_pdf(
    html: str, static_folder: str | Path, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """WeasyPrint on one HTML document; relative URLs resolve inside the static folder."""
    fetcher = fetcher or StaticOnlyFetcher(static_folder)
    base_url = Path(static_folder).resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())


def render_pdf(template: str, **context: Any) -> bytes:
    """One print template to a PDF, in this process."""
    html = render_template(f"print/{template}", **context)
    return html_to_pdf(html, current_app.static_folder)


def render_batch_pdf(template: str, items: Sequence[Any], *, per_page: int = 1, **context) -> bytes:
    """A template that prints `items` (one page per `per_page` of them) to one PDF.

    A large batch is cut into documents of at most CHUNK_PAGES pages, rendered by WORKERS
    processes at once and joined page by page: both cores work, each worker's memory stays
    bounded, and WeasyPrint lays out short documents faster per page than long ones. Each chunk
    embeds its own font subset (some 100 KB), the price of that."""
    pages = math.ceil(len(items) / per_page)
    if pages < PARALLEL_FROM_PAGES:
        return render_pdf(template, items=items, **context)
    chunk_count = max(WORKERS, math.ceil(pages / CHUNK_PAGES))
    size = math.ceil(pages / chunk_count) * per_page
    htmls = [
        render_template(f"print/{template}", items=items[start : start + size], **context)
        for start in range(0, len(items), size)
    ]
    static = current_app.static_folder
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=_workers()) as pool:
        # Joined as they come, in order: the first chunks are joined while the last render.
        return join_pdfs(pool.map(html_to_pdf, htmls, [static] * len(htmls)))


@lru_cache(maxsize=1)
def _workers() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server that has this module (and WeasyPrint) imported: quick to
    start, and safe, unlike forking the web process itself with its threads and connections. The
    server starts on the first large batch and lives as long as this process. It imports the whole
    app (meet.web) too: each worker imports the parent's main module before its first task, and
    that module is usually the app; without it every worker of every batch paid some 0.4 s."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["meet.web", __name__])
    return context


def join_pdfs(pdfs: Iterable[bytes]) -> bytes:
    """One PDF with the pages of each, in order."""
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(BytesIO(pdf))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def page_numbers_css() -> Markup:
    """A CSS `content` value for "page N of M" in the current language."""
    text = _("Page {page} of {pages}")
    parts = []
    for piece in text.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(f'"{css_text(piece)}"')
    return Markup(" ".join(parts))  # noqa: S704  (our own catalog text, quoted for CSS)


def css_text(text: str) -> str:
    """Text safe inside a double-quoted CSS string (and inside a <style> element): letters,
    digits and spaces as they are, anything else as a CSS escape."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
