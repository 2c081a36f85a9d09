"""The events' sport column is guarded by the sports registry, not by a CHECK listing the sports,
so that a new sport is a folder and a registry line, with no schema change.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SPORTS_BEFORE = ("frisbee_football", "plank", "tug_of_war", "pitch_pot", "bowling", "custom")


def upgrade():
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_constraint(op.f("ck_events_sport_known"), type_="check")


def downgrade():
    listed = ", ".join(f"'{sport}'" for sport in SPORTS_BEFORE)
    with op.batch_alter_table("events") as batch_op:
        batch_op.create_check_constraint(op.f("ck_events_sport_known"), f"sport IN ({listed})")
