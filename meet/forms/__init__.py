"""Forms that more than one audience posts (the registration form: rider phones and the desk)."""
