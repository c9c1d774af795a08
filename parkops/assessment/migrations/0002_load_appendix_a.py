"""Load the shipped 表A.1 (data/appendix-a.csv) as the current rubric edition (Appendix A).

A migrated database therefore always holds the scoring table. The file is parsed by the
database-free parkops.assessment.rubric, the same parser the panel scorer uses, so the two
cannot read the table differently.
"""

import hashlib

from django.db import migrations

EDITION_CODE = "appendix-a"
EDITION_TITLE = "《产业园区运营规范》附录A 表A.1 产业园区运营水平评分表"


def load_appendix_a(apps, schema_editor):
    from parkops.assessment.rubric import SHIPPED_CSV, parse_rubric

    RubricEdition = apps.get_model("assessment", "RubricEdition")
    Indicator = apps.get_model("assessment", "Indicator")
    data = SHIPPED_CSV.read_bytes()
    rubric = parse_rubric(data.decode("utf-8"))
    RubricEdition.objects.filter(is_current=True).update(is_current=False)
    edition = RubricEdition.objects.create(
        code=EDITION_CODE,
        title=EDITION_TITLE,
        source_sha256=hashlib.sha256(data).hexdigest(),
        is_current=True,
    )
    Indicator.objects.bulk_create(
        Indicator(
            edition=edition,
            row=row.row,
            level1=row.level1,
            level2=row.level2,
            level3=row.level3,
            nature=row.nature,
            points=row.points,
            veto=row.veto,
            criterion=row.criterion,
        )
        for row in rubric
    )


def unload_appendix_a(apps, schema_editor):
    RubricEdition = apps.get_model("assessment", "RubricEdition")
    RubricEdition.objects.filter(code=EDITION_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load_appendix_a, unload_appendix_a)]
