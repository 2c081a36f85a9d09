"""Organizer desk: login, meets and everything behind it."""
