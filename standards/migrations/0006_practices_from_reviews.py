"""Competitor and best practices, taken over from reviews (reviews 0003 lets them go).

The tables are the ones reviews created: only Django's picture of the models moves. Their
content types are renamed rather than created anew, so permissions and admin history stay.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("bestpractice", "competitorpractice")


def _move_content_types(apps, from_app: str, to_app: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    # A type already made for the new app (by a migrate that ran in between) wins.
    taken = set(
        ContentType.objects.filter(app_label=to_app, model__in=MODELS).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label=from_app, model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label=to_app)


def content_types_to_standards(apps, schema_editor):
    _move_content_types(apps, "reviews", "standards")


def content_types_to_reviews(apps, schema_editor):
    _move_content_types(apps, "standards", "reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_content_languages"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0003_practices_to_standards"),
        ("standards", "0005_version_scope"),
        ("touchpoints", "0003_content_translations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BestPractice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                max_length=2000,
                                validators=[django.core.validators.MinLengthValidator(3)],
                                verbose_name="what they do differently",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "behaviours",
                            models.ManyToManyField(
                                blank=True,
                                db_table="reviews_bestpractice_behaviours",
                                related_name="best_practices",
                                to="standards.behaviour",
                                verbose_name="related behaviours",
                            ),
                        ),
                        (
                            "consultant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="best_practices",
                                to="accounts.membership",
                                verbose_name="consultant",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "moment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="best_practices",
                                to="touchpoints.moment",
                                verbose_name="moment",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="best_practices",
                                to="accounts.organization",
                            ),
                        ),
                        (
                            "promoted_behaviour",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="source_practice",
                                to="standards.behaviour",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "best practice",
                        "verbose_name_plural": "best practices",
                        "db_table": "reviews_bestpractice",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="CompetitorPractice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "competitor",
                            models.CharField(
                                max_length=120,
                                validators=[django.core.validators.MinLengthValidator(2)],
                                verbose_name="who",
                            ),
                        ),
                        (
                            "industry",
                            models.CharField(blank=True, max_length=80, verbose_name="industry"),
                        ),
                        (
                            "where",
                            models.CharField(blank=True, max_length=200, verbose_name="where"),
                        ),
                        ("observed_on", models.DateField(verbose_name="when")),
                        (
                            "description",
                            models.TextField(
                                max_length=2000,
                                validators=[django.core.validators.MinLengthValidator(3)],
                                verbose_name="what they do",
                            ),
                        ),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                help_text="1 = poor, 5 = remarkable",
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="rating",
                            ),
                        ),
                        (
                            "photo",
                            models.ImageField(
                                blank=True,
                                upload_to="competitors/%Y/%m/",
                                verbose_name="photo",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "moment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="competitor_practices",
                                to="touchpoints.moment",
                                verbose_name="moment",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="competitor_practices",
                                to="accounts.organization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "competitor practice",
                        "verbose_name_plural": "competitor practices",
                        "db_table": "reviews_competitorpractice",
                        "ordering": ["moment", "-observed_on", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_standards, content_types_to_reviews),
    ]
