"""engine state compaction: stored states without their finished subprocesses

From this release the engine state of a case leaves out every subprocess that has finished
(webapp/engine/pruning.py): a 20-student internship case held twenty copies of its application,
one per guardian's consent. New steps write the compact form; this rewrites the states already
stored, including those of closed cases, which no step will write again. It uses the engine
adapter of this release (SpiffWorkflow is pinned), restores each state and runs nothing, so
only the size changes. Nothing to undo on downgrade: older code reads compact states.

Revision ID: c3d1e5f7a9b2
Revises: 9a96c646ab87
Create Date: 2026-12-05 03:35:00

"""

import logging

from alembic import op

# revision identifiers, used by Alembic.
revision = "c3d1e5f7a9b2"
down_revision = "9a96c646ab87"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade():
    from webapp.services.state_compaction import compact_states

    done = compact_states(op.get_bind())
    log.info(
        "engine states compacted: %s rewritten (%s -> %s bytes), %s left unreadable: %s",
        done.rewritten,
        done.bytes_before,
        done.bytes_after,
        len(done.unreadable),
        done.unreadable[:20],
    )


def downgrade():
    pass
