""".dockerignore rules exactly as the Docker CLI applies them (moby ``patternmatcher``).

Reading (``ignorefile.ReadAll``): a UTF-8 BOM is dropped; lines starting with ``#`` are
comments; whitespace around a pattern is trimmed; ``!`` marks an exception; each pattern
is cleaned like Go's ``filepath.Clean`` (``./a`` → ``a``, ``a//b/../c`` → ``a/c``) and a
leading ``/`` is removed.

Matching (Go ``filepath.Match`` syntax plus ``**``): ``*`` and ``?`` never cross ``/``;
``[...]``/``[^...]`` are character classes; ``\\`` escapes; ``**`` matches any number of
directories. Patterns are anchored at the context root. A path is excluded when the
last pattern that matches it, or one of its parent directories, is not an exception.
Malformed patterns are errors, as in the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from dockersdk.errors import InvalidArgument, require_type

__all__ = ["Pattern", "PatternMatcher", "clean_path", "parse_dockerignore"]


def clean_path(path: str) -> str:
    """Clean a slash-separated path the way Go's ``path/filepath.Clean`` does on Unix.

    Args:
        path: the path.

    Returns:
        The shortest equivalent path (``'.'`` for an empty one).
    """
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


def normalize_pattern_line(line: str) -> str | None:
    """Normalize one ``.dockerignore`` line as the CLI's reader does.

    Args:
        line: the raw line (without its line break).

    Returns:
        The pattern (``'!'``-prefixed for exceptions), or None for comments and blanks.
    """
    if line.startswith("#"):
        return None
    pattern = line.strip()
    if not pattern:
        return None
    invert = pattern.startswith("!")
    if invert:
        pattern = pattern[1:].strip()
    if pattern:
        pattern = clean_path(pattern)
        if len(pattern) > 1 and pattern.startswith("/"):
            pattern = pattern[1:]
    return "!" + pattern if invert else pattern


def parse_dockerignore(text: str | bytes) -> list[str]:
    """Parse the contents of a ``.dockerignore`` file into its patterns.

    Args:
        text: the file's contents.

    Returns:
        The normalized patterns in file order.
    """
    require_type(text, (str, bytes), "parse_dockerignore(): text")
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    patterns: list[str] = []
    for line in text.split("\n"):
        pattern = normalize_pattern_line(line.removesuffix("\r"))
        if pattern is not None:
            patterns.append(pattern)
    return patterns


class _Kind(Enum):
    EXACT = 1
    PREFIX = 2
    SUFFIX = 3
    REGEX = 4


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    """Read one (possibly escaped) character of a ``[...]`` class, Go's ``getEsc``."""
    n = len(pattern)
    if i >= n or pattern[i] in "-]":
        raise ValueError
    if pattern[i] == "\\":
        i += 1
        if i >= n:
            raise ValueError
    if i + 1 >= n:  # the class must still be closed after this character
        raise ValueError
    return pattern[i], i + 1


def _parse_class(pattern: str, i: int) -> tuple[str, int]:
    """Parse a class starting after its ``[``; return a Python regex class and the end."""
    negated = i < len(pattern) and pattern[i] == "^"
    if negated:
        i += 1
    items: list[str] = []
    while True:
        if i < len(pattern) and pattern[i] == "]" and items:
            i += 1
            break
        low, i = _class_char(pattern, i)
        item = re.escape(low)
        if pattern[i] == "-":
            high, i = _class_char(pattern, i + 1)
            item += "-" + re.escape(high)
        items.append(item)
    return "[" + ("^" if negated else "") + "".join(items) + "]", i


