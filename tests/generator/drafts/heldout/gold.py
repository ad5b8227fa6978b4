"""Held-out notices for bench/draft.py: four notices the draft was NOT built on (an outside
reviewer's, rewritten here with invented names, phone and account numbers), each with the facts
it states, written by hand from its text, in the fact form bench/draft.py compares.

Read as a person would: a condition the national standard prints as one of several alternatives
is a condition of its level even where the notice does not say 之一; a fee table's 合计 column is
no fee; 即日起 is the notice's date; 中旬 is the 11th to the 20th, 下旬 the 21st to the month's end;
"补考按单项科目标准收费" makes each subject's fee a retake fee too; a payee stands with each fee
paid to it. A `when` is written as the program format's condition; standard wordings use the
condition the phrase table (generator/draft/phrases.yaml) defines for them.
"""

from __future__ import annotations

HERE = __import__("pathlib").Path(__file__).parent

YEARS = {"field": "years_in_occupation", "ge": 0}


def years(n: int) -> dict:
    return {"field": "years_in_occupation", "ge": n}


def cert(level: int, n: int) -> dict:
    return {
        "all": [
            {"field": "certificate.level", "le": level},
            {"field": "certificate.years_in_occupation_since", "ge": n},
        ]
    }


APPRENTICE = {"field": "apprenticeship_completed", "eq": True}
COLLEGE_CERT_2 = {
    "all": [
        {"field": "education.level", "in": ["higher_vocational", "bachelor", "postgraduate"]},
        {"field": "education.related_major", "eq": True},
        {"field": "certificate.level", "le": 4},
        {"field": "certificate.years_in_occupation_since", "ge": 2},
    ]
}
VOCATIONAL_GRADUATE = {
    "all": [
        {"field": "education.related_major", "eq": True},
        {
            "field": "education.level",
            "in": [
                "vocational_secondary",
                "technician_school",
                "technician_school_senior",
                "higher_vocational",
                "bachelor",
                "postgraduate",
            ],
        },
    ]
}
TECHNICIAN_SCHOOL = {
    "all": [
        {"field": "education.related_major", "eq": True},
        {"field": "education.level", "in": ["technician_school", "technician_school_senior"]},
    ]
}


def fees(rows, payee=None, retake=True):
    """rows: (amount, level, subject); each an exam fee, again as a retake fee when the notice
    says retakes cost the subject's fee; the payee once per exam fee."""
    out = []
    for amount, level, subject in rows:
        out.append(("money", ("fee", amount, level, "exam", subject)))
        if payee:
            out.append(("contacts", ("payee", *payee)))
    if retake:
        out += [("money", ("fee", a, lv, "retake", s)) for a, lv, s in rows]
    return out


def material(clause, formats=None, submit="electronic", **more):
    out = [("materials", ("material", clause)), ("materials", ("submit", clause, submit))]
    if formats:
        out.append(("materials", ("formats", clause, tuple(sorted(formats)))))
    for key, value in more.items():
        out.append(("materials", (key.replace("__", "."), clause, value)))
    return out


def phone(number, owner):
    return [("contacts", ("phone", number)), ("contacts", ("phone.owner", number, owner))]


