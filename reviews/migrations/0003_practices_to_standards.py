"""Competitor and best practices belong to standards now (standards 0006 takes them over).

Only Django's picture of the models changes here: the tables stay, with their rows, under
their old names, so no data is copied and nothing is locked.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_created_by_optional"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="BestPractice"),
                migrations.DeleteModel(name="CompetitorPractice"),
            ],
            database_operations=[],
        ),
    ]
