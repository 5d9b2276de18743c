"""Signals other apps listen to (members never imports them)."""

from django.dispatch import Signal

# Sent inside the erasure's transaction with ``user`` (already erased): apps blank the
# personal copies they keep (e.g. the name on an attendance row), keeping the statistics.
user_erased = Signal()
