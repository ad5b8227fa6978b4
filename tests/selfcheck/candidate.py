"""What a candidate does on a self-check page: read the question, click a label, type, continue."""

from __future__ import annotations

import re

URLS = {
    ("wushen-2024", "en"): "/en/programs/wushen-2024/self-check/",
    ("wushen-2024", "zh"): "/programs/wushen-2024/self-check/",
    ("huian-2024", "en"): "/en/programs/huian-2024/self-check/",
    ("huian-2024", "zh"): "/programs/huian-2024/self-check/",
    ("all", "en"): "/en/self-check/",
    ("all", "zh"): "/self-check/",
}
WORDS = {
    "en": {
        "continue": "Continue",
        "back": "Back",
        "skip": "Skip (not sure)",
        "workplace": "Where do you work?",
    },
    "zh": {
        "continue": "继续",
        "back": "上一题",
        "skip": "跳过（不确定）",
        "workplace": "您在哪里工作？",
    },
}
# Where the candidate works, as the region picker lists it (province, city, county).
HUIAN = ("福建省", "泉州市", "惠安县")
UXIN = ("内蒙古自治区", "鄂尔多斯市", "乌审旗")


class Candidate:
    def __init__(self, page, lang: str = "en"):
        self.page, self.lang, self.asked = page, lang, []

    def open(self, program: str, fragment: str = ""):
        self.page.goto(self.page.base + URLS[(program, self.lang)] + fragment)
        self.page.wait_for_selector("#selfcheck:not([hidden])")
        return self

    @property
    def question(self) -> str:
        return self.page.locator("#selfcheck legend .sc-text").inner_text()

    def expect_question(self, words: str):
        assert words in self.question, f"expected a question about {words!r}, got {self.question!r}"

    def type_number(self, value, expect: str | None = None):
        if expect:
            self.expect_question(expect)
        self.asked.append(self.question)
        self.page.locator("#selfcheck input[type=number]").fill(str(value))
        self.press(WORDS[self.lang]["continue"])
        return self

    def choose(self, label: str, expect: str | None = None):
        if expect:
            self.expect_question(expect)
        self.asked.append(self.question)
        exact = re.compile("^" + re.escape(label) + "$")
        self.page.locator("#selfcheck label").filter(has_text=exact).click()
        self.press(WORDS[self.lang]["continue"])
        return self

    def work_in(self, *places: str):
        """Answer the workplace question: a place from each list the picker shows, in turn."""
        self.expect_question(WORDS[self.lang]["workplace"])
        self.asked.append(self.question)
        for depth, place in enumerate(places):
            self.page.locator(f"#sc-region-{depth}").select_option(label=self.place(depth, place))
        self.press(WORDS[self.lang]["continue"])
        return self

    def place(self, depth: int, zh: str) -> str:
        """The label of the place named `zh` in list `depth`: "泉州市" on Chinese pages,
        "Quanzhou (泉州市)" on English ones."""
        label = self.page.locator(f"#sc-region-{depth}").evaluate(
            "(s, p) => Array.from(s.options).map(o => o.text)"
            ".find(t => t === p || t.endsWith(' (' + p + ')'))",
            zh,
        )
        assert label, f"no {zh} in list {depth}"
        return label

    def lists(self) -> list[list[str]]:
        """The places each list of the region picker offers (its first entry is "choose")."""
        return self.page.locator("#selfcheck select").evaluate_all(
            "els => els.map(s => Array.from(s.options).slice(1).map(o => o.text))"
        )

    def press(self, name: str):
        self.page.get_by_role("button", name=name, exact=True).click()
        return self

    @property
    def on_result(self) -> bool:
        return self.page.locator("#selfcheck").get_attribute("data-view") == "result"

    def summary(self, program: str | None = None) -> str:
        box = self.page.locator(".sc-program" + (f"[data-program='{program}']" if program else ""))
        return box.locator(".sc-summary").inner_text()

    def level(self, n: int) -> str:
        name = (
            {5: "Level 5", 4: "Level 4", 3: "Level 3"}[n]
            if self.lang == "en"
            else f"{'五四三'[5 - n]}级"
        )
        return self.page.locator(".sc-level h4", has_text=name).first.inner_text()

    def materials(self) -> list[str]:
        return self.page.locator(".sc-materials li").evaluate_all(
            "els => els.map(e => e.dataset.material)"
        )

    def claimable(self) -> list[str]:
        return self.page.locator(".sc-claim > li").evaluate_all(
            "els => els.map(e => e.dataset.subsidy)"
        )

    def text(self) -> str:
        return self.page.locator("#selfcheck").inner_text()
