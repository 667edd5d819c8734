"""Create the database cache table that holds the shared rate-limit counters.

Rate limits must be shared by every worker, and the database is the one store every
deployment already has; creating the table in a migration means tests and fresh
installs get it without a separate `createcachetable` step.
"""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS msj_cache")


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create, drop)]