QINGTIAN = [
    ("notice", ("document_number", "青行审〔2025〕8号")),
    ("notice", ("issuer", "青田县行政审批服务局、青田县人力资源和社会保障局")),
    (
        "notice",
        (
            "title",
            "青田县行政审批服务局 青田县人力资源和社会保障局关于开展2025年政务服务办事员职业技能等级认定工作的通知",
        ),
    ),
    ("notice", ("addressees", "各乡镇（街道）便民服务中心，县行政服务中心各进驻窗口单位")),
    ("notice", ("occupation", "政务服务办事员")),
    ("dates", ("notice.date", "2025-06-16")),
    # 全县…窗口工作人员（含编外人员）: the county; both kinds of staff, so no staffing rule
    ("conditions", ("audience", {"field": "workplace_region", "within": ["331121"]})),
    ("conditions", ("level", None, 4)),
    ("conditions", ("condition", None, 4, years(5))),
    ("conditions", ("condition", None, 4, cert(5, 3))),
    ("conditions", ("condition", None, 4, VOCATIONAL_GRADUATE)),
    ("conditions", ("level", None, 3)),
    ("conditions", ("condition", None, 3, cert(4, 4))),
    (
        "conditions",
        (
            "condition",
            None,
            3,
            {
                "all": [
                    {
                        "field": "education.level",
                        "in": ["higher_vocational", "bachelor", "postgraduate"],
                    },
                    {"field": "years_in_occupation", "ge": 2},
                ]
            },
        ),
    ),
    ("dates", ("timeline", (None, "2025-06-16", False, False, False))),
    ("dates", ("timeline", ("2025-06-16", "2025-07-05", False, True, False))),
    ("dates", ("timeline", ("2025-07-12", "2025-07-20", False, False, False))),
    ("dates", ("timeline", ("2025-08-11", "2025-09-30", True, False, False))),
    ("dates", ("payment.due", "2025-07-10")),
    ("money", ("payment.after_review", True)),
    *fees(
        [(110, 4, "theory"), (190, 4, "skill"), (130, 3, "theory"), (260, 3, "skill")],
        payee=(
            "青田县职业技能鉴定指导中心",
            "中国农业银行青田县支行营业部",
            "1932 0000 0000 00001",
        ),
    ),
    ("money", ("subsidy", "职业技能提升补贴")),
    ("money", ("subsidy", "职业技能提升补贴", 4, 1500)),
    ("money", ("subsidy", "职业技能提升补贴", 3, 2000)),
    ("materials", ("material", "六、1.")),
    ("materials", ("submit", "六、1.", "both")),  # 一式两份, and among 以上电子材料
    ("materials", ("paper.copies", "六、1.", 2)),
    *material("六、2.", ["pdf"], max_bytes=2097152),
    *material("六、3.", ["pdf"]),
    *material(
        "六、4.",
        ["jpeg"],
        max_bytes=20480,
        naming__pattern="{name}_{id_number}.jpg",
        photo__width_mm=35,
        photo__height_mm=49,
        photo__background="white",
    ),
    *material("六、5."),
    ("contacts", ("email", "qtzwfw2025@163.com")),
    *phone("0578-5550104", "吴老师"),
    *phone("13900000005", "吴老师"),
    ("exam", ("subject", "theory")),
    ("exam", ("mode", "theory", "written")),
    ("exam", ("full_marks", "theory", 100)),
    ("exam", ("pass_mark", "theory", 60)),
    ("exam", ("subject", "skill")),
    ("exam", ("mode", "skill", "practical")),
    ("exam", ("full_marks", "skill", 100)),
    ("exam", ("pass_mark", "skill", 60)),
    ("exam", ("retake.valid_years", 1)),
    ("exam", ("retake.max_attempts", 1)),
    ("exam", ("training.hours", 48)),
]

