from django.db import migrations

# The 17 Sustainable Development Goals (Tujuan Pembangunan Berkelanjutan) with
# the names Indonesia's national SDG secretariat uses.
SDGS = [
    (1, "Tanpa Kemiskinan"),
    (2, "Tanpa Kelaparan"),
    (3, "Kehidupan Sehat dan Sejahtera"),
    (4, "Pendidikan Berkualitas"),
    (5, "Kesetaraan Gender"),
    (6, "Air Bersih dan Sanitasi Layak"),
    (7, "Energi Bersih dan Terjangkau"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi"),
    (9, "Industri, Inovasi dan Infrastruktur"),
    (10, "Berkurangnya Kesenjangan"),
    (11, "Kota dan Permukiman yang Berkelanjutan"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab"),
    (13, "Penanganan Perubahan Iklim"),
    (14, "Ekosistem Lautan"),
    (15, "Ekosistem Daratan"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh"),
    (17, "Kemitraan untuk Mencapai Tujuan"),
]

DEFAULT_GROUPS = ["Kelompok Umum", "Kelompok Khusus", "Replikasi"]


def load(apps, schema_editor):
    SDG = apps.get_model("innovations", "SDG")
    for number, name in SDGS:
        SDG.objects.update_or_create(number=number, defaults={"name": name})
    Competition = apps.get_model("innovations", "Competition")
    Group = apps.get_model("innovations", "Group")
    # Groups exist from 2021; older competitions had none.
    for competition in Competition.objects.filter(year__gte=2021):
        if not Group.objects.filter(competition=competition).exists():
            for number, name in enumerate(DEFAULT_GROUPS, start=1):
                Group.objects.create(competition=competition, number=number, name=name)


def unload(apps, schema_editor):
    apps.get_model("innovations", "SDG").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0003_groups_sdgs_events_history"),
    ]

    operations = [migrations.RunPython(load, unload)]
