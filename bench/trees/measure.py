"""Runs one command and prints its wall time and peak RSS (os.wait4).

usage: /usr/bin/python3 bench/trees/measure.py CMD ARGS...
prints: wall_ms=... peak_rss_mib=... exit=...
"""
import os
import subprocess
import sys
import time

t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
wall = (time.perf_counter() - t0) * 1000
code = os.waitstatus_to_exitcode(status)
print("wall_ms=%.1f peak_rss_mib=%.1f exit=%d" % (wall, usage.ru_maxrss / 1024.0, code))
sys.exit(code)
