"""Rankings: each event's places and the meet's team standings from the current result versions
(events, standings, read through queries), and the board's tag and shared bodies (board)."""
