"""Reading work units from a CSV or XLSX file, as saved by Excel, and checking every row.

Nothing is saved here: ``workunit_import_check`` returns the rows with what
saving would do to each one, and the errors with their row numbers.
"""
import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import User, WorkUnit
from accounts.services import username_check

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
NAME_MAX_LENGTH = WorkUnit._meta.get_field("name").max_length
ABBREVIATION_MAX_LENGTH = WorkUnit._meta.get_field("abbreviation").max_length
CODE_MAX_LENGTH = WorkUnit._meta.get_field("code").max_length

# Header names accepted for each column, compared in lower case without spaces around.
COLUMN_NAMES = {
    "name": {"nama", "name", "nama unit kerja", "unit kerja", "nama perangkat daerah", "nama skpd"},
    "abbreviation": {"singkatan", "abbreviation", "nama singkat"},
    "code": {"kode", "code", "kode unit", "kode unit kerja"},
    "username": {"username", "nama pengguna", "akun operator", "operator username"},
}
XLSX_SIGNATURE = b"PK\x03\x04"


@dataclass
class ImportRow:
    number: int
    name: str
    abbreviation: str = ""
    code: str = ""
    username: str = ""
    unit_id: int = None
    action: str = ""

    def as_dict(self):
        return {
            "number": self.number,
            "name": self.name,
            "abbreviation": self.abbreviation,
            "code": self.code,
            "username": self.username,
            "unit_id": self.unit_id,
            "action": self.action,
        }


@dataclass
class ImportCheck:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def created(self):
        return sum(1 for row in self.rows if row.action == "new")

    @property
    def updated(self):
        return sum(1 for row in self.rows if row.action == "update")

    @property
    def unchanged(self):
        return sum(1 for row in self.rows if row.action == "unchanged")

    @property
    def usernames(self):
        return sum(1 for row in self.rows if row.username)

    def add_error(self, number, message):
        self.errors.append({"row": number, "message": message})


# --- Reading the file ----------------------------------------------------------


def _decode(data):
    # Excel saves "CSV UTF-8" with a byte-order mark and plain "CSV" in the
    # Windows code page, which is Windows-1252 on Indonesian and English Windows.
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Excel writes semicolons where the comma is the decimal separator, as in Indonesian settings.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data):
    import openpyxl  # Imported here: only the import view needs it.

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(
            _("The file could not be read as an Excel workbook (%(error)s). Save it again as .xlsx or .csv."),
            code="invalid_xlsx",
            params={"error": error.__class__.__name__},
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def workunit_file_read(uploaded_file):
    """Return the rows of an uploaded CSV or XLSX file as lists of cell texts."""
    if uploaded_file.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Split it into smaller files."),
            code="file_too_large",
            params={"limit": MAX_FILE_BYTES // (1024 * 1024)},
        )
    data = uploaded_file.read()
    name = (uploaded_file.name or "").lower()
    if data.startswith(XLSX_SIGNATURE) or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".xls", ".ods")):
        raise ValidationError(
            _("Files of this type cannot be read. Save the sheet as .xlsx or .csv and upload that."),
            code="unsupported_file",
        )
    return _read_csv(data)


# --- Checking the rows ---------------------------------------------------------


def _columns(header):
    found = {}
    for index, title in enumerate(header):
        key = " ".join(title.split()).lower()
        for column, names in COLUMN_NAMES.items():
            if key in names and column not in found:
                found[column] = index
    if "name" not in found:
        raise ValidationError(
            _(
                "The first row must name the columns, and one of them must be “nama” (the unit’s name). "
                "Optional columns: “singkatan”, “kode” and “username”."
            ),
            code="missing_name_column",
        )
    return found


def _name_key(name):
    return " ".join(name.split()).lower()


