from django.urls import path

from accounts.views import batches, coordinator, first_sign_in, organiser

app_name = "accounts"

urlpatterns = [
    path("unit-kerja/", coordinator.unit_list, name="unit_list"),
    path("unit-kerja/baru/", coordinator.unit_create, name="unit_create"),
    path("unit-kerja/impor/", coordinator.unit_import, name="unit_import"),
    path("unit-kerja/impor/<str:token>/simpan/", coordinator.unit_import_confirm, name="unit_import_confirm"),
    path("unit-kerja/<int:pk>/", coordinator.unit_edit, name="unit_edit"),
    path("unit-kerja/<int:pk>/nonaktifkan/", coordinator.unit_deactivate, name="unit_deactivate"),
    path("unit-kerja/<int:pk>/aktifkan/", coordinator.unit_reactivate, name="unit_reactivate"),
    path("akun/terbitkan/", coordinator.operator_issue, name="operator_issue"),
    path("akun/<int:pk>/terbitkan-ulang/", coordinator.account_reissue, name="account_reissue"),
    path("akun/<int:pk>/nonaktifkan/", coordinator.account_deactivate, name="account_deactivate"),
    path("akun/batch/<str:batch_id>/", batches.batch_progress, name="batch_progress"),
    path("akun/batch/<str:batch_id>/proses/", batches.batch_process, name="batch_process"),
    path("akun/slip/<str:batch_id>/", batches.batch_slips, name="batch_slips"),
    path("akun/slip/<str:batch_id>/csv/", batches.batch_csv, name="batch_csv"),
    path("akun/slip/<str:batch_id>/tutup/", batches.batch_close, name="batch_close"),
    path("instansi/", organiser.agency_list, name="agency_list"),
    path("instansi/terbitkan/", organiser.coordinator_issue, name="coordinator_issue"),
    path("log-aktivitas/", coordinator.activity_list, name="activity_list"),
    path("profil/", first_sign_in.profile, name="profile"),
    path("profil/masuk-pertama/", first_sign_in.first_sign_in, name="first_sign_in"),
]
