"""Scores' traces move from a JSON list on each score into rows of their own (ScoreRecord), written by the
database when a round is computed. The stored traces are copied over, with their counts, before the JSON
column goes: nothing recorded is lost."""

import django.db.models.deletion
from django.db import migrations, models


def copy_traces(apps, schema_editor):
    IndicatorScore = apps.get_model("evaluation", "IndicatorScore")
    ScoreRecord = apps.get_model("evaluation", "ScoreRecord")
    batch = []
    for score in IndicatorScore.objects.exclude(trace=[]).iterator(chunk_size=500):
        rows = [
            ScoreRecord(
                round_id=score.round_id,
                pairing_id=score.pairing_id,
                indicator_id=score.indicator_id,
                side=score.side,
                label=label,
                record_id=pk,
            )
            for label, pk in score.trace
        ]
        batch.extend(rows)
        IndicatorScore.objects.filter(pk=score.pk).update(record_count=len(rows))
        if len(batch) >= 5000:
            ScoreRecord.objects.bulk_create(batch)
            batch = []
    ScoreRecord.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0002_evaluation_rounds'),
        ('regions', '0003_organisation_central'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicatorscore',
            name='record_count',
            field=models.PositiveIntegerField(default=0, verbose_name='records'),
        ),
        migrations.CreateModel(
            name='ScoreRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(blank=True, choices=[('northeast', 'Northeast side'), ('east', 'East side')], max_length=10, verbose_name='side')),
                ('label', models.CharField(max_length=100, verbose_name='record type')),
                ('record_id', models.BigIntegerField(verbose_name='record')),
                ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluation.indicator', verbose_name='indicator')),
                ('pairing', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.pairing', verbose_name='pairing')),
                ('round', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluation.evaluationround', verbose_name='evaluation round')),
            ],
            options={
                'verbose_name': 'score record',
                'verbose_name_plural': 'score records',
                'ordering': ['round_id', 'pairing_id', 'indicator_id', 'side', 'id'],
                'indexes': [models.Index(fields=['round', 'pairing', 'indicator', 'side', 'id'], name='evaluation_score_record')],
            },
        ),
        migrations.RunPython(copy_traces, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='indicatorscore',
            name='trace',
        ),
    ]
