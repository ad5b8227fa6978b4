"""Contacts: people, phone numbers, e-mail addresses, where to send the application, and the web
addresses the notice gives (to look a certificate or an assessment body up).
"""

from __future__ import annotations

import re

from .text import half

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\d-])(1[3-9]\d{9}|0\d{2,3}-\d{7,8}|\d{3,4}-\d{4}-\d{4}|\d{3,4}-\d{7,8})(?![\d-])"
)
PERSON = re.compile(r"(?:联系人|咨询渠道|咨询人)\s*[:：]\s*([^，,；;：:\s电]+)")
URL = re.compile(r"(https?:?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[\w./?=&%#-]*)?)")
SEND = re.compile(r"(?:发送至|发至|报送至|发送到|提交至)[^。；;]{0,12}?(" + EMAIL.pattern + ")")


NOT = re.compile(r"请勿|不要|切勿|勿|不得|禁止|不能|不可|不再|停用|作废|错误")


def refused(text: str, start: int) -> bool:
    """Whether the words just before position `start` say not to use what stands there."""
    clause_start = max(text.rfind(c, 0, start) for c in "。；;，,(（") + 1
    return bool(NOT.search(text[max(clause_start, start - 12) : start]))


def emails_in(text: str) -> list[str]:
    """The addresses on a line that are not said to be refused ("请勿发送至…")."""
    return list(
        dict.fromkeys(m.group(0) for m in EMAIL.finditer(text) if not refused(text, m.start()))
    )


def contacts(entries: list[dict]) -> list[dict]:
    """One contact per line that gives a phone number: {clause, person?, phones, emails, words}.
    An e-mail address on such a line belongs to the same contact; a line giving only an
    address (报名邮箱：…) is a contact of its own."""
    out = []
    heading = ""  # the top-level clause's heading: 八、联系方式 makes its bare numbers contacts
    for e in entries:
        if e["numbered"] and e["depth"] == 1:
            heading = e["text"][:8]
        elif e["depth"] == 0:
            heading = ""
        text = half(e["text"])
        spoken = re.search(r"电话|联系|咨询|手机|热线", text) or re.search(r"联系|咨询", heading)
        phones = PHONE.findall(text) if spoken else []
        emails = emails_in(text) if re.search(r"邮箱|邮件|E-?mail|联系", text, re.I) else []
        if not phones and not (emails and re.search(r"联系方式|邮箱[:：]", text)):
            continue
        person = PERSON.search(text)
        mailbox = re.search(r"((?:报名|指定|联系|电子|收件)?邮箱)\s*[:：]", text)
        pairs = _pairs(text) if phones else []
        out.append(
            {
                "clause": e["clause"],
                "line": e["line"],
                "person": person.group(1) if person else None,
                "mailbox": mailbox.group(1) if mailbox and not phones else None,
                "phones": phones,
                "pairs": pairs,
                "emails": list(dict.fromkeys(emails)),
                "words": e["text"],
            }
        )
    return out


NAME = re.compile(
    r"(?:联系人|咨询人)\s*[:：]\s*([\u4e00-\u9fff]{2,4}?)(?=[，,；;：:\s(（、电]|$)"
    r"|([\u4e00-\u9fff]{1,3}?(?:老师|先生|女士|同志|主任|科长))"
    # a bare name right before its number, in a contact clause: "陈雅琴 0593-7812345"
    r"|(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3})(?=\s*(?:1[3-9]\d{9}|0\d{2,3}-\d))"
)
NOT_NAME = re.compile(r"电话|手机|座机|传真|热线|办公|固话|号码|联系|咨询|邮箱|地址|电邮|分机")
EXTENSION = re.compile(r"\s*(?:转|分机|分机号)\s*(\d{2,6})")


def _pairs(text: str) -> list[dict]:
    """[{name, phone, extension, sure}] for each phone number on a line, with the person it
    belongs to. Names and numbers are paired by position only when each name is followed by its
    own numbers (王老师（0578-…），李老师（138…）); otherwise the name is not sure."""
    tokens = []
    for m in NAME.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3)
        if (
            name
            and not name.startswith(("联系", "电话", "咨询"))
            and not (m.group(3) and NOT_NAME.search(name))
        ):
            tokens.append((m.start(), "name", name))
    for m in PHONE.finditer(text):
        ext = EXTENSION.match(text, m.end())
        tokens.append((m.start(), "phone", (m.group(1), ext.group(1) if ext else None)))
    tokens.sort()
    names = [t for t in tokens if t[1] == "name"]
    kinds = [k for _, k, _ in tokens]
    # each name followed by at least one number before the next name
    ordered = all(
        i + 1 < len(kinds) and kinds[i + 1] == "phone" for i, k in enumerate(kinds) if k == "name"
    )
    out = []
    current = None
    for _, kind, value in tokens:
        if kind == "name":
            current = value
            continue
        phone, ext = value
        if len(names) <= 1:
            who, sure = (names[0][2] if names else None), True
        else:
            who, sure = current, ordered and current is not None
        out.append({"name": who, "phone": phone, "extension": ext, "sure": sure})
    return out


