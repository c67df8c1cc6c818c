from django.urls import path

from innovations.views import public, workspace

public_patterns = (
    [
        path("", public.home, name="home"),
        path("inovasi/", public.innovation_list, name="innovation_list"),
        path("inovasi/<slug:slug>/", public.innovation_detail, name="innovation_detail"),
        path("berkas/<uuid:uuid>/", public.attachment_download, name="attachment"),
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
    ],
    "workspace",
)
