import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="RubricEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="版本代码")),
                ("title", models.CharField(max_length=200, verbose_name="名称")),
                (
                    "source_sha256",
                    models.CharField(
                        blank=True,
                        help_text="载入时 CSV 文件的 SHA-256，用于核对与标准原表一致",
                        max_length=64,
                        verbose_name="来源文件 SHA-256",
                    ),
                ),
                ("is_current", models.BooleanField(default=False, verbose_name="当前版本")),
                ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="载入时间")),
            ],
            options={
                "verbose_name": "评分表版本",
                "verbose_name_plural": "评分表版本",
                "ordering": ["-is_current", "code"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_current", True)),
                        fields=("is_current",),
                        name="assessment_one_current_edition",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Indicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("row", models.PositiveSmallIntegerField(verbose_name="序号")),
                ("level1", models.CharField(max_length=50, verbose_name="一级指标")),
                ("level2", models.CharField(max_length=50, verbose_name="二级指标")),
                ("level3", models.CharField(blank=True, max_length=50, verbose_name="三级指标")),
                (
                    "nature",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("约束性", "约束性"),
                            ("引导性", "引导性"),
                            ("veto", "否决项"),
                            ("", "无（原表空行）"),
                        ],
                        max_length=8,
                        verbose_name="指标性质",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="分值"
                    ),
                ),
                ("veto", models.BooleanField(default=False, verbose_name="否决项")),
                ("criterion", models.TextField(blank=True, verbose_name="评分细则")),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="assessment.rubricedition",
                        verbose_name="评分表版本",
                    ),
                ),
            ],
            options={
                "verbose_name": "评分指标",
                "verbose_name_plural": "评分指标",
                "ordering": ["edition", "row"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("edition", "row"), name="assessment_indicator_row_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("veto", False),
                            models.Q(("nature", "veto"), ("points__isnull", True)),
                            _connector="OR",
                        ),
                        name="assessment_veto_has_no_points",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("points__isnull", True), ("points__gte", 0), _connector="OR"),
                        name="assessment_points_not_negative",
                    ),
                ],
            },
        ),
    ]
