"""The code of ethics (Cuadro 6) and the bylaws (§3.3.6.3) models for the networks that exist."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from msj.charter.seed import seed_model_documents

    model = apps.get_model("charter", "ModelDocument")
    for network in apps.get_model("mesas", "Network").objects.all():
        seed_model_documents(network, on=timezone.localdate(), model=model)


class Migration(migrations.Migration):
    dependencies = [("charter", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
