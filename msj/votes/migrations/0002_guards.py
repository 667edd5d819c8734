"""The database refuses to change or delete what a vote writes once (see msj/votes/guards.py)."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from msj.votes import guards

    guards.install(schema_editor.connection)


def remove(apps: Any, schema_editor: Any) -> None:
    from msj.votes import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("votes", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
