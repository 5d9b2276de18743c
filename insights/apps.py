from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _tallies_after_flush(sender, using, **kwargs):
    from django.db import connections

    from .tallies import tallies_emptied_with_their_rows

    tallies_emptied_with_their_rows(connections[using])


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Participation insights")

    def ready(self):
        # ``flush`` (and ``migrate``) end with post_migrate: tallies left by an emptied table go.
        post_migrate.connect(_tallies_after_flush, sender=self)