def submission(entries: list[dict]) -> dict | None:
    """{clause, email, words, sure}: where the application is sent (发送至…邮箱…). Never an
    address the notice says not to use; not sure when the notice names other addresses too."""
    everywhere = {a for e in entries for a in emails_in(half(e["text"]))}
    for e in entries:
        text = half(e["text"])
        m = next((m for m in SEND.finditer(text) if not refused(text, m.start())), None)
        if m:
            sentence = next(
                (s for s in re.split(r"(?<=[。；;])", e["text"]) if m.group(1) in s), e["text"]
            )
            return {
                "clause": e["clause"],
                "line": e["line"],
                "email": m.group(1),
                "words": sentence.strip(),
                "sure": everywhere <= {m.group(1)},
            }
    # "发送至报名邮箱。" with the address given elsewhere as "报名邮箱：x@…"
    named = {}
    for e in entries:
        for name, address in re.findall(
            r"([\u4e00-\u9fff]{2,4}邮箱)\s*[:：]\s*(" + EMAIL.pattern + ")", half(e["text"])
        ):
            if not re.search(NOT, name):
                named.setdefault(name, (address, e))
    for e in entries:
        m = re.search(r"(?:发送至|发至|报送至|发送到)([\u4e00-\u9fff]{2,4}邮箱)", e["text"])
        if m and m.group(1) in named:
            address, where = named[m.group(1)]
            sentence = next(s for s in re.split(r"(?<=[。；;])", e["text"]) if m.group(0) in s)
            clause = e["clause"] if where is e else f"{e['clause']}；{where['clause']}"
            return {
                "clause": clause,
                "line": e["line"],
                "email": address,
                "words": sentence.strip(),
                "sure": everywhere <= {address},
            }
    return None


VERIFY = re.compile(r"查询|验证|核验|核查|查验|真伪")
APPLY = re.compile(r"报名|注册|填报|申报|提交|上传|报考")


def purpose(sentence: str) -> str | None:
    """What the sentence around a web address uses it for: 'verify' (certificates or bodies are
    looked up there: 查询/验证/核验), 'apply' (applications are made there: 报名/注册/填报), or
    None when it says neither, or both."""
    verify, apply = bool(VERIFY.search(sentence)), bool(APPLY.search(sentence))
    if verify != apply:
        return "verify" if verify else "apply"
    return None


def _part(sentence: str, url: str) -> str:
    """The comma-separated part of a sentence that holds the address."""
    return next((x for x in re.split(r"[，,]", sentence) if url in x), sentence)


def sites(entries: list[dict]) -> list[dict]:
    """[{url, purpose, as_printed, label?, clause, words, sure}]: 'http//…' (a slip) is drafted
    with its repair as a to-do; purpose as purpose() reads the sentence it stands in."""
    out, seen = [], set()
    for e in entries:
        for m in URL.finditer(half(e["text"])):
            printed = m.group(1).rstrip(".")
            url = re.sub(r"^(https?):?//", r"\1://", printed)
            if url in seen:
                continue
            seen.add(url)
            before = half(e["text"])[: m.start()]
            label = re.findall(r"[“\"]([^”\"]+)[”\"]?\s*[(（]?\s*$", before) or re.findall(
                r"([\u4e00-\u9fff]{4,24}?)\s*[(（]?\s*(?:网址[:：])?\s*$", before
            )
            label = re.split(r"[在的过]", label[-1])[-1].strip(' (（“”"') if label else None
            line = half(e["text"])
            sentence = next((x for x in re.split(r"(?<=[。；;])", line) if m.group(1) in x), line)
            out.append(
                {
                    "url": url,
                    "purpose": purpose(_part(sentence, m.group(1))) or purpose(sentence),
                    "as_printed": printed,
                    "label": label or None,
                    "clause": e["clause"],
                    "words": e["text"],
                    "sure": url == printed,
                }
            )
    return out
