from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from sinovik.cache import bump_after_admin_change

        # Any change in the admin site may show on a public page.
        post_save.connect(bump_after_admin_change, sender=LogEntry, dispatch_uid="portal-admin-change")
