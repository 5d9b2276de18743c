"""The outbox's own kind: a test message an administrator sends to check the mail server."""

from .registry import register

register("test_message", template="cop_portal/emails/test_message", category=None)
