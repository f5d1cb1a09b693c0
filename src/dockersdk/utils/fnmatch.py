"""Shell-style matching of ``/``-separated paths: docker-py's ``docker.utils.fnmatch``.

Unlike the standard library's :mod:`fnmatch`, ``*`` and ``?`` never match ``/``, and ``**``
matches any number of path components (``a/**/b`` matches ``a/b`` and ``a/x/y/b``; a
trailing ``**`` matches everything). dockersdk's own ``.dockerignore`` matching (the
Docker CLI's rules) is :mod:`dockersdk.utils.dockerignore`.
"""

from __future__ import annotations

import functools
import re

__all__ = ["fnmatch", "fnmatchcase", "translate"]


def fnmatch(name: str, pat: str) -> bool:
    """Whether path ``name`` matches ``pat``, ignoring case."""
    return fnmatchcase(name.lower(), pat.lower())


def fnmatchcase(name: str, pat: str) -> bool:
    """Whether path ``name`` matches ``pat``, case included."""
    return _compiled(pat).match(name) is not None


@functools.lru_cache(maxsize=256)
def _compiled(pat: str) -> re.Pattern[str]:
    return re.compile(translate(pat))


def _char_class(pat: str, start: int) -> tuple[str, int] | None:
    """The regex for the ``[...]`` opening at ``pat[start - 1]``, and where it ends."""
    end = start
    if end < len(pat) and pat[end] == "!":
        end += 1
    if end < len(pat) and pat[end] == "]":
        end += 1
    end = pat.find("]", end)
    if end == -1:
        return None
    body = pat[start:end].replace("\\", "\\\\")
    if body.startswith("!"):
        body = "^" + body[1:]
    elif body.startswith("^"):
        body = "\\" + body
    return f"[{body}]", end + 1


def translate(pat: str) -> str:
    """The regular expression (anchored at both ends) for shell pattern ``pat``.

    There is no way to quote a metacharacter.
    """
    out = ["^"]
    i, n = 0, len(pat)
    while i < n:
        char = pat[i]
        i += 1
        if char == "*" and i < n and pat[i] == "*":
            i += 1
            if i < n and pat[i] == "/":
                i += 1
            out.append(".*" if i >= n else "(.*/)?")
        elif char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (found := _char_class(pat, i)) is not None:
            regex, i = found
            out.append(regex)
        else:
            out.append(re.escape(char))
    out.append("$")
    return "".join(out)
