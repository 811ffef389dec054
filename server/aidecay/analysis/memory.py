"""How much memory this process holds, for the analysis child's bound
(``analysis.memoryLimitMb``)."""

from __future__ import annotations

import os
import sys


def resident_mib() -> float | None:
    """Resident memory now (Linux), else the peak so far (other Unix); None when unknown."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, else KiB
