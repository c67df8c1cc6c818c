"""Load Indonesia's 38 provinces with their Ministry of Home Affairs codes.

The list (Kepmendagri 300.2.2-2138/2025) is kept in accounts/data/provinces.csv,
each row with its public source.
"""
import csv
from pathlib import Path

from django.db import migrations

PROVINCES_CSV = Path(__file__).resolve().parent.parent / "data" / "provinces.csv"


def load_provinces(apps, schema_editor):
    Province = apps.get_model("accounts", "Province")
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Province.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load_provinces, migrations.RunPython.noop)]
