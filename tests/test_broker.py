"""The embedded broker never exposes a half-written message file."""

import os

from kombu import Connection


def test_filesystem_broker_writes_messages_atomically(tmp_path):
    folder = tmp_path / "q"
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
        "processed_folder": str(tmp_path / "done"),
    }
    with Connection("copfs://", transport_options=options) as conn:
        queue = conn.SimpleQueue("probe")
        big = "x" * 2_000_000
        queue.put({"payload": big})
        names = os.listdir(folder)
        assert len(names) == 1 and names[0].endswith(".probe.msg")
        assert not [n for n in names if n.endswith(".part")]
        assert (tmp_path / "control").is_dir()
        assert queue.get(timeout=1).payload == {"payload": big}
        queue.close()
