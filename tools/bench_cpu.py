"""CPU time per process during a load run (from /proc), so that the benchmark shows where the
time goes: CPU seconds per message hardly depend on what else runs on the machine, while
messages per second do."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
Pids = Callable[[], dict[str, int]]  # process kind -> the pid at the top of its tree


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # after "pid (comm) "


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            out.setdefault(int(fields[1]), []).append(int(entry.name))
    return out


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each process tree."""
    children, out = _children(), {}
    for kind, top in pids.items():
        total, todo = 0, [top]
        while todo:
            pid = todo.pop()
            fields = _stat(pid)
            if fields is not None:
                total += int(fields[11]) + int(fields[12])  # utime, stime
            todo += children.get(pid, [])
        out[kind] = total / TICK
    return out


def used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds per kind between two snapshots (a restarted process: from zero)."""
    return {k: max(0.0, after.get(k, 0.0) - before.get(k, 0.0)) for k in after}


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])
