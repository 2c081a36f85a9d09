"""Print settings per meet: certificate wording, place style, seal, overprint, bib layout.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meets") as batch_op:
        batch_op.add_column(
            sa.Column("print_settings", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade():
    with op.batch_alter_table("meets") as batch_op:
        batch_op.drop_column("print_settings")
