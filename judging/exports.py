"""XLSX workbooks of scores, rankings and registration recaps, built with openpyxl."""
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from judging import scoring, selectors

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
    """Return a workbook with one row per judge, entry and criterion."""
    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Scores"),
        [_("Entry"), _("Agency"), _("Judge"), _("Username"), _("Criterion"), _("Weight (%)"), _("Score"),
         _("Comment"), _("Status"), _("Submitted at")],
    )
    for score in selectors.stage_scores_for_export(stage):
        assignment = score.assignment
        submitted = timezone.localtime(assignment.submitted_at).strftime("%Y-%m-%d %H:%M") if assignment.submitted_at else ""
        sheet.append([
            _cell(assignment.entry.innovation.title),
            _cell(assignment.entry.innovation.agency.name),
            _cell(str(assignment.judge)),
            assignment.judge.username,
            _cell(score.criterion.name),
            float(score.criterion.weight),
            float(score.value),
            _cell(score.comment),
            str(assignment.get_status_display()),
            submitted,
        ])
    return workbook


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
