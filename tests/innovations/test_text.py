import pytest

from innovations.text import count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Warga mengambil nomor antrean dari rumah.", 6),
        ("Pelayanan\tadministrasi\nkependudukan\r\nterpadu", 4),
        ("Layanan\u00a0jemput\u00a0bola", 3),
        ("Kartu\u3000Identitas\u3000Anak", 3),
        ("Angka\u2009kematian\u2009ibu turun", 4),
        ("\ufeffRingkasan inovasi", 2),
        ("Satu\u202fInstansi\u205fSatu\u2028Inovasi\u2029KIPP", 5),
        ("  awal dan akhir  \n", 3),
        ("e-KTP, KIA, dan akta-kelahiran.", 4),
        ("Rp 1.500.000,00 per tahun (2023/2024)", 5),
    ],
)
def test_count_words_indonesian_with_mixed_whitespace(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize("text", ["", None, " ", "\t\n\r", "\u00a0\u3000\u2009\ufeff", "\u2000\u200a\u1680"])
def test_count_words_empty_or_whitespace_only_is_zero(text):
    assert count_words(text) == 0


def test_count_words_long_text_counts_each_word():
    text = " ".join(["inovasi"] * 600) + "\n" + "\u00a0".join(["layanan"] * 5)

    assert count_words(text) == 605
