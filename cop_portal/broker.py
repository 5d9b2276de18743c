"""kombu's filesystem transport, made safe for a worker that polls while we write.

The stock transport writes a message file in place, so an idle worker can read it
half-written, fail to decode it and exit (kombu issue #1551). Here each message is
written under a temporary name that the reader ignores and then renamed into place
with ``os.replace``, which is atomic on POSIX. The folders are created up front, the
control folder included, so a fresh checkout needs no set-up step.
"""

import contextlib
import os
import tempfile
import uuid
from pathlib import Path
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.transport_options
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            folder = options.get(key)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)

    def _put(self, queue, payload, **kwargs):
        """Put a message on ``queue`` so that readers only ever see whole files."""
        # Same name scheme as kombu (sortable by time), so _get keeps FIFO order.
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        folder = self.data_folder_out
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(str_to_bytes(dumps(payload)))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, os.path.join(folder, name))
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise ChannelError(f"Cannot add message {name!r} to {folder!r}") from exc


class Transport(filesystem.Transport):
    Channel = Channel
