"""session generation, login throttle keys

Revision ID: 435e821e3332
Revises: 2d7eec381c60
Create Date: 2026-12-04 14:04:54.844932

"""
from alembic import op
import sqlalchemy as sa

import webapp.models.types


# revision identifiers, used by Alembic.
revision = '435e821e3332'
down_revision = '2d7eec381c60'
branch_labels = None
depends_on = None


def _throttle_table(key_column: sa.Column, last_failed_nullable: bool) -> None:
    op.create_table('login_throttle',
    key_column,
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', webapp.models.types.UTCDateTime(), nullable=last_failed_nullable),
    sa.PrimaryKeyConstraint(key_column.name, name=op.f('pk_login_throttle'))
    )


def upgrade():
    # Throttle rows are a quarter hour of recent failures: rebuilt empty under the new keys.
    op.drop_table('login_throttle')
    _throttle_table(sa.Column('key', sa.String(length=160), nullable=False), False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_generation')

    op.drop_table('login_throttle')
    _throttle_table(sa.Column('username', sa.String(length=64), nullable=False), True)
