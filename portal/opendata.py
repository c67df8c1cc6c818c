"""The records of the public innovation database as the open data outputs publish them.

docs/open-data.md documents every field. Only public entries reach these
functions, and a record names no status, score, person or contact detail.
"""
import csv
import json

FIELDS = [
    "slug",
    "url",
    "title",
    "year",
    "competition",
    "category_number",
    "category",
    "agency",
    "agency_slug",
    "agency_kind",
    "province",
    "work_unit",
    "stage_reached",
    "started_on",
    "sdgs",
    "video_url",
    "source_url",
]
# Rows fetched per database round trip while streaming a download.
STREAM_CHUNK_SIZE = 1000
# A spreadsheet treats a cell starting with one of these as a formula, so the
# CSV output prefixes such text with an apostrophe (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def innovation_record(innovation, base_url):
    """Return one public entry as a flat dict of the open data fields."""
    category = innovation.category
    province = innovation.agency.province
    return {
        "slug": innovation.slug,
        "url": base_url + innovation.get_absolute_url(),
        "title": innovation.title,
        "year": innovation.competition.year,
        "competition": innovation.competition.name,
        "category_number": category.number if category else None,
        "category": category.name if category else None,
        "agency": innovation.agency.name,
        "agency_slug": innovation.agency.slug,
        "agency_kind": innovation.agency.kind,
        "province": province.name if province else None,
        "work_unit": innovation.work_unit.name if innovation.work_unit else None,
        "stage_reached": innovation.stage_reached or None,
        "started_on": innovation.started_on.isoformat() if innovation.started_on else None,
        "sdgs": [sdg.number for sdg in innovation.sdgs.all()],
        "video_url": innovation.video_url or None,
        "source_url": innovation.source_url or None,
    }


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _LineBuffer:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(innovations, base_url):
    """Yield the CSV header and one line per entry, fetching rows in chunks."""
    writer = csv.writer(_LineBuffer())
    yield writer.writerow(FIELDS)
    for innovation in innovations.iterator(chunk_size=STREAM_CHUNK_SIZE):
        record = innovation_record(innovation, base_url)
        yield writer.writerow([_csv_cell(record[field]) for field in FIELDS])


def json_chunks(innovations, base_url):
    """Yield a JSON array of the entries' records piece by piece."""
    yield "["
    separator = ""
    for innovation in innovations.iterator(chunk_size=STREAM_CHUNK_SIZE):
        yield separator + json.dumps(innovation_record(innovation, base_url), ensure_ascii=False)
        separator = ",\n"
    yield "]\n"
