"""The errors the policy package raises, under one base, and the problem value they carry.

A Problem is one thing wrong with a program file: a stable code, where it stands
(file:line:column and key path) and a message in Chinese and English (the text comes from
messages.MESSAGES, the one table of codes). Staff read these in a terminal or on the preview
page, so each says what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: str  # dotted key path, e.g. levels[0].conditions[1].when
    zh: str
    en: str
    severity: str = "error"  # "warning": worth a look, never stops a build

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        key = f" {self.path}:" if self.path else ""
        kind = " warning:" if self.severity == "warning" else ""
        return f"{where}:{kind}{key} {self.zh} / {self.en} [{self.code}]"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "message": {"zh": self.zh, "en": self.en},
        }


class PolicyError(Exception):
    """Base of every error the policy package raises on purpose."""


@dataclass
class DataError(PolicyError):
    """Policy data is invalid; carries every error found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UnknownProgram(PolicyError):
    def __init__(self, program_id: str, known: list[str]):
        self.program_id = program_id
        self.known = known
        super().__init__(
            f"unknown program {program_id!r}; known programs: {', '.join(known) or 'none'}"
        )


class ProfileError(PolicyError):
    """A candidate profile breaks the profile contract; the message names the field."""


class BadDay(PolicyError, ValueError):
    """A day that is not a real YYYY-MM-DD date (an --as-of option, say)."""

    def __init__(self, text: object):
        self.text = text
        self.zh = f"“{text}” 不是有效日期：请写成 YYYY-MM-DD，例如 2024-08-01。"
        self.en = f'"{text}" is not a valid date: write it as YYYY-MM-DD, e.g. 2024-08-01.'
        super().__init__(f"{self.zh} / {self.en}")
