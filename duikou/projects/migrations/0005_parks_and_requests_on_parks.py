"""Parks settle projects; coordination requests may be raised on a park, and carry their pairing."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def requests_take_their_pairing(apps, schema_editor):
    """Every existing request was raised on a project: it belongs to the project's pairing."""
    Request = apps.get_model("projects", "CoordinationRequest")
    Project = apps.get_model("projects", "Project")
    Request.objects.update(pairing=Subquery(Project.objects.filter(pk=OuterRef("project_id")).values("pairing")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('parks', '0001_initial'),
        ('projects', '0004_coordination_requests'),
        ('regions', '0003_organisation_central'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinationrequest',
            name='pairing',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='coordination_requests', to='regions.pairing', verbose_name='pairing'),
        ),
        migrations.AddField(
            model_name='coordinationrequest',
            name='park',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='coordination_requests', to='parks.park', verbose_name='park'),
        ),
        migrations.AddField(
            model_name='project',
            name='park',
            field=models.ForeignKey(blank=True, help_text='The co-built park the project is settled in, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='parks.park', verbose_name='park'),
        ),
        migrations.AlterField(
            model_name='coordinationrequest',
            name='project',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='coordination_requests', to='projects.project', verbose_name='project'),
        ),
        migrations.AddConstraint(
            model_name='coordinationrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('park__isnull', True), ('project__isnull', False)), models.Q(('park__isnull', False), ('project__isnull', True)), _connector='OR'), name='projects_request_on_project_or_park', violation_error_message='A request is raised on one project or one park.'),
        ),
        migrations.RunPython(requests_take_their_pairing, migrations.RunPython.noop),
    ]
