"""Use cases that touch the database. Each public function owns its transaction."""
