"""Printing: PDFs from the Jinja templates in templates/print/, the meet's print settings, and
the documents printed from them (certificates, poster, bibs, rankings, paper score sheets)."""
