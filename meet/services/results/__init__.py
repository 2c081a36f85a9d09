"""Results: recording them (and the API's idempotent submission), the referee's sheet, the
history of versions, official events and a referee's progress."""
