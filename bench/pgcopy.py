"""Bulk loading of model rows with PostgreSQL's COPY, for the benchmark data set.

COPY writes hundreds of thousands of rows a second where the ORM's
bulk_create manages a few tens of thousands, which is what keeps the national
data set at minutes. Rows bypass model save() and signals, so the generator
supplies every derived value itself (title_key, slugs, history is not made).
"""
import datetime
import io
import json
import uuid
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

# Rows buffered in memory before each COPY round trip.
FLUSH_ROWS = 20_000


def copy_value(value):
    """Return value in COPY's text format, escaped."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.date, Decimal, uuid.UUID, int, float)):
        return str(value)
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class MissingValue(Exception):
    """Raised when a NOT NULL column has neither a value from the generator nor a default."""


def _fixed_value(field, now):
    """Return the value of a column the generator does not set: its default, now, None or ""."""
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return now
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return now.date()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)) and field.blank:
        return ""
    raise MissingValue(
        f"{field.model.__name__}.{field.name} is NOT NULL without a default: "
        "add it to the fields this table is written with in bench/generate.py."
    )


class TableWriter:
    """Write rows of one model with COPY; columns not named get their default.

    Defaults are evaluated once per table, so a field whose default must
    differ per row (a UUID) has to be named and given a value.
    """

    def __init__(self, model, fields):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        now = timezone.now()
        named = {field.name for field in self.fields}
        self.fixed = [
            (field, copy_value(_fixed_value(field, now)))
            for field in model._meta.concrete_fields
            if field.name not in named and not (field.primary_key and isinstance(field, models.AutoField))
        ]
        columns = [field.column for field in self.fields] + [field.column for field, _ in self.fixed]
        self.statement = f'COPY {model._meta.db_table} ({", ".join(columns)}) FROM STDIN'
        self.fixed_suffix = "".join("\t" + text for _, text in self.fixed)
        self.buffer = io.StringIO()
        self.pending = 0
        self.written = 0

    def add(self, row):
        self.buffer.write("\t".join(copy_value(value) for value in row))
        self.buffer.write(self.fixed_suffix)
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= FLUSH_ROWS:
            self.flush()

    def flush(self):
        if not self.pending:
            return
        self.buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(self.statement, self.buffer)
        self.written += self.pending
        self.pending = 0
        self.buffer = io.StringIO()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None:
            self.flush()
