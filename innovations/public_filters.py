"""The filters of the public innovation list, read from query parameters that users share."""
import re
from urllib.parse import urlencode

from accounts.models import AgencyKind

MAX_QUERY_LENGTH = 200
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")
# Read once: the enum builds a new list on every access.
AGENCY_KINDS = frozenset(AgencyKind.values)
# Query parameter of the innovation list -> filter name, in the order of
# canonical and shared addresses.
LIST_PARAMETERS = [
    ("q", "query"),
    ("tahun", "year"),
    ("kategori", "category"),
    ("instansi", "agency"),
    ("provinsi", "province"),
    ("jenis", "kind"),
    ("tahap", "stage"),
    ("sdg", "sdg"),
]


def positive_int(value):
    """Return value as a positive int, or None for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10**6 else None


def _clean_text(value, max_length):
    """Return a query parameter without NUL bytes (PostgreSQL rejects them), trimmed and shortened."""
    return (value or "").replace("\x00", "").strip()[:max_length]


def list_filters_from_params(params):
    """Return the valid filters of the innovation list from its query parameters, odd values dropped."""
    agency = _clean_text(params.get("instansi"), 200)
    province = _clean_text(params.get("provinsi"), 2)
    kind = _clean_text(params.get("jenis"), 20)
    sdg = positive_int(params.get("sdg"))
    return {
        "query": _clean_text(params.get("q"), MAX_QUERY_LENGTH),
        "year": positive_int(params.get("tahun")),
        "category": positive_int(params.get("kategori")),
        "agency": agency if SLUG_PATTERN.fullmatch(agency) else "",
        "province": province if province.isdigit() else "",
        "kind": kind if kind in AGENCY_KINDS else "",
        "stage": _clean_text(params.get("tahap"), 100),
        "sdg": sdg if sdg and sdg <= 17 else None,
    }


def list_query_string(filters, page_number=None):
    """Return the canonical query string of a filter combination, parameters in a fixed order."""
    pairs = [
        (parameter, filters[name])
        for parameter, name in LIST_PARAMETERS
        if filters[name] not in ("", None)
    ]
    if page_number and page_number > 1:
        pairs.append(("halaman", page_number))
    return urlencode(pairs)
