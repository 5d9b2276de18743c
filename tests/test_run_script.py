"""`make run` stops cleanly on Ctrl-C: web, worker and beat go, and make reports no error."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "run-all.sh"


# Starts make and its process group and signals it: not beside other tests.
@pytest.mark.serial
@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make not installed")
def test_ctrl_c_stops_everything_without_a_make_error(tmp_path):
    # The three servers stand in as sleeps; the script's own signal handling is what is tested.
    script = SCRIPT.read_text()
    script = "\n".join(
        "sleep 300 &" if line.startswith(("$PY -m celery", "$PY manage.py runserver")) else line
        for line in script.splitlines()
    )
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run-all.sh").write_text(script)
    (tmp_path / "Makefile").write_text("run:\n\tbash scripts/run-all.sh\n")
    out = tmp_path / "out.txt"

    def foreground():  # like a terminal's foreground job: its own group, Ctrl-C not ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()

    with out.open("w") as sink:
        make = subprocess.Popen(
            ["make", "run"], cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=foreground
        )
    deadline = time.monotonic() + 20
    while "Ctrl-C stops everything" not in out.read_text():
        assert time.monotonic() < deadline and make.poll() is None, out.read_text()
        time.sleep(0.05)
    os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    make.wait(20)
    text = out.read_text()
    assert "Stopped web, worker and beat." in text
    assert "Error" not in text
    leftovers = subprocess.run(["pgrep", "-g", str(make.pid)], capture_output=True, text=True).stdout.split()
    assert leftovers == []
