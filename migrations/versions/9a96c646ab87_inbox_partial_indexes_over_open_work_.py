"""inbox partial indexes over open work items

The inbox reads one branch per way of being a candidate (role in scope, named, claimed), each
from an index over the open items of that way only, in due order with the id as tie-break, so a page stops
after the rows it shows. Closed items (most of a season's rows) never enter these indexes.

Revision ID: 9a96c646ab87
Revises: 54eed55351c7
Create Date: 2026-12-05 02:50:59.196752

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9a96c646ab87"
down_revision = "54eed55351c7"
branch_labels = None
depends_on = None



def _where(condition: str) -> dict:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


OPEN = "status = 'open'"
TO_ROLE = f"{OPEN} AND candidate_user_id IS NULL AND assignee_id IS NULL"
NEW = {
    "ix_work_item_open_school": (["role", "school_id", "due_at", "id"], TO_ROLE),
    "ix_work_item_open_city": (["role", "city_id", "due_at", "id"], TO_ROLE),
    "ix_work_item_open_role": (["role", "due_at", "id"], TO_ROLE),
    "ix_work_item_open_candidate": (
        ["candidate_user_id", "due_at", "id"],
        f"{OPEN} AND candidate_user_id IS NOT NULL",
    ),
    "ix_work_item_open_assignee": (
        ["assignee_id", "due_at", "id"],
        f"{OPEN} AND assignee_id IS NOT NULL",
    ),
    # Only rows naming someone: otherwise a `... IS NULL` condition could pick them.
    "ix_work_item_candidate": (["candidate_user_id", "status"], "candidate_user_id IS NOT NULL"),
    "ix_work_item_assignee": (["assignee_id", "status"], "assignee_id IS NOT NULL"),
}
OLD = {
    "ix_work_item_open_school": ["status", "role", "school_id", "due_at"],
    "ix_work_item_open_city": ["status", "role", "city_id", "due_at"],
    "ix_work_item_open_role": ["status", "role", "due_at"],
    "ix_work_item_candidate": ["candidate_user_id", "status"],
    "ix_work_item_assignee": ["assignee_id", "status"],
}


def upgrade():
    for name in OLD:
        op.drop_index(name, table_name="work_item")
    for name, (columns, condition) in NEW.items():
        op.create_index(name, "work_item", columns, **_where(condition))


def downgrade():
    for name in NEW:
        op.drop_index(name, table_name="work_item")
    for name, columns in OLD.items():
        op.create_index(name, "work_item", columns)
