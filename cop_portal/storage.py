"""Uploaded files under names nobody can guess: ``<folder>/<random token>/<original name>``.

The original name stays readable for the person downloading; the random folder means a
file cannot be found from its upload month and name. Files are never served from
MEDIA_ROOT directly in production: a view checks who may have them (meetings/files.py).
"""

import os
import secrets

from django.core.files.storage import FileSystemStorage


class UnguessableFileSystemStorage(FileSystemStorage):
    def generate_filename(self, filename):
        name = super().generate_filename(filename)
        folder, base = os.path.split(name)
        return os.path.join(folder, secrets.token_urlsafe(18), base)
