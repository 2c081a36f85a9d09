"""Rider pages: the meet list, a meet, registration and the rider's own page."""
