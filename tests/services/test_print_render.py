"""The renderer: its locked-down URL fetcher reads data: URLs and static files, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from meet.services.printing.render import RefusedURL, StaticOnlyFetcher, html_to_pdf


def test_the_fetcher_reads_data_urls_and_static_files_and_nothing_else(app):
    fetcher = StaticOnlyFetcher(app.static_folder)
    css = Path(app.static_folder, "css", "meet.css").resolve()

    assert fetcher.fetch(css.as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        css.parent.as_uri() + "/../../meet/config.py",
        "http://127.0.0.1:1/evil.css",
        "https://example.org/seal.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_a_document_asking_for_local_files_or_the_network_gets_nothing(app, pdf_text):
    fetcher = StaticOnlyFetcher(app.static_folder)
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">'
        '<img src="file:///etc/passwd"><img src="../meet/config.py"><p>证书</p>'
    )

    pdf = html_to_pdf(html, app.static_folder, fetcher)

    assert len(fetcher.refused) == 3
    assert "证书" in pdf_text(pdf)
    assert "root:" not in pdf_text(pdf)
