"""The one error the draft command reports: worded in Chinese and English, never a traceback."""

from __future__ import annotations


class DraftError(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