class Pattern:
    """One cleaned ``.dockerignore`` pattern.

    Matching follows moby's ``patternmatcher``, including its shortcuts: a pattern with
    no wildcard is an exact match, ``foo/**`` a prefix match, and a pattern starting with
    ``**`` and otherwise literal (``**/foo``, ``**.pyc``) a suffix match.

    Args:
        text: the pattern, without ``!`` and already cleaned.
        exclusion: it is a ``!`` exception.

    Raises:
        InvalidArgument: the pattern is malformed (an unclosed ``[``, an empty class, a
            trailing ``\\``...).
    """

    def __init__(self, text: str, exclusion: bool = False) -> None:
        self.text = text
        self.exclusion = exclusion
        self.dirs = text.split("/")
        try:
            self._kind, regex = self._compile(text)
        except ValueError:
            raise InvalidArgument(
                f"syntax error in .dockerignore pattern {('!' if exclusion else '') + text!r}"
            ) from None
        self._regex = re.compile(regex, re.DOTALL) if self._kind is _Kind.REGEX else None

    def __repr__(self) -> str:
        return f"Pattern({('!' if self.exclusion else '') + self.text!r})"

    @staticmethod
    def _compile(pattern: str) -> tuple[_Kind, str]:
        kind = _Kind.EXACT
        regex: list[str] = []
        i, n, token = 0, len(pattern), 0
        while i < n:
            char = pattern[i]
            i += 1
            if char == "*":
                if i < n and pattern[i] == "*":
                    i += 1
                    if i < n and pattern[i] == "/":
                        i += 1
                    if i >= n:
                        if kind is _Kind.EXACT:
                            kind = _Kind.PREFIX
                        else:
                            regex.append("[^\n]*")
                            kind = _Kind.REGEX
                    else:
                        regex.append("(?:[^\n]*/)?")
                        kind = _Kind.REGEX
                    if token == 0:
                        kind = _Kind.SUFFIX
                else:
                    regex.append("[^/]*")
                    kind = _Kind.REGEX
            elif char == "?":
                regex.append("[^/]")
                kind = _Kind.REGEX
            elif char == "\\":
                if i >= n:
                    raise ValueError
                regex.append(re.escape(pattern[i]))
                i += 1
                kind = _Kind.REGEX
            elif char == "[":
                item, i = _parse_class(pattern, i)
                regex.append(item)
                kind = _Kind.REGEX
            else:
                regex.append(re.escape(char))
                if char == "]":
                    kind = _Kind.REGEX
            token += 1
        return kind, "".join(regex)

    def match(self, path: str) -> bool:
        """Tell whether this pattern matches ``path`` itself (not its parents).

        Args:
            path: a slash-separated path relative to the context root.

        Returns:
            True on a match.
        """
        if self._kind is _Kind.EXACT:
            return path == self.text
        if self._kind is _Kind.PREFIX:
            return path.startswith(self.text[:-2])
        if self._kind is _Kind.SUFFIX:
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        assert self._regex is not None
        return self._regex.fullmatch(path) is not None


class PatternMatcher:
    """An ordered list of patterns, later ones winning.

    Args:
        patterns: patterns as :func:`parse_dockerignore` returns them (``!`` for
            exceptions); each is trimmed and cleaned again, empty ones are skipped.

    Raises:
        InvalidArgument: a pattern is malformed or is a lone ``!``.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns: list[Pattern] = []
        for raw in patterns:
            text = raw.strip()
            if not text:
                continue
            text = clean_path(text)
            exclusion = text.startswith("!")
            if exclusion:
                if len(text) == 1:
                    raise InvalidArgument('illegal exclusion pattern: "!"')
                text = text[1:]
            self.patterns.append(Pattern(text, exclusion))

    @property
    def exclusions(self) -> bool:
        """True when some pattern is a ``!`` exception."""
        return any(p.exclusion for p in self.patterns)

    def matches_using_parent_results(
        self, path: str, parent: list[bool] | None
    ) -> tuple[bool, list[bool]]:
        """Decide whether ``path`` is excluded, reusing its parent directory's results.

        This is the rule the CLI's context walk uses: a pattern that matched the parent
        directory counts as matching everything inside it.

        Args:
            path: a slash-separated path relative to the root.
            parent: the per-pattern results of the parent directory, or None for a
                top-level entry (parents are then matched by prefix).

        Returns:
            ``(excluded, per_pattern_results)``; keep the latter for a directory's
            children.
        """
        matched = False
        results = [False] * len(self.patterns)
        for index, pattern in enumerate(self.patterns):
            hit = parent[index] if parent else False
            if not hit:
                if pattern.exclusion != matched:
                    continue
                hit = pattern.match(path)
                if not hit and not parent and "/" in path:
                    dirs = path.split("/")[:-1]
                    hit = any(pattern.match("/".join(dirs[: i + 1])) for i in range(len(dirs)))
            results[index] = hit
            if hit:
                matched = not pattern.exclusion
        return matched, results

    def matches_legacy(self, path: str) -> bool:
        """moby's deprecated ``Matches``: parents are checked at the pattern's depth only.

        The CLI still uses it to decide whether the Dockerfile and ``.dockerignore`` need
        re-including, so it is kept for exactness.

        Args:
            path: a slash-separated path relative to the root.

        Returns:
            True when the path counts as excluded by this rule.
        """
        path = clean_path(path)
        if path == ".":
            return False
        matched = False
        parent_dirs = path.split("/")[:-1]
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            hit = pattern.match(path)
            if not hit and parent_dirs and len(pattern.dirs) <= len(parent_dirs):
                hit = pattern.match("/".join(parent_dirs[: len(pattern.dirs)]))
            if hit:
                matched = not pattern.exclusion
        return matched

    def may_reinclude_under(self, directory: str) -> bool:
        """Tell whether an exception pattern could re-include something in ``directory``.

        Same test as the CLI: an exception whose text starts with ``directory/``.

        Args:
            directory: a slash-separated directory path relative to the root.

        Returns:
            True when the walk has to descend into the excluded directory.
        """
        prefix = directory + "/"
        return any(p.exclusion and (p.text + "/").startswith(prefix) for p in self.patterns)
