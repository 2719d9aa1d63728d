"""Numbers a province may change (RULES.md): their definitions, defaults and stored values.

Read one with `service.get("internship.consent_window_days")`; an unknown key raises KeyError.
"""