WUZHONG_PAYEE = (
    "苏州市吴中区职业技能培训指导中心",
    "中国工商银行苏州吴中支行",
    "1102 0000 0000 0000 002",
)
WUZHONG = [
    ("notice", ("document_number", "苏人社鉴〔2025〕21号")),
    ("notice", ("issuer", "苏州市吴中区人力资源和社会保障局")),
    (
        "notice",
        ("title", "苏州市吴中区人力资源和社会保障局关于组织开展保育师职业技能等级认定的通知"),
    ),
    ("notice", ("addressees", "各托育机构、幼儿园，各有关单位")),
    ("notice", ("occupation", "保育师")),
    ("dates", ("notice.date", "2025-12-08")),
    ("conditions", ("level", None, 5)),
    ("conditions", ("condition", None, 5, years(1))),
    ("conditions", ("condition", None, 5, APPRENTICE)),
    ("conditions", ("level", None, 4)),
    ("conditions", ("condition", None, 4, cert(5, 4))),  # 满4年（不含实习期）
    ("conditions", ("condition", None, 4, years(6))),
    ("conditions", ("level", None, 3)),
    ("conditions", ("condition", None, 3, cert(4, 5))),
    ("conditions", ("condition", None, 3, COLLEGE_CERT_2)),
    ("dates", ("timeline", (None, "2025-12-08", False, False, False))),
    ("dates", ("timeline", ("2025-12-08", "2026-01-10", False, True, False))),
    ("dates", ("timeline", ("2026-01-01", "2026-01-10", True, False, False))),
    ("dates", ("timeline", ("2026-01-18", "2026-01-18", False, False, False))),
    ("dates", ("timeline", ("2026-01-21", "2026-01-31", True, False, False))),
    # the table's 合计 column is no fee; 培训费…不超过1200元（含教材费80元） is a cap, no fee
    *fees(
        [
            (60, 5, "theory"),
            (140, 5, "skill"),
            (80, 4, "theory"),
            (180, 4, "skill"),
            (100, 3, "theory"),
            (240, 3, "skill"),
        ],
        payee=WUZHONG_PAYEE,
    ),
    ("money", ("subsidy", "技能提升补贴")),
    ("money", ("subsidy", "技能提升补贴", 5, 800)),
    ("money", ("subsidy", "技能提升补贴", 4, 1000)),
    ("money", ("subsidy", "技能提升补贴", 3, 1500)),
    *material("六、（一）"),
    *material("六、（二）", ["jpeg"], max_bytes=204800, min_bytes=51200),
    *material("六、（三）", ["jpeg"], max_bytes=40960, photo__background="blue"),
    *material("六、（四）", ["pdf", "jpeg"], max_bytes=1048576),
    *material("六、（五）", levels=(3,)),
    ("contacts", ("email", "wzbys2025@126.com")),
    *phone("0512-55500106", "钱老师"),
    ("exam", ("subject", "theory")),
    ("exam", ("mode", "theory", "computer")),
    ("exam", ("full_marks", "theory", 100)),
    ("exam", ("pass_mark", "theory", 60)),
    ("exam", ("subject", "skill")),
    ("exam", ("mode", "skill", "practical")),
    ("exam", ("full_marks", "skill", 100)),
    ("exam", ("pass_mark", "skill", 70)),
    ("exam", ("retake.valid_years", 3)),
    ("exam", ("retake.max_attempts", 2)),
]

LINHAI = [
    ("notice", ("document_number", "临人社〔2025〕56号")),
    ("notice", ("issuer", "临海市人力资源和社会保障局")),
    ("notice", ("title", "关于开展2025年下半年电工职业技能等级认定工作的通知")),
    ("notice", ("addressees", "各乡镇人民政府、街道办事处，各有关企业")),
    ("notice", ("occupation", "电工")),
    ("dates", ("notice.date", "2025-08-20")),
    # 全市 in a county-level city's notice is that city (临海市 331082); 年满16周岁
    ("conditions", ("audience", {"field": "workplace_region", "within": ["331082"]})),
    ("conditions", ("audience", {"field": "age", "ge": 16})),
    ("conditions", ("level", None, 5)),
    ("conditions", ("condition", None, 5, years(1))),
    ("conditions", ("condition", None, 5, APPRENTICE)),
    ("conditions", ("level", None, 4)),
    ("conditions", ("condition", None, 4, cert(5, 4))),
    ("conditions", ("condition", None, 4, years(6))),
    ("conditions", ("condition", None, 4, TECHNICIAN_SCHOOL)),
    ("conditions", ("level", None, 3)),
    ("conditions", ("condition", None, 3, cert(4, 5))),
    ("conditions", ("condition", None, 3, years(10))),  # 连续从事本职业工作10年以上
    ("dates", ("timeline", (None, "2025-08-20", False, False, False))),
    ("dates", ("timeline", ("2025-09-01", "2025-09-15", False, True, False))),
    ("dates", ("timeline", ("2025-09-21", "2025-10-20", True, False, False))),
    ("dates", ("timeline", ("2025-10-21", "2025-11-30", True, False, False))),
    *fees(
        [
            (50, 5, "theory"),
            (150, 5, "skill"),
            (60, 4, "theory"),
            (200, 4, "skill"),
            (70, 3, "theory"),
            (260, 3, "skill"),
        ]
    ),
    ("money", ("subsidy", "职业技能提升补贴")),
    ("money", ("subsidy", "职业技能提升补贴", 5, 1000)),
    ("money", ("subsidy", "职业技能提升补贴", 4, 1500)),
    ("money", ("subsidy", "职业技能提升补贴", 3, 2000)),
    *material("六、1.", ["pdf"], max_bytes=512000),
    *material("六、2.", ["jpeg"], max_bytes=30720, photo__background="white"),
    *material("六、3.", ["pdf"], levels=(3, 4)),
    ("contacts", ("email", "lhdg2025@163.com")),
    ("contacts", ("url", "http://www.zjosta.gov.cn")),
    *phone("0576-85550101", "孙老师"),
    *phone("13900000002", "周老师"),
    ("exam", ("subject", "theory")),
    ("exam", ("full_marks", "theory", 100)),
    ("exam", ("pass_mark", "theory", 60)),
    ("exam", ("subject", "skill")),
    ("exam", ("full_marks", "skill", 100)),
    ("exam", ("pass_mark", "skill", 60)),
    ("exam", ("retake.valid_years", 1)),
    ("exam", ("training.hours", 80)),
]

