"""Peak memory of the current process, for the tests that bound what parsing may use."""

import resource
from pathlib import Path

STATUS = Path("/proc/self/status")


def peak_bytes() -> int:
    """VmHWM where /proc has it (ru_maxrss carries a parent's peak through fork); else ru_maxrss."""
    if STATUS.exists():
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
