#!/usr/bin/python3
"""Check that a guide's code blocks are the compiled sources they quote.

Usage:
    check_snippets.py REPO_ROOT DOC [--update]

In DOC, a code block preceded by the line
    <!-- snippet: path/from/repo/root#name -->
must equal the region of that file between the lines holding
`[snippet:name]` and `[/snippet:name]` (indentation common to the region
removed). Those files are built and run by the test suite, so the guide's
code is too. Code blocks without such a line are allowed only for shell
commands and their output (```sh, ```console, ```text).

--update rewrites DOC's quoted blocks from the sources instead of checking.
Exit code 0 when the guide and the sources agree.
"""

import os
import re
import sys
import textwrap

MARKER = re.compile(r"^<!-- snippet: (?P<path>[^#\s]+)#(?P<name>[\w-]+) -->$")
FENCE = re.compile(r"^```(?P<lang>[\w+-]*)$")
FREE_LANGS = {"sh", "console", "text"}


def region(root, path, name):
    """The lines of snippet `name` in root/path, dedented."""
    full = os.path.join(root, path)
    with open(full, encoding="utf-8") as f:
        lines = f.read().splitlines()
    begin = [i for i, l in enumerate(lines) if "[snippet:%s]" % name in l]
    end = [i for i, l in enumerate(lines) if "[/snippet:%s]" % name in l]
    if len(begin) != 1 or len(end) != 1 or end[0] <= begin[0]:
        raise ValueError("%s: needs exactly one [snippet:%s] ... [/snippet:%s] region"
                         % (path, name, name))
    body = "\n".join(lines[begin[0] + 1:end[0]])
    return textwrap.dedent(body).strip("\n").splitlines()


def blocks(lines):
    """(marker or None, fence line index, closing fence index) per block."""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            close = next((j for j in range(i + 1, len(lines)) if lines[j] == "```"), None)
            if close is None:
                raise ValueError("line %d: code block never closed" % (i + 1))
            marker = MARKER.match(lines[i - 1]) if i > 0 else None
            yield marker, m.group("lang"), i, close
            i = close + 1
        else:
            i += 1


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--update"):
        sys.exit(__doc__)
    root, doc, update = argv[1], argv[2], len(argv) == 4
    with open(doc, encoding="utf-8") as f:
        lines = f.read().splitlines()
    errors, out, last, quoted = [], [], 0, 0
    for marker, lang, open_at, close_at in list(blocks(lines)):
        where = "%s:%d" % (doc, open_at + 1)
        if marker is None:
            if lang not in FREE_LANGS:
                errors.append("%s: ```%s block quotes no compiled source (add a "
                              "<!-- snippet: path#name --> line above it)" % (where, lang))
            continue
        quoted += 1
        try:
            want = region(root, marker.group("path"), marker.group("name"))
        except (OSError, ValueError) as e:
            errors.append("%s: %s" % (where, e))
            continue
        have = lines[open_at + 1:close_at]
        out += lines[last:open_at + 1] + want
        last = close_at
        if have != want:
            errors.append("%s: differs from %s#%s (run with --update to refresh)"
                          % (where, marker.group("path"), marker.group("name")))
    for i, l in enumerate(lines):
        if not l.startswith("<!-- snippet:"):
            continue
        if not MARKER.match(l):
            errors.append("%s:%d: malformed snippet marker" % (doc, i + 1))
        elif i + 1 >= len(lines) or not FENCE.match(lines[i + 1]):
            errors.append("%s:%d: snippet marker not followed by a code block" % (doc, i + 1))
    if update:
        with open(doc, "w", encoding="utf-8") as f:
            f.write("\n".join(out + lines[last:]) + "\n")
        print("%s: %d quoted blocks refreshed" % (doc, quoted))
        return 0
    for e in errors:
        print(e)
    if quoted == 0:
        print("%s: no quoted blocks found" % doc)
        return 1
    print("%s: %d quoted blocks, %s" % (doc, quoted, "%d problems" % len(errors)
                                         if errors else "all match their sources"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
