"""Use cases: start, claim, complete, delegate, upload, documents, deadlines …; no Flask request objects."""
