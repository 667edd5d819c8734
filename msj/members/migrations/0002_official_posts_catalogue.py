from django.db import migrations


def load(apps, schema_editor):
    from msj.members.catalogue import load_official_posts

    load_official_posts(apps.get_model("members", "OfficialPost"))


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