NANPING_PAYEE = ("南平市职业技能鉴定所", "中国建设银行南平分行", "3505 0000 0000 0000 0003")
NANPING = [
    ("notice", ("document_number", "南审管〔2025〕33号")),
    ("notice", ("issuer", "南平市行政服务中心管理委员会、南平市人力资源和社会保障局")),
    (
        "notice",
        (
            "title",
            "南平市行政服务中心管理委员会 南平市人力资源和社会保障局关于开展政务服务办事员职业技能等级认定的通知",
        ),
    ),
    ("notice", ("addressees", "各县（市、区）行政服务中心管委会，市直各进驻单位")),
    ("notice", ("occupation", "政务服务办事员")),
    ("dates", ("notice.date", "2025-11-12")),
    ("conditions", ("audience", {"field": "workplace_region", "within": ["350700"]})),
    # 不含机关事业单位在编人员: not established staff
    ("conditions", ("audience", {"field": "staffing", "ne": "established"})),
    ("conditions", ("level", None, 4)),
    ("conditions", ("condition", None, 4, years(6))),
    ("conditions", ("condition", None, 4, cert(5, 4))),
    ("conditions", ("level", None, 3)),
    ("conditions", ("condition", None, 3, cert(4, 5))),
    (
        "conditions",
        ("condition", None, 3, {"all": [years(5), {"field": "age", "ge": 30}]}),
    ),
    ("dates", ("timeline", (None, "2025-11-12", False, False, False))),
    ("dates", ("timeline", ("2025-11-12", "2026-01-15", False, True, False))),
    ("dates", ("timeline", ("2026-03-01", "2026-03-31", True, False, False))),
    *fees(
        [(110, 4, "theory"), (190, 4, "skill"), (130, 3, "theory"), (260, 3, "skill")],
        payee=NANPING_PAYEE,
        retake=False,
    ),
    ("money", ("subsidy", "技能提升补贴")),
    ("money", ("subsidy", "技能提升补贴", 4, 1500)),
    ("money", ("subsidy", "职业技能鉴定补贴")),
    ("money", ("subsidy", "职业技能鉴定补贴", 4, 800)),
    *material("五、1.", ["jpeg"], max_bytes=40960, min_bytes=20480, photo__background="white"),
    *material("五、2.", ["pdf"], max_bytes=2097152),
    ("contacts", ("email", "npzwfw@126.com")),
    *phone("0599-5550103-806", "郑老师"),  # 转806: the extension
]

# stem: (the format it reached the reviewer in, its facts)
HELDOUT = {
    "qingtian-2025": ("txt", QINGTIAN),
    "wuzhong-2025": ("docx", WUZHONG),
    "linhai-2025": ("pdf", LINHAI),
    "nanping-2025": ("html", NANPING),
}
