"""INEGI's municipalities ship as data: every code, name and state."""

from django.db import migrations


def load(apps, schema_editor):
    from msj.indicators.geography import load_municipalities

    load_municipalities(apps.get_model("indicators", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
