"""Pure rules shared by the sports, with no web framework and no database: the interface every
sport implements (base), ranking, placing an event's field, match tables, brackets and team
standings."""
