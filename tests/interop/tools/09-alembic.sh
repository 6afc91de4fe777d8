# Alembic: bookkeeping table alembic_version (preset alembic).
fresh_db alembic
/usr/bin/python3 -m alembic init -t generic migrations >/dev/null
sed -i "s|^sqlalchemy.url = .*|sqlalchemy.url = postgresql+psycopg2://$PGUSER@/$DB?host=$PGHOST\&port=$PGPORT|" alembic.ini
cat >migrations/versions/0001_authors.py <<'PY'
"""authors"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = '0001'
down_revision = None

def v1():
    # server_default: the database computes the values (V1), not SQLAlchemy.
    return [sa.Column('id', UUID(as_uuid=True), primary_key=True, server_default=sa.text('gen_random_uuid()')),
            sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True)]

def upgrade():
    op.create_table('authors', *v1(), sa.Column('name', sa.Text))
    op.create_table('books', *v1(),
                    sa.Column('author_id', UUID(as_uuid=True), sa.ForeignKey('authors.id', ondelete='CASCADE')))
    op.create_index('idx_books_author_id', 'books', ['author_id'])

def downgrade():
    op.drop_table('books')
    op.drop_table('authors')
PY
up() { /usr/bin/python3 -m alembic upgrade head; }
rejected "first run without the preset is rejected, naming alembic_version" public.alembic_version primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('alembic')"
enable alembic
succeeds "first run with the preset and a V1 model migrates" up
equals "no open violations" 0 "$(compliant)"
cat >migrations/versions/0002_legacy.py <<'PY'
"""legacy"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'

def upgrade():
    op.create_table('legacy', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text))

def downgrade():
    op.drop_table('legacy')
PY
rejected "an integer-keyed table is rejected, table and rule in Alembic's output" public.legacy primary_key up
