# Django migrations: bookkeeping table django_migrations (preset django). Django's contrib
# apps (auth, contenttypes, sessions, admin) have tables of their own; this project installs
# none of them.
fresh_db django
mkdir -p library/migrations
cat >settings.py <<'PY'
import os
SECRET_KEY = 'interop'
INSTALLED_APPS = ['library']
USE_TZ = True  # DateTimeField is timestamptz
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': os.environ['DB'],
                         'HOST': os.environ['PGHOST'], 'PORT': os.environ['PGPORT'], 'USER': os.environ['PGUSER']}}
PY
touch library/__init__.py library/migrations/__init__.py
cat >library/models.py <<'PY'
import uuid
from django.db import models

class Author(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
PY
cat >library/migrations/0001_initial.py <<'PY'
import uuid
from django.db import migrations, models

# Django before 5.0 keeps defaults in Python: the database defaults V1 asks for are set in
# the same (atomic) migration, so the commit-time check sees the finished table.
class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name='Author', fields=[
            ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
            ('name', models.TextField()),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('updated_at', models.DateTimeField(auto_now=True)),
            ('deleted_at', models.DateTimeField(blank=True, null=True)),
        ]),
        migrations.RunSQL(
            'ALTER TABLE library_author ALTER COLUMN id SET DEFAULT gen_random_uuid(), '
            'ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET DEFAULT now()',
            reverse_sql=migrations.RunSQL.noop),
    ]
PY
up() { DJANGO_SETTINGS_MODULE=settings PYTHONPATH=. django-admin migrate --no-input; }
rejected "first run without the preset is rejected, naming django_migrations" public.django_migrations primary_key up
shows "...and its output says which preset to enable" "SELECT schemaguard.enable_preset('django')"
enable django
succeeds "first run with the preset and a V1 model migrates" up
equals "no open violations" 0 "$(compliant)"
cat >library/migrations/0002_legacy.py <<'PY'
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [('library', '0001_initial')]
    operations = [
        migrations.CreateModel(name='Legacy', fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
            ('name', models.TextField()),
        ]),
    ]
PY
rejected "a model with an auto id is rejected, table and rule in Django's output" public.library_legacy primary_key up
# Django's own apps: their tables (auth_user, django_content_type, ...) are Django's to
# shape; preset django-contrib exempts exactly them.
sed -i "s/^INSTALLED_APPS = .*/INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.sessions', 'library']/" settings.py
rm library/migrations/0002_legacy.py
rejected "contrib apps without their preset are rejected" 'public.django_content_type' primary_key up
shows "...and the output says which preset to enable" "SELECT schemaguard.enable_preset('django-contrib')"
enable django-contrib
succeeds "contrib apps with the preset django-contrib migrate" up
equals "no open violations" 0 "$(compliant)"
