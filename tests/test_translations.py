"""Checks of the Indonesian catalogue: complete, placeholders intact, .mo in step with .po."""
import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"

# printf-style placeholders such as %(name)s, %(limit_value)d and %s, and the
# {count}-style placeholders that static/js/word-count.js fills in.
PRINTF_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{\w+\}")
TYPOGRAPHIC_QUOTES = ("“", "”")


def _unquote(text):
    # PO strings use C escapes (\n, \", \\), which a Python string literal reads the same way.
    return ast.literal_eval(text)


def po_entries(path=PO_PATH):
    """Parse a .po file into dicts with "flags", "msgctxt", "msgid", "msgid_plural" and "msgstr" (a list).

    Obsolete entries (#~) are skipped. The header entry (empty msgid) is included.
    """
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#~"):
            continue

        # A comment or a msgid after a msgstr starts the next entry.
        starts_entry = line.startswith("#") or line.startswith("msgctxt") or line.startswith("msgid ")
        if entry is None or (starts_entry and entry["msgstr"]):
            finish()
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": []}
            field = None

        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field = "msgctxt"
            entry["msgctxt"] = _unquote(line[len("msgctxt "):])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            entry["msgid_plural"] = _unquote(line[len("msgid_plural "):])
        elif line.startswith("msgid "):
            field = "msgid"
            entry["msgid"] = _unquote(line[len("msgid "):])
        elif line.startswith("msgstr"):
            field = "msgstr"
            _, value = line.split(" ", 1)
            entry["msgstr"].append(_unquote(value))
        elif line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            raise ValueError(f"Invalid line in {path}: {raw_line!r}")

    finish()
    return entries


def _placeholders(text):
    return Counter(PRINTF_PLACEHOLDER.findall(text)) + Counter(BRACE_PLACEHOLDER.findall(text))


def _messages():
    return [entry for entry in po_entries() if entry["msgid"]]


def _message_id(entry):
    return entry["msgid"][:60]


def test_catalogue_header_indonesian_single_plural_form():
    header = po_entries()[0]

    assert header["msgid"] == ""
    assert "Language: id\n" in header["msgstr"][0]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]


def test_catalogue_parser_reads_every_entry():
    messages = _messages()
    source = PO_PATH.read_text(encoding="utf-8")

    assert len(messages) == len(re.findall(r'^msgid "', source, flags=re.MULTILINE)) - 1
    assert len(messages) > 200


@pytest.mark.parametrize("entry", _messages(), ids=_message_id)
def test_catalogue_entry_translated(entry):
    assert "fuzzy" not in entry["flags"]
    assert len(entry["msgstr"]) == 1, "Indonesian has one plural form, so only msgstr[0] is used"
    assert entry["msgstr"][0].strip()


@pytest.mark.parametrize("entry", _messages(), ids=_message_id)
def test_catalogue_entry_keeps_placeholders(entry):
    translated = entry["msgstr"][0]

    assert _placeholders(translated) == _placeholders(entry["msgid"])
    if entry["msgid_plural"] is not None:
        assert _placeholders(translated) == _placeholders(entry["msgid_plural"])
    for quote in TYPOGRAPHIC_QUOTES:
        assert translated.count(quote) == entry["msgid"].count(quote)


def test_compiled_catalogue_matches_po():
    # gettext reads the .mo, so a stale or missing .mo returns something other
    # than the .po's translation and fails here.
    mismatches = []
    with translation.override("id"):
        for entry in _messages():
            if entry["msgctxt"] is not None:
                result = translation.pgettext(entry["msgctxt"], entry["msgid"])
            elif entry["msgid_plural"] is None:
                result = translation.gettext(entry["msgid"])
            else:
                result = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            if result != entry["msgstr"][0]:
                mismatches.append((entry["msgid"], result))

    assert mismatches == []


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Sign in", "Masuk"),
        ("Sign out", "Keluar"),
        ("Change password", "Ubah Kata Sandi"),
        ("Innovation database", "Basis Data Inovasi"),
        ("Workspace", "Ruang Kerja"),
        ("Submit proposal", "Ajukan Proposal"),
        ("Save draft", "Simpan Draf"),
        ("Coordinator", "Admin Lokal"),
        ("Judge", "Juri"),
        ("Withdrawn", "Ditarik"),
    ],
)
def test_gettext_indonesian_glossary_terms(english, indonesian):
    with translation.override("id"):
        assert translation.gettext(english) == indonesian


def test_ngettext_indonesian_uses_single_form():
    with translation.override("id"):
        one = translation.ngettext("%(counter)s entry", "%(counter)s entries", 1) % {"counter": 1}
        many = translation.ngettext("%(counter)s entry", "%(counter)s entries", 5) % {"counter": 5}

    assert one == "1 inovasi"
    assert many == "5 inovasi"


@pytest.mark.django_db
def test_home_page_indonesian_by_default(client, competition, settings):
    # The autouse fixture in conftest.py switches tests to English, so restore the production default.
    settings.LANGUAGE_CODE = "id"

    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Basis Data Inovasi" in html
    assert "Basis data ini memuat 0 inovasi yang terbuka untuk publik." in html
    assert "Innovation database" not in html


@pytest.mark.django_db
def test_home_page_english_with_language_cookie(client, competition, settings):
    settings.LANGUAGE_CODE = "id"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Innovation database" in html
    assert "The database holds 0 public innovations." in html
    assert "Basis Data Inovasi" not in html
