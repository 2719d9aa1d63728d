"""学籍异动's pure rules: the kinds of change, what each requires of the registration and what it
makes of it, and the checks of each form (no Flask, no database: reference data comes in the
context the hooks build)."""
