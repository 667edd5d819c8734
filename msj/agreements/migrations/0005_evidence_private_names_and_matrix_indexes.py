# Evidence stored under random names with its fingerprint; indexes for the matrix and its overdue count.

import msj.agreements.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0004_audience'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='evidence',
            options={'ordering': ['follow_up', 'created_at', 'pk'], 'verbose_name': 'evidence', 'verbose_name_plural': 'evidence'},
        ),
        migrations.AddField(
            model_name='evidence',
            name='sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='file',
            field=models.FileField(max_length=200, upload_to=msj.agreements.models.evidence_path, verbose_name='file'),
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(fields=['mesa', 'status', 'due_on'], name='agreement_mesa_status_due'),
        ),
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(fields=['agreement', '-on', '-created_at'], name='follow_up_latest'),
        ),
    ]
