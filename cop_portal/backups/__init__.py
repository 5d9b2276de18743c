"""Encrypted backups of the database and the uploaded files, and their restore (README, "Runbook")."""

from .archive import backup_create, backup_open, backup_prune, backup_restore
from .crypto import DAMAGED, WRONG_KEY, BackupError

__all__ = [
    "DAMAGED",
    "WRONG_KEY",
    "BackupError",
    "backup_create",
    "backup_open",
    "backup_prune",
    "backup_restore",
]