def workunit_import_check(*, agency, table):
    """Check the rows of a read file against the agency's units and return an ImportCheck."""
    check = ImportCheck()
    if not table:
        raise ValidationError(_("The file is empty. Add a header row and one row per work unit."), code="empty_file")
    columns = _columns(table[0])
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once. Split it into smaller files."),
            code="too_many_rows",
            params={"count": len(table) - 1, "limit": MAX_ROWS},
        )

    def cell(cells, column):
        index = columns.get(column)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(value.strip() for value in cells):
            continue  # Excel often leaves empty rows at the end or between blocks.
        rows.append(
            ImportRow(
                number=number,
                name=" ".join(cell(cells, "name").split()),
                abbreviation=cell(cells, "abbreviation").strip(),
                code=cell(cells, "code").strip(),
                username=cell(cells, "username").strip(),
            )
        )
    if not rows:
        raise ValidationError(_("The file has a header but no work units. Add one row per unit."), code="no_rows")

    units = list(WorkUnit.objects.filter(agency=agency).only("pk", "name", "abbreviation", "code"))
    by_name = {_name_key(unit.name): unit for unit in units}
    by_code = {unit.code: unit for unit in units if unit.code}
    requested = {}
    for row in rows:
        if row.username:
            try:
                row.username = username_check(row.username)
            except ValidationError as error:
                check.add_error(row.number, error.messages[0])
                row.username = ""
                continue
            requested.setdefault(row.username, row.number)
    taken = set(
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=list(requested))
        .values_list("lowered", flat=True)
    )

    seen_names, seen_codes, seen_usernames = {}, {}, {}
    for row in rows:
        _check_row(row, check, by_name, by_code, seen_names, seen_codes, seen_usernames, taken)
    check.rows = rows
    check.errors.sort(key=lambda error: error["row"])
    return check


def _check_row(row, check, by_name, by_code, seen_names, seen_codes, seen_usernames, taken):
    number = row.number
    if not row.name:
        check.add_error(number, _("The name is missing. Fill in the “nama” column or delete the row."))
        return
    if len(row.name) > NAME_MAX_LENGTH:
        check.add_error(
            number, _("The name is longer than %(limit)s characters. Shorten it.") % {"limit": NAME_MAX_LENGTH}
        )
    if len(row.abbreviation) > ABBREVIATION_MAX_LENGTH:
        check.add_error(
            number,
            _("The abbreviation is longer than %(limit)s characters. Shorten it.") % {"limit": ABBREVIATION_MAX_LENGTH},
        )
    if len(row.code) > CODE_MAX_LENGTH:
        check.add_error(
            number, _("The code is longer than %(limit)s characters. Shorten it.") % {"limit": CODE_MAX_LENGTH}
        )

    name_key = _name_key(row.name)
    if name_key in seen_names:
        check.add_error(
            number,
            _("The name “%(name)s” repeats row %(row)s. Each unit may appear once.")
            % {"name": row.name, "row": seen_names[name_key]},
        )
    seen_names.setdefault(name_key, number)
    if row.code:
        if row.code in seen_codes:
            check.add_error(
                number,
                _("The code “%(code)s” repeats row %(row)s. Codes must be unique.")
                % {"code": row.code, "row": seen_codes[row.code]},
            )
        seen_codes.setdefault(row.code, number)
    if row.username:
        if row.username in seen_usernames:
            check.add_error(
                number,
                _("The username “%(username)s” repeats row %(row)s (upper and lower case count as the same).")
                % {"username": row.username, "row": seen_usernames[row.username]},
            )
        elif row.username in taken:
            check.add_error(
                number,
                _("The username “%(username)s” is already taken. Choose another one or leave the cell empty.")
                % {"username": row.username},
            )
        seen_usernames.setdefault(row.username, number)

    unit_by_code = by_code.get(row.code) if row.code else None
    unit_by_name = by_name.get(name_key)
    if unit_by_code and unit_by_name and unit_by_code.pk != unit_by_name.pk:
        check.add_error(
            number,
            _(
                "The code “%(code)s” belongs to the unit “%(other)s”, but another unit is named “%(name)s”. "
                "Correct the code or the name."
            )
            % {"code": row.code, "other": unit_by_code.name, "name": row.name},
        )
        return
    unit = unit_by_code or unit_by_name
    if unit is None:
        row.action = "new"
        return
    row.unit_id = unit.pk
    changes = [
        (field, getattr(row, field))
        for field in ("name", "abbreviation", "code")
        if getattr(row, field) and getattr(unit, field) != getattr(row, field)
    ]
    if unit_by_code is None and row.code and unit.code and unit.code != row.code:
        check.add_error(
            number,
            _("The unit “%(name)s” already has the code “%(current)s”. Change it on the unit’s page, not by import.")
            % {"name": unit.name, "current": unit.code},
        )
        return
    row.action = "update" if changes else "unchanged"
