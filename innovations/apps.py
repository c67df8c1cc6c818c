from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _store_history_author_name(sender, history_instance, **kwargs):
    """Copy the author's name into a historical record, so it outlives the account."""
    user = history_instance.history_user
    if user is not None and hasattr(history_instance, "history_user_name"):
        name = user.full_name or user.username
        history_instance.history_user_name = f"{name} ({user.username})" if user.full_name else name


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Competitions and innovations")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        pre_create_historical_record.connect(
            _store_history_author_name, dispatch_uid="innovations_history_author_name"
        )
