"""Every way policy data can be wrong, as values with a stable code and a zh/en message.

Staff read these in a terminal or on the preview page, so each message names the place
(file:line:column and key path), says what is wrong and how to fix it, in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    line: int
    column: int
    path: str
    zh: str
    en: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.zh} / {self.en} [{self.code}]"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": {"zh": self.zh, "en": self.en},
        }


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""


@dataclass
class DataError(GeneratorError):
    """Policy data is invalid; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UnknownProgram(GeneratorError):
    def __init__(self, program_id: str, known: list[str]):
        self.program_id = program_id
        self.known = known
        super().__init__(
            f"unknown program {program_id!r}; known programs: {', '.join(known) or 'none'}"
        )


class ProfileError(GeneratorError):
    """A candidate profile breaks the profile contract; the message names the field."""
