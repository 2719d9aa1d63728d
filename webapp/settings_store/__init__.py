"""Numbers a province may change (RULES.md): their definitions, defaults and stored values.

Read one with `service.get("<key>")`; an unknown key raises KeyError. Each process declares its
own settings (ProcessModule.settings); definitions.PLATFORM holds the rest.
"""
