"""The objection itself on its case and task pages: what was published, who objects and how to
reach them, what they say, their files — for the province's officials only."""

from __future__ import annotations

from webapp.extensions import db
from webapp.models.scope import acts_for_province
from webapp.publicity.models import Objection, Publication

PANEL = "publicity_objection/_objection.html"


def objection_panel(instance, user) -> dict:
    if not acts_for_province(user):
        return {"objection": None}
    objection = db.session.get(Objection, (instance.data or {}).get("objection_id"))
    publication = db.session.get(Publication, objection.publication_id) if objection else None
    return {"objection": objection, "publication": publication}
