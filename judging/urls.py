from django.urls import path

from judging.views import judge, organiser, participant, public

workspace_patterns = (
    [
        # Organiser (admin)
        path("", organiser.organiser_home, name="organiser_home"),
        path("kompetisi/<int:year>/tahap-bawaan/", organiser.stage_sequence_create, name="stage_sequence_create"),
        path("tahap/<int:pk>/", organiser.stage_detail, name="stage_detail"),
        path("tahap/<int:pk>/aksi/<slug:action>/", organiser.stage_action, name="stage_action"),
        path("tahap/<int:pk>/penugasan/", organiser.stage_assignments, name="stage_assignments"),
        path("tahap/<int:pk>/hasil/", organiser.stage_results, name="stage_results"),
        path("tahap/<int:pk>/sanggahan/", organiser.stage_objections, name="stage_objections"),
        path("tahap/<int:pk>/ekspor/nilai.xlsx", organiser.export_scores, name="export_scores"),
        path("tahap/<int:pk>/ekspor/peringkat.xlsx", organiser.export_ranking, name="export_ranking"),
        path("penugasan/<int:pk>/hapus/", organiser.assignment_remove, name="assignment_remove"),
        path("entri/<int:pk>/juri-tambahan/", organiser.entry_extra_judge, name="entry_extra_judge"),
        path("entri/<int:pk>/penyimpangan/", organiser.entry_override, name="entry_override"),
        path("sanggahan/<int:pk>/putusan/", organiser.objection_resolve, name="objection_resolve"),
        path("sanggahan/<int:pk>/dokumen/", organiser.objection_document, name="objection_document"),
        path("juri/", organiser.judge_list, name="judge_list"),
        # Judges
        path("antrean/", judge.queue, name="queue"),
        path("pakta-integritas/", judge.pact, name="pact"),
        path("penilaian/<int:pk>/", judge.score_sheet, name="score_sheet"),
        path("penilaian/<int:pk>/konflik/", judge.conflict_declare, name="conflict_declare"),
        # Work units and coordinators
        path("hasil-seleksi/", participant.outcomes, name="outcomes"),
        path("rekapitulasi/<int:year>.xlsx", participant.recap_export, name="recap_export"),
    ],
    "judging",
)

public_patterns = (
    [
        path("", public.objection_index, name="index"),
        path("<slug:slug>/", public.objection_create, name="create"),
    ],
    "objections",
)
