"""The default proposal template: the sections used by the competition in 2021–2023.

Section titles and guidance are data that the organiser edits per
competition, so they are stored in Indonesian, the language of the proposals.
"""
from decimal import Decimal

DEFAULT_SECTIONS = [
    {
        "title": "Ringkasan",
        "guidance": "Ringkasan inovasi: masalah yang diatasi, apa inovasinya, dan hasil utamanya.",
        "word_limit": 200,
        "weight": Decimal("0"),
    },
    {
        "title": "Latar belakang dan tujuan",
        "guidance": "Masalah yang melatarbelakangi inovasi dan tujuan yang ingin dicapai.",
        "word_limit": 300,
        "weight": Decimal("10"),
    },
    {
        "title": "Kebaruan",
        "guidance": "Apa yang baru dari inovasi ini dibandingkan cara sebelumnya atau inovasi lain.",
        "word_limit": 200,
        "weight": Decimal("15"),
    },
    {
        "title": "Implementasi",
        "guidance": "Bagaimana inovasi dijalankan: tahapan, pelaksana, dan waktu.",
        "word_limit": 200,
        "weight": Decimal("5"),
    },
    {
        "title": "Signifikansi",
        "guidance": "Dampak sebelum dan sesudah inovasi, dengan data, serta cara dampak itu dievaluasi.",
        "word_limit": 600,
        "weight": Decimal("30"),
    },
    {
        "title": "Adaptabilitas",
        "guidance": "Apakah inovasi sudah direplikasi di tempat lain, dan potensinya untuk direplikasi.",
        "word_limit": 300,
        "weight": Decimal("20"),
    },
    {
        "title": "Sumber daya",
        "guidance": "Sumber daya manusia, anggaran, dan sarana yang digunakan.",
        "word_limit": 200,
        "weight": Decimal("5"),
    },
    {
        "title": "Strategi keberlanjutan",
        "guidance": "Strategi keberlanjutan secara kelembagaan, sosial, dan manajerial.",
        "word_limit": 500,
        "weight": Decimal("15"),
    },
]

# The groups of the later competitions (2021 onwards); each competition gets
# its own editable copy.
DEFAULT_GROUPS = ["Kelompok Umum", "Kelompok Khusus", "Replikasi"]

# The 17 Sustainable Development Goals with the Indonesian names the national
# SDG secretariat uses. The data migration loads the same list.
SDG_NAMES = [
    "Tanpa Kemiskinan",
    "Tanpa Kelaparan",
    "Kehidupan Sehat dan Sejahtera",
    "Pendidikan Berkualitas",
    "Kesetaraan Gender",
    "Air Bersih dan Sanitasi Layak",
    "Energi Bersih dan Terjangkau",
    "Pekerjaan Layak dan Pertumbuhan Ekonomi",
    "Industri, Inovasi dan Infrastruktur",
    "Berkurangnya Kesenjangan",
    "Kota dan Permukiman yang Berkelanjutan",
    "Konsumsi dan Produksi yang Bertanggung Jawab",
    "Penanganan Perubahan Iklim",
    "Ekosistem Lautan",
    "Ekosistem Daratan",
    "Perdamaian, Keadilan dan Kelembagaan yang Tangguh",
    "Kemitraan untuk Mencapai Tujuan",
]
