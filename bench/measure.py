"""Measure one command as a process tree: wall time, CPU, peak memory, and how busy the
machine was with other work meanwhile.

Memory. `getrusage`/`wait4` report the peak RSS of the largest single process only,
while `ftcomply check --jobs N` is a parent plus N pool workers. So a sampler thread
walks the tree under /proc every SAMPLE_SECONDS and keeps, for each process, its
kernel-kept high-water mark (VmHWM), plus the largest simultaneous sums of RSS and of
PSS (proportional set size: pages shared between the forked workers and the parent are
split between them, so the PSS sum does not count them twice). Reported:

- `peak_rss_mb`: the parent's peak plus every worker's peak. The peaks need not
  coincide, and forked workers share pages with the parent, so this is an upper bound;
  it is the number the targets are judged by.
- `peak_pss_mb`: the largest simultaneous PSS sum seen (the memory the run really
  occupied, to the sampling interval).
- `max_single_rss_mb`: `wait4`'s ru_maxrss, exact, the largest single process.

The parent's own peak: its last sampled VmHWM, or `wait4`'s when the parent is the
largest process. (A child's ru_maxrss starts from the RSS of the process that forked it,
this one, about 15 MB, so smaller peaks are not meaningful.)

Other work. On a shared machine a run can be slowed by other processes: the CPU time
the whole machine spent (/proc/stat, steal included) minus the CPU time of the measured
tree, over wall time x cores, is `others_cpu_share`; 0 means the machine was otherwise
idle. `/proc/loadavg` is recorded before and after as well.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_SECONDS = 0.05
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall_s: float
    cpu_s: float  # user + system of the whole tree
    exit_code: int
    peak_rss_mb: float  # parent peak + sum of worker peaks (upper bound)
    parent_peak_mb: float
    worker_peaks_mb: tuple[float, ...]
    peak_pss_mb: float  # largest simultaneous PSS sum sampled
    max_single_rss_mb: float  # wait4 ru_maxrss: the largest single process
    others_cpu_share: float  # machine CPU used by other processes, share of all cores
    loadavg_before: str
    loadavg_after: str
    stdout: str = field(repr=False, default="")
    stderr: str = field(repr=False, default="")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("stdout")
        data.pop("stderr")
        return data


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def _cpu_busy_seconds() -> tuple[float, int]:
    """Seconds the machine's CPUs were busy since boot (steal included), and the CPU count."""
    lines = Path("/proc/stat").read_text().splitlines()
    fields = [int(v) for v in lines[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3].isdigit())
    return busy / _TICKS, cpus


def _status_kib(pid: int, keys: tuple[str, ...]) -> dict[str, int]:
    found = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key = line.split(":", 1)[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    """The process and all its descendants (no /proc/*/children here: scan ppids)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        tree.append(pid)
        queue.extend(children.get(pid, []))
    return tree


class _TreeSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.hwm_kib: dict[int, int] = {}
        self.peak_rss_sum_kib = 0
        self.peak_pss_sum_kib = 0
        self.stop = threading.Event()
        self.cpu_s = 0.0  # this thread's own CPU time, not the measured tree's

    def run(self) -> None:
        while not self.stop.is_set():
            rss_sum = pss_sum = 0
            for pid in _descendants(self.root):
                status = _status_kib(pid, ("VmHWM", "VmRSS"))
                if "VmHWM" in status:
                    self.hwm_kib[pid] = max(self.hwm_kib.get(pid, 0), status["VmHWM"])
                    rss_sum += status["VmRSS"]
                    pss_sum += _pss_kib(pid)
            self.peak_rss_sum_kib = max(self.peak_rss_sum_kib, rss_sum)
            self.peak_pss_sum_kib = max(self.peak_pss_sum_kib, pss_sum)
            self.stop.wait(SAMPLE_SECONDS)
        self.cpu_s = _thread_cpu()


def wait_for_quiet(limit: float, max_wait: float, window: float = 2.0) -> float:
    """Wait (at most `max_wait` seconds) until the machine's CPU use over `window` seconds
    is at most `limit` of all cores; returns the share last seen."""
    deadline = time.monotonic() + max_wait
    while True:
        busy_before, cpus = _cpu_busy_seconds()
        time.sleep(window)
        busy_after, _ = _cpu_busy_seconds()
        share = (busy_after - busy_before) / (window * cpus)
        if share <= limit or time.monotonic() >= deadline:
            return share


def run_measured(command: list[str], cwd: Path | None = None,
                 env: dict[str, str] | None = None, timeout: float | None = None) -> Sample:
    """Run `command` to its end and measure it (stdout and stderr are captured to files)."""
    before_load = loadavg()
    busy_before, cpus = _cpu_busy_seconds()
    own_before = _thread_cpu()
    with open(os.devnull, "rb") as stdin, _Capture() as out, _Capture() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin, stdout=out.handle,
                                   stderr=err.handle)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        deadline = None if timeout is None else start + timeout
        while True:  # wait4 for the exact rusage; poll so a timeout can still stop it
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.005)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        stdout, stderr = out.text(), err.text()
    busy_after, _ = _cpu_busy_seconds()
    cpu = usage.ru_utime + usage.ru_stime
    own = sampler.cpu_s + _thread_cpu() - own_before  # this process's measuring work
    others = max(0.0, (busy_after - busy_before) - cpu - own)
    single_kib = usage.ru_maxrss
    workers = {pid: kib for pid, kib in sampler.hwm_kib.items() if pid != process.pid}
    # ru_maxrss is exact but counts the largest process, and a child starts from this
    # process's RSS at fork; the sampled VmHWM may miss the last growth before exit.
    sampled_parent = sampler.hwm_kib.get(process.pid, 0)
    parent_kib = (max(single_kib, sampled_parent)
                  if single_kib > max(workers.values(), default=0) else sampled_parent)
    return Sample(
        wall_s=wall,
        cpu_s=cpu,
        exit_code=process.returncode,
        peak_rss_mb=(parent_kib + sum(workers.values())) / 1024,
        parent_peak_mb=parent_kib / 1024,
        worker_peaks_mb=tuple(kib / 1024 for _, kib in sorted(workers.items())),
        peak_pss_mb=sampler.peak_pss_sum_kib / 1024,
        max_single_rss_mb=single_kib / 1024,
        others_cpu_share=min(1.0, others / (wall * cpus)) if wall > 0 else 0.0,
        loadavg_before=before_load,
        loadavg_after=loadavg(),
        stdout=stdout,
        stderr=stderr,
    )


def _thread_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_utime + usage.ru_stime


class _Capture:
    """A temporary file to capture a stream: pipes could fill and stall the child."""

    def __enter__(self) -> _Capture:
        import tempfile

        self.handle = tempfile.TemporaryFile()
        return self

    def text(self) -> str:
        self.handle.seek(0)
        return self.handle.read().decode("utf-8", "replace")

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
