"""Referee tablet pages, reached through a scoped, revocable access link."""
