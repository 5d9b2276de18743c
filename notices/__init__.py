"""The one outbox: every e-mail the portal sends is a registered kind queued by ``notify``."""
