"""XLSX workbooks of scores, rankings and registration recaps, built with openpyxl."""
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from judging import scoring, selectors
from judging.models import AssignmentStatus

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook, title, header):
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(column) for column in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _cell(value):
    """Return value in a form a spreadsheet cannot take for a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # Entries and comments are typed by users; a leading sign would make
        # the spreadsheet program run them as formulas.
        return "'" + value
    return value


def scores_workbook(stage):
    """Return a workbook with one row per judge, entry and criterion.

    A stage of the national competition has tens of thousands of scores, so
    the rows are read as plain values and written in openpyxl's write-only
    mode: model instances and an editable workbook took about 15 s for
    60,000 scores (bench/RESULTS.md), longer than a worker may take.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Scores")[:31])
    header = [_("Entry"), _("Agency"), _("Judge"), _("Username"), _("Criterion"), _("Weight (%)"), _("Score"),
              _("Comment"), _("Status"), _("Submitted at")]
    bold = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, column, bold) for column in header])
    status_labels = {value: str(label) for value, label in AssignmentStatus.choices}
    rows = selectors.stage_scores_for_export(stage).values_list(
        "assignment__entry__innovation__title",
        "assignment__entry__innovation__agency__name",
        "assignment__judge__full_name",
        "assignment__judge__username",
        "criterion__name",
        "criterion__weight",
        "value",
        "comment",
        "assignment__status",
        "assignment__submitted_at",
    )
    for title, agency, full_name, username, criterion, weight, value, comment, status, submitted_at in rows.iterator(
        chunk_size=5000
    ):
        submitted = timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M") if submitted_at else ""
        sheet.append([
            _cell(title),
            _cell(agency),
            # A judge is shown by full name, or by username without one (User.__str__).
            _cell(full_name or username),
            username,
            _cell(criterion),
            float(weight),
            float(value),
            _cell(comment),
            status_labels.get(status, status),
            submitted,
        ])
    return workbook


def _header_cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.font = font
    return cell


def ranking_workbook(stage):
    """Return a workbook with the stage's ranking and a second sheet with the shortlist's composition."""
    ranking = scoring.stage_ranking(stage)
    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Ranking"),
        [_("Rank"), _("Entry"), _("Agency"), _("Agency kind"), _("Province"), _("Category"), _("Average total"),
         _("Judges' totals"), _("Difference"), _("Flagged"), _("Shortlisted"), _("Departure from the ranking")],
    )
    for row in ranking.rows:
        innovation = row.entry.innovation
        override = f"{row.override.get_action_display()}: {row.override.reason}" if row.override else ""
        sheet.append([
            row.rank,
            _cell(innovation.title),
            _cell(innovation.agency.name),
            str(innovation.agency.get_kind_display()),
            innovation.agency.province.name if innovation.agency.province else "",
            _cell(str(innovation.category)) if innovation.category else "",
            float(row.average) if row.average is not None else None,
            "; ".join(f"{total}" for _judge, total in row.judge_totals),
            float(row.spread) if row.spread is not None else None,
            _("yes") if row.flagged else "",
            _("yes") if row.selected else "",
            _cell(override),
        ])
    composition = workbook.create_sheet(_("Composition")[:31])
    composition.append([_("Group"), _("Value"), _("Entries in the shortlist")])
    labels = {"category": _("Category"), "agency_kind": _("Agency kind"), "province": _("Province")}
    for key, counts in ranking.composition.items():
        for value, count in counts:
            composition.append([str(labels[key]), _cell(value), count])
    return workbook


def recap_workbook(competition, agency=None):
    """Return a workbook with the number of entries per agency and work unit, by status."""
    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Recap"),
        [_("Agency"), _("Agency kind"), _("Province"), _("Work unit"), _("Entries"), _("Drafts"), _("Submitted"),
         _("Forwarded")],
    )
    for row in selectors.registration_recap(competition=competition, agency=agency):
        sheet.append([
            _cell(row["agency__name"]),
            row["agency__kind"],
            row["agency__province__name"] or "",
            _cell(row["work_unit__name"]),
            row["total"],
            row["draft"],
            row["submitted"],
            row["forwarded"],
        ])
    return workbook


def xlsx_response(workbook, filename):
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
