"""Registration: a rider (or the desk, for a walk-in) enters a meet and its events, gets a bib, a
private page and a place in each event or on its waitlist. `intake` cleans what the rider typed,
`places` takes the places under the meet's lock, `teams` holds the team choices and join codes,
`waitlist` moves riders up when places free, `queries` reads registrations for pages."""
