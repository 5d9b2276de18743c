"""E-mail backend of the embedded defaults: write each message to a file and echo it."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleBackend(FileBackend):
    """Writes messages under EMAIL_FILE_PATH (one file per batch) and to stdout."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        if sent:
            ConsoleBackend(fail_silently=self.fail_silently).send_messages(email_messages)
        return sent
