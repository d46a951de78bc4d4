#!/usr/bin/python3
"""Check that c_api.h's ABI history names every host function where it was added.

Usage:
    check_abi_history.py path/to/c_api.h

oc_host_api is split by `---- added in 1.N ----` lines; the header comment's
"ABI history" has one `1.N` entry per minor. Every function of the table
must be named in the entry of the minor that added it, and the newest entry
must be OC_ABI_MINOR: a function added without a history line, or a minor
bump without its entry, fails.
"""

import re
import sys


def history(text):
    """{minor: text of its entry} from the header comment."""
    start = text.index("ABI history")
    end = text.index("*/", start)
    entries, minor = {}, None
    for line in text[start:end].splitlines():
        m = re.match(r"^\s*\*\s+(\d+)\.(\d+)\s", line)
        if m:
            minor = int(m.group(2))
            entries[minor] = ""
        if minor is not None:
            entries[minor] += line + "\n"
    return entries


def table(text):
    """{minor: [function names]} from struct oc_host_api."""
    body = re.search(r"typedef struct oc_host_api \{(.*?)\} oc_host_api;", text, re.S).group(1)
    added, minor = {}, None
    for line in body.splitlines():
        m = re.search(r"---- added in \d+\.(\d+) ----", line)
        if m:
            minor = int(m.group(1))
            added.setdefault(minor, [])
        for name in re.findall(r"\(\*(\w+)\)", line):
            if minor is None:
                raise ValueError("oc_host_api: %s comes before any 'added in' line" % name)
            added[minor].append(name)
    return added


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    text = open(argv[1], encoding="utf-8").read()
    current = int(re.search(r"#define OC_ABI_MINOR (\d+)", text).group(1))
    entries, added = history(text), table(text)
    errors = []
    if max(entries, default=-1) != current:
        errors.append("the history's newest entry is 1.%s; OC_ABI_MINOR is %d"
                      % (max(entries, default="?"), current))
    for minor, names in sorted(added.items()):
        entry = entries.get(minor, "")
        for name in names:
            if not re.search(r"\b%s\b" % name, entry):
                errors.append("%s (added in 1.%d) is not named in the history's 1.%d entry"
                              % (name, minor, minor))
    for e in errors:
        print("%s: %s" % (argv[1], e))
    n = sum(len(v) for v in added.values())
    print("%s: %d host functions, minors %s: %s" % (
        argv[1], n, sorted(added), "%d problems" % len(errors) if errors else "history complete"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
