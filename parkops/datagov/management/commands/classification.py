"""``parkops classification``: list the fields the classification file does not cover;
``--append`` adds them with the default by name pattern and type, marked for review."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand

from parkops.datagov import registry


class Command(BaseCommand):
    help = "List (or --append) fields missing from parkops/datagov/data/fields.csv"

    def add_arguments(self, parser):
        parser.add_argument("--append", action="store_true", help="append them with their default class")

    def handle(self, *args, append=False, **options):
        from django.apps import apps

        missing = registry.unclassified_fields()
        for name in missing:
            self.stdout.write(name)
        if not append or not missing:
            return
        with registry.DATA_FILE.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=registry.COLUMNS)
            for name in missing:
                app_model, field_name = name.rsplit(".", 1)
                model = apps.get_model(app_model)
                cls = registry.by_pattern(model, model._meta.get_field(field_name))
                writer.writerow(
                    {
                        "model": app_model,
                        "field": field_name,
                        "level": str(cls.level),
                        "personal": int(cls.personal),
                        "sensitive": int(cls.sensitive),
                        "mask": str(cls.mask),
                        "note": "默认（待复核）",
                    }
                )
        registry._file.cache_clear()
        self.stdout.write(f"appended {len(missing)}")
