from django.urls import path

from innovations.views import proposal, public, review, workspace

public_patterns = (
    [
        path("", public.home, name="home"),
        path("inovasi/", public.innovation_list, name="innovation_list"),
        path("inovasi/<slug:slug>/", public.innovation_detail, name="innovation_detail"),
        path("kompetisi/<int:year>/", public.competition_detail, name="competition_detail"),
        path("instansi/<slug:slug>/", public.agency_detail, name="agency_detail"),
        path("berkas/<uuid:uuid>/", public.attachment_download, name="attachment"),
        path("berkas/<uuid:uuid>/kecil/", public.attachment_thumbnail, name="attachment_thumbnail"),
        path("healthz", public.healthz, name="healthz"),
    ],
    "public",
)

workspace_patterns = (
    [
        path("", workspace.dashboard, name="dashboard"),
        path("inovasi/baru/", workspace.innovation_create, name="innovation_create"),
        path("inovasi/<int:pk>/", workspace.innovation_edit, name="innovation_edit"),
        path("inovasi/<int:pk>/ajukan/", workspace.innovation_submit, name="innovation_submit"),
        path("inovasi/<int:pk>/lampiran/", workspace.attachment_upload, name="attachment_upload"),
        path(
            "inovasi/<int:pk>/lampiran/<uuid:uuid>/hapus/",
            workspace.attachment_delete,
            name="attachment_delete",
        ),
        path("inovasi/<int:pk>/tarik/", proposal.innovation_withdraw, name="innovation_withdraw"),
        path("inovasi/<int:pk>/riwayat/", proposal.innovation_history, name="innovation_history"),
        path(
            "inovasi/<int:pk>/riwayat/<int:history_id>/",
            proposal.innovation_version,
            name="innovation_version",
        ),
        path("inovasi/<int:pk>/cetak/", proposal.innovation_print, name="innovation_print"),
        path("tinjauan/", review.review_list, name="review_list"),
        path("tinjauan/<int:pk>/", review.review_detail, name="review_detail"),
        path("tinjauan/<int:pk>/kembalikan/", review.review_return, name="review_return"),
        path("tinjauan/<int:pk>/teruskan/", review.review_forward, name="review_forward"),
    ],
    "workspace",
)
