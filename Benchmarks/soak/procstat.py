"""What run.sh and flood.sh read of a process: its memory from /proc/PID/status, in MB."""


def memory_mb(pid, field="VmRSS"):
    """VmRSS (all resident pages), RssAnon (the heap and stacks) or RssFile (mapped files: the executable, the database)."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    except OSError:
        return 0
    return 0
