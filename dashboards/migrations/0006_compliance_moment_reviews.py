from django.db import migrations, models


def owe_every_compliance_day(apps, schema_editor):
    """Rows written before the column exist count no review per moment: owe each
    organization's compliance rollup afresh (every day), which the worker's sweep works
    off; the changed row hashes make the rebuild rewrite those days."""
    ComplianceDaily = apps.get_model("dashboards", "ComplianceDaily")
    PendingSlice = apps.get_model("dashboards", "PendingSlice")
    organizations = ComplianceDaily.objects.values_list("organization_id", flat=True).distinct()
    PendingSlice.objects.bulk_create(
        PendingSlice(organization_id=organization_id, rollup="compliance", day=None)
        for organization_id in organizations.order_by()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0005_survey_sum_of_squares"),
    ]

    operations = [
        migrations.AddField(
            model_name="compliancedaily",
            name="moment_reviews",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(owe_every_compliance_day, migrations.RunPython.noop),
    ]
