"""A coordination request always has its pairing (filled in by 0005; in its own migration so that
PostgreSQL alters the table in a transaction without the rows 0005 updated)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0005_parks_and_requests_on_parks'),
    ]

    operations = [
        migrations.AlterField(
            model_name='coordinationrequest',
            name='pairing',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='coordination_requests', to='regions.pairing', verbose_name='pairing'),
        ),
    ]
