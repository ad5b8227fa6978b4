"""Every pattern a notice can take reaches the pages, in words a reader understands, in both
languages: a notice without 文号 or date, several occupations, levels whose conditions stand
elsewhere, who may apply at all (a region, the statutory retirement age), fees by level, subject
and kind, when and how to pay, exam subjects per level with their mode, a retake limit,
materials for some levels or some conditions only, paper copies, photo sizes in pixels, a
smallest file size, an upper-case X.

The programs are written here as changes to a copy of data/huian-2024.yaml, so each one shows
the pattern it stands for and nothing else differs; the site is built once for the module.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.site.text import fmt_num, format_date, human_bytes, strings
from policy.programs import DATA_DIR, check_dir

from .pages import normalise, read_page

AS_OF = "2024-07-01"  # every synthetic program is current on this day (huian-2024's timeline)
BASE_ID = "huian-2024"
REPO = Path(__file__).resolve().parents[2]
TEST_PROGRAMS = REPO / "tests" / "programs"


# -- the programs: huian-2024 with one pattern each ---------------------------------------------
# Each top-level key given replaces the base's, except notice, merged key by key (null: left out).
COLLEGE = """
id: pattern-college
notice:
  document_number: null
  date: null
  issuer: {zh: 某某职业技术学院, en: Example Vocational College}
  title:
    zh: 某某职业技术学院关于开展职业技能等级认定的公告
    en: Announcement of Example Vocational College on vocational skill level certification
  short_title:
    zh: 某某学院职业技能等级认定（模式）
    en: Example college certification (patterns)
  source: pattern-college.notice.txt
occupations:
  - id: clerk
    code: 4-01-02-05
    name: {zh: 政务服务办事员, en: government service clerk}
    clause: 一、
  - id: archivist
    code: 3-01-02-03
    name: {zh: 档案员, en: archivist}
    clause: 一、
audience:
  clause: 二、
  text:
    zh: 泉州市在职人员，报名时未达到法定退休年龄。
    en: People working in Quanzhou who have not reached the statutory retirement age when they register.
  when:
    all:
      - {field: workplace_region, within: ["350500"]}
      - {field: statutory_retirement_month, gt: "2025-06"}
  groups:
    - id: staff
      clause: 二、1.
      text: {zh: 泉州市各单位在职人员。, en: People employed by any unit in Quanzhou.}
levels:
  - level: 4
    occupation: clerk
    clause: 三、1.
    conditions:
      - id: clerk-five-years
        clause: 三、1.(1)
        text:
          zh: 累计从事本职业或相关职业工作满5年。
          en: At least 5 years in total working in this or a related occupation.
        when: {field: years_in_occupation, ge: 5}
  - level: 3
    occupation: clerk
    clause: 三、2.
    not_stated: {zh: 见附件2《申报条件》, en: see attachment 2 (application conditions)}
  - level: 4
    occupation: archivist
    clause: 三、3.
    not_stated: {zh: 按国家职业技能标准执行, en: as the national occupational skill standard sets them}
amendments:  # a follow-up to an undated notice without 文号: its history cites the notice's title
  - id: fee-raised
    date: 2024-06-28
    document_number: 某院补〔2024〕1号
    clause: 一、
    summary: {zh: 报名培训费改为1500元。, en: The registration and training fee becomes 1500 yuan.}
    changes:
      - path: fees.registration-training-fee.amount_cny
        value: 1500
"""

EXAM = """
id: pattern-exam
notice:
  document_number: 模式考〔2024〕1号
  short_title: {zh: 考试与费用（模式）, en: Exam and fees (patterns)}
  source: pattern-exam.notice.txt
levels:
  - level: 5
    clause: 三、1.
    conditions:
      - id: l5-age
        clause: 三、1.(1)
        text: {zh: 年满16周岁。, en: Aged 16 or over.}
        when: {field: age, ge: 16}
  - level: 4
    clause: 三、2.
    conditions:
      - id: l4-five-years
        clause: 三、2.(1)
        text:
          zh: 累计从事本职业或相关职业工作满5年。
          en: At least 5 years in total working in this or a related occupation.
        when: {field: years_in_occupation, ge: 5}
exam:
  clause: 七、
  subjects:
    - id: theory
      name: {zh: 理论知识, en: theory}
      mode: computer
      full_marks: 100
      pass_mark: 60
    - id: skill
      name: {zh: 操作技能, en: practical skills}
      mode: practical_simulated
    - id: review
      name: {zh: 业绩评审, en: work record review}
      mode: review
      levels: [4]
  certificate:
    zh: 由某某认定中心颁发职业技能等级证书。
    en: The Example certification center issues the vocational skill level certificate.
  retake:
    max_attempts: 1
    text: {zh: 未通过的科目可补考一次。, en: A failed subject may be retaken once.}
fees:
  - id: exam-l5
    clause: 六、4.(1)
    label: {zh: 五级考试费, en: Level 5 exam fee}
    amount_cny: 220
    levels: [5]
    kind: exam
  - id: exam-l4
    clause: 六、4.(2)
    label: {zh: 四级考试费, en: Level 4 exam fee}
    amount_cny: 360
    levels: [4]
    kind: exam
    payee:
      account_name: 某某认定中心
      bank: 某某银行某某支行
      account_number: 6222 0000 1111 2222
  - id: retake-theory
    clause: 七、
    label: {zh: 理论补考费, en: theory retake fee}
    amount_cny: 65
    subject: theory
    kind: retake
  - id: handbook
    clause: 六、4.(3)
    label: {zh: 教材费, en: handbook}
    amount_cny: 40
payment:
  clause: 六、4.
  after_review: true
  due: 2024-07-20
  text:
    zh: 审核通过后，由单位统一缴费并收集回执单。
    en: Once the review has passed, each unit pays for its candidates and collects the receipts.
"""

MATERIALS = """
id: pattern-materials
notice:
  document_number: 模式材〔2024〕2号
  short_title: {zh: 材料（模式）, en: Materials (patterns)}
  source: pattern-materials.notice.txt
levels:
  - level: 4
    clause: 三、1.
    conditions:
      - id: l4-five-years
        clause: 三、1.(1)
        text:
          zh: 累计从事本职业或相关职业工作满5年。
          en: At least 5 years in total working in this or a related occupation.
        when: {field: years_in_occupation, ge: 5}
      - id: l4-certificate
        clause: 三、1.(2)
        text:
          zh: 取得本职业五级证书后，累计从事本职业工作满3年。
          en: At least 3 years in this occupation after obtaining its Level 5 certificate.
        when:
          all:
            - {field: certificate.level, le: 5}
            - {field: certificate.years_in_occupation_since, ge: 3}
  - level: 3
    clause: 三、2.
    conditions:
      - id: l3-ten-years
        clause: 三、2.(1)
        text:
          zh: 累计从事本职业或相关职业工作满10年。
          en: At least 10 years in total working in this or a related occupation.
        when: {field: years_in_occupation, ge: 10}
materials:
  - id: application-form
    clause: 六、2.(1)
    name: {zh: 申报表, en: application form}
    rule: {zh: 申报表电子版。, en: "The application form, as a file."}
    keywords: [申报表, application-form]
    formats: [pdf]
    min_bytes: 10240
    naming:
      pattern: "{id_number}_{name}.pdf"
      uppercase_x: true
  - id: photo
    clause: 六、2.(2)
    name: {zh: 证件照, en: ID photo}
    rule: {zh: 白底证件照，295×413像素，40KB至200KB。, en: "ID photo on white, 295 × 413 pixels, 40 KB to 200 KB."}
    keywords: [证件照, photo]
    formats: [jpeg]
    min_bytes: 40960
    max_bytes: 204800
    photo: {width_px: 295, height_px: 413, background: white}
  - id: senior-proof
    clause: 六、2.(3)
    name: {zh: 业绩证明, en: proof of work record}
    rule: {zh: 申报三级的提供业绩证明。, en: Candidates for Level 3 give proof of their work record.}
    keywords: [业绩证明, work-record]
    formats: [pdf]
    levels: [3]
  - id: certificate-copy
    clause: 六、2.(4)
    name: {zh: 五级证书, en: Level 5 certificate}
    rule:
      zh: 凭证书申报的，提供证书扫描件，并在现场审核时出示原件。
      en: Candidates applying on the strength of a certificate give a scan of it and show the original at the on-site review.
    keywords: [证书, certificate]
    formats: [pdf, jpeg]
    conditions: [l4-certificate]
    submit: both
    paper: {copies: 1, original: true}
  - id: work-proof
    clause: 六、2.(5)
    name: {zh: 工作证明, en: proof of employment}
    rule: {zh: 单位出具的工作证明，纸质原件。, en: "Proof of employment issued by the employer, on paper."}
    keywords: [工作证明]
    submit: paper
    paper:
      copies: 2
      size: A4
      text: {zh: 须加盖单位公章。, en: It must carry the employer's official seal.}
amendments:
  - id: photo-size-raised
    date: 2024-06-28
    document_number: 模式材〔2024〕3号
    clause: 一、
    summary: {zh: 照片大小上限改为300KB。, en: The photo size limit becomes 300 KB.}
    changes:
      - path: materials.photo.max_bytes
        value: 307200
"""

PATTERNS = {"pattern-college": COLLEGE, "pattern-exam": EXAM, "pattern-materials": MATERIALS}


def merged(base: dict, change: dict) -> dict:
    """``change`` laid over ``base``: its top-level keys replace the base's, except the notice,
    whose keys replace one by one; a null leaves the key out."""
    out = copy.deepcopy(base)
    for key, value in change.items():
        if key == "notice":
            out[key] = {**out[key], **value}
            value = out[key]
            out[key] = {k: v for k, v in value.items() if v is not None}
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = copy.deepcopy(value)
    return out


def write_patterns(folder: Path) -> dict[str, dict]:
    """A data folder with huian-2024 as it is and each pattern program beside it (its own
    notice text: validate refuses two programs with the same text)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA_DIR / f"{BASE_ID}.yaml", folder)
    notice = (DATA_DIR / f"{BASE_ID}.notice.txt").read_text(encoding="utf-8")
    (folder / f"{BASE_ID}.notice.txt").write_text(notice, encoding="utf-8")
    base = yaml.safe_load((DATA_DIR / f"{BASE_ID}.yaml").read_text(encoding="utf-8"))
    programs = {}
    for pid, change in PATTERNS.items():
        program = merged(base, yaml.safe_load(change))
        assert program["id"] == pid
        text = yaml.dump(program, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        (folder / f"{pid}.yaml").write_text(text, encoding="utf-8")
        (folder / program["notice"]["source"]).write_text(
            f"（测试用：{pid}）\n{notice}", encoding="utf-8"
        )
        programs[pid] = program
    return programs


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The patterns and huian-2024, validated and built once, as `make build` builds."""
    root = tmp_path_factory.mktemp("patterns")
    write_patterns(root / "data")
    _, problems = check_dir(root / "data")
    assert problems == [], [str(p) for p in problems]
    build(out_dir=root / "site", data_dir=root / "data", as_of=AS_OF)
    return root / "site"


def text(site: Path, url: str) -> str:
    """What a reader sees on the page at url (e.g. "en/programs/pattern-exam/exam-and-fees/"),
    headings without their permalink sign."""
    return read_page(site, site / url / "index.html").text.replace("¶", "")


def headings(site: Path, url: str) -> list[str]:
    page = read_page(site, site / url / "index.html")
    return [h.replace("¶", "").strip() for _, h in page.heading_ids]


def url(lang: str, path: str) -> str:
    return ("" if lang == "zh" else "en/") + path


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def says(page: str, *fragments: str) -> None:
    """Each fragment is on the page, in this order of words (spacing aside: a line break in
    a table cell leaves none in the text)."""
    missing = [f for f in fragments if _bare(f) not in _bare(page)]
    assert not missing, missing


ZH_EN = pytest.mark.parametrize("lang", ["zh", "en"])


# -- a notice without 文号 or date (a college's announcement) ----------------------------------
@pytest.mark.parametrize(
    ("lang", "labels", "number", "day"),
    [
        ("zh", ("文号", "发文日期"), "通知未写明文号", "通知未写明发文日期"),
        (
            "en",
            ("Document number", "Date of issue"),
            "The notice does not state a document number",
            "The notice does not state the date it was issued",
        ),
    ],
)
def test_a_notice_without_document_number_or_date_says_so_where_they_would_stand(
    site, lang, labels, number, day
):
    says(
        text(site, url(lang, "programs/pattern-college/")),
        f"{labels[0]} {number}",
        f"{labels[1]} {day}",
    )
    # the home comparison: a row's label, then a cell per program, huian-2024's first
    says(
        text(site, url(lang, "")),
        f"{labels[0]} 惠行政管〔2024〕13号 {number}",
        f"{labels[1]} {'2024年6月24日' if lang == 'zh' else '24 June 2024'} {day}",
    )
    says(text(site, url(lang, "programs/pattern-college/notice/")), number)


def test_a_notice_without_document_number_is_cited_by_its_short_title(site):
    html = (site / "programs/pattern-college/index.html").read_text(encoding="utf-8")
    assert '<p class="program-of">某某学院职业技能等级认定（模式）</p>' in html
    heading = headings(site, "programs/pattern-college/notice/")[0]
    assert heading == "通知原文 · 某某学院职业技能等级认定（模式）"
    heading = headings(site, "en/programs/pattern-college/notice/")[0]
    assert heading == "Original notice · Example college certification (patterns)"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "None" not in home and "1970" not in home  # no made-up number or date


@pytest.mark.parametrize(
    ("lang", "original", "feed_title"),
    [
        (
            "zh",
            "原通知（未写明日期） 某某学院职业技能等级认定（模式） 1380 元 已被替代",
            "某某学院职业技能等级认定（模式）：某院补〔2024〕1号",
        ),
        (
            "en",
            "original notice (undated) Example college certification (patterns) 1380 yuan replaced",
            "Example college certification (patterns): 某院补〔2024〕1号",
        ),
    ],
)
def test_the_history_of_a_value_cites_an_undated_notice_without_number_by_its_title(
    site, lang, original, feed_title
):
    says(text(site, url(lang, "programs/pattern-college/")), original)
    feed = (site / url(lang, "updates.xml")).read_text(encoding="utf-8")
    assert f"<title>{feed_title}</title>" in feed


# -- several occupations; levels whose conditions stand elsewhere --------------------------------
@pytest.mark.parametrize(
    ("lang", "clerk", "archivist", "level_4", "level_3"),
    [
        (
            "zh",
            "政务服务办事员（职业编码 4-01-02-05）",
            "档案员（职业编码 3-01-02-03）",
            "四级 / 中级工",
            "三级 / 高级工",
        ),
        (
            "en",
            "government service clerk (occupation code 4-01-02-05)",
            "archivist (occupation code 3-01-02-03)",
            "Level 4 / intermediate worker",
            "Level 3 / senior worker",
        ),
    ],
)
def test_the_levels_of_several_occupations_are_grouped_under_each_with_its_code(
    site, lang, clerk, archivist, level_4, level_3
):
    found = headings(site, url(lang, "programs/pattern-college/eligibility/"))
    assert found.index(clerk) < found.index(level_4) < found.index(level_3)
    assert found.index(level_3) < found.index(archivist)
    assert found[found.index(archivist) + 1] == level_4
    says(text(site, url(lang, "programs/pattern-college/")), clerk, archivist)
    says(text(site, url(lang, "")), archivist)


@pytest.mark.parametrize(
    ("lang", "pointers", "any_one"),
    [
        (
            "zh",
            [
                "条件未在本通知中列明：见附件2《申报条件》",
                "条件未在本通知中列明：按国家职业技能标准执行",
            ],
            "具备以下条件之一",
        ),
        (
            "en",
            [
                "Conditions not stated in this notice: see attachment 2 (application conditions)",
                "Conditions not stated in this notice: as the national occupational skill standard",
            ],
            "Meet any one of",
        ),
    ],
)
def test_a_level_whose_conditions_stand_elsewhere_points_there_and_shows_no_condition(
    site, lang, pointers, any_one
):
    page = text(site, url(lang, "programs/pattern-college/eligibility/"))
    says(page, *pointers)
    assert page.count(any_one) == 1  # only the one level with conditions of its own


# -- who may apply at all -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "fragments"),
    [
        (
            "zh",
            [
                "谁可以报名： 工作地（行政区划代码）在泉州市（350500，含其下辖各区县）之内",
                "达到法定退休年龄的年月晚于 2025年6月",
                "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》",
            ],
        ),
        (
            "en",
            [
                "Who may apply: where you work (division code): within Quanzhou (泉州市, 350500, every "
                "county and district in it included)",
                "month you reach the statutory retirement age: after June 2025",
                "worked out from your month of birth and your original retirement age category",
                "Decision of the NPC Standing Committee on gradually raising the statutory",
            ],
        ),
    ],
)
def test_who_may_apply_reads_as_a_region_and_a_retirement_month_with_its_legal_basis(
    site, lang, fragments
):
    for page in ("", "eligibility/"):
        says(text(site, url(lang, f"programs/pattern-college/{page}")), *fragments)


# -- exam and fees ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "rows"),
    [
        (
            "zh",
            [
                "费用项目 等级 科目 类别 金额 条款",
                "五级考试费 五级 / 初级工 未按科目列出 考试费 220 元",
                "四级考试费 四级 / 中级工 未按科目列出 考试费 360 元",
                "理论补考费 所有等级 理论知识 补考费 65 元",
                "教材费 所有等级 未按科目列出 通知未写明 40 元",
            ],
        ),
        (
            "en",
            [
                "Fee Level Subject Type Amount Clause",
                "Level 5 exam fee Level 5 / junior worker not listed by subject exam fee 220 yuan",
                "theory retake fee all levels theory retake fee 65 yuan",
                "handbook all levels not listed by subject not stated in the notice 40 yuan",
            ],
        ),
    ],
)
def test_fees_are_a_table_by_level_subject_and_kind(site, lang, rows):
    says(text(site, url(lang, "programs/pattern-exam/exam-and-fees/")), *rows)


@pytest.mark.parametrize(
    ("lang", "fragments", "old"),
    [
        (
            "zh",
            [
                "缴费 审核通过后，由单位统一缴费并收集回执单。",
                "请在审核通过后再缴费。",
                "缴费截止日期：2024年7月20日",
                "收款账户：四级考试费 项目 内容 用于缴纳 四级考试费：360 元 户名 某某认定中心 "
                "开户行 某某银行某某支行 账号 6222 0000 1111 2222",
            ],
            "收款账户 360 元",
        ),
        (
            "en",
            [
                "Paying Once the review has passed, each unit pays",
                "Pay only after the review has passed.",
                "Deadline to pay: 20 July 2024",
                "Account to pay into: Level 4 exam fee Item Details For Level 4 exam fee: 360 "
                "yuan Account name 某某认定中心 Bank 某某银行某某支行 Account number 6222",
            ],
            "Pay to 360 yuan",
        ),
    ],
)
def test_when_and_how_to_pay_and_the_account_read_as_such(site, lang, fragments, old):
    page = text(site, url(lang, "programs/pattern-exam/exam-and-fees/"))
    says(page, *fragments)
    assert old not in page  # the account is not labelled by an amount


@pytest.mark.parametrize(
    ("lang", "fragments"),
    [
        (
            "zh",
            [
                "合格标准：通知未写明合格标准。",
                "五级 / 初级工 理论知识（机考）：满分 100 分、合格分数 60 分 操作技能（模拟实操） "
                "四级 / 中级工 理论知识（机考）：满分 100 分、合格分数 60 分 操作技能（模拟实操） "
                "业绩评审（综合评审） 补考",
                "补考 未通过的科目可补考一次。 （依据：通知 七、） 可补考 1 次",
            ],
        ),
        (
            "en",
            [
                "Level 5 / junior worker theory (computer-based exam): full marks 100 points, "
                "pass mark 60 points practical skills (simulated practical exam) Level 4 / "
                "intermediate worker",
                "How to pass: The notice does not say how to pass.",
                "work record review (comprehensive review) Retakes",
                "Retakes allowed: 1",
            ],
        ),
    ],
)
def test_subjects_are_listed_per_level_with_their_mode_marks_only_where_given(
    site, lang, fragments
):
    page = text(site, url(lang, "programs/pattern-exam/exam-and-fees/"))
    says(page, *fragments)
    assert "A passed subject stays valid" not in page and "保留" not in page


# -- materials -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "fragments"),
    [
        (
            "zh",
            [
                "何时需要 仅申报三级 / 高级工时需要",
                "何时需要 仅当您凭以下条件之一申报时需要： · 四级 / 中级工：取得本职业五级证书后，"
                "累计从事本职业工作满3年。 （依据：通知 三、1.(2)）",
                "照片尺寸 295 × 413 像素",
                "大小下限 40 KB",
                "大小上限 200 KB → 300 KB （自 2024年6月28日 起，依据 模式材〔2024〕3号）",
                "命名规则 {id_number}_{name}.pdf 身份证号末位的 X 须大写",
                "提交方式 电子文件和纸质材料都要交",
            ],
        ),
        (
            "en",
            [
                "When needed only for Level 3 / senior worker",
                "When needed only if you apply through one of: · Level 4 / intermediate worker: "
                "At least 3 years in this occupation after obtaining its Level 5 certificate.",
                "Photo size 295 × 413 pixels",
                "Smallest size 40 KB",
                "Size limit 200 KB → 300 KB (from 28 June 2024, 模式材〔2024〕3号)",
                "The X at the end of an ID number must be upper case",
                "How to hand it in as a file and on paper",
            ],
        ),
    ],
)
def test_a_material_says_who_needs_it_its_sizes_and_naming(site, lang, fragments):
    says(text(site, url(lang, "programs/pattern-materials/materials/")), *fragments)


@pytest.mark.parametrize(
    ("lang", "heading", "paper_only", "both"),
    [
        (
            "zh",
            "纸质材料 以下材料须提交纸质件或出示原件，不放入电子压缩包。",
            "工作证明 单位出具的工作证明，纸质原件。 （依据：通知 六、2.(5)） 要求 工作证明 "
            "份数 2 份 纸张规格 A4 其他要求 须加盖单位公章。 何时需要 所有考生",
            "五级证书 本材料同时要交电子文件（见上文），纸质要求如下。 要求 五级证书 份数 1 份 "
            "原件 须提交或出示原件",
        ),
        (
            "en",
            "Paper materials These are handed in on paper, or shown as originals",
            "proof of employment Proof of employment issued by the employer, on paper.",
            "Level 5 certificate This one is also handed in as a file (above); on paper: "
            "Requirement Level 5 certificate Copies 1 Original The original must be handed in "
            "or shown",
        ),
    ],
)
def test_paper_materials_have_their_own_section_after_the_files(
    site, lang, heading, paper_only, both
):
    page = text(site, url(lang, "programs/pattern-materials/materials/"))
    says(page, heading, paper_only, both)
    files, _ = page.split(heading, 1)
    assert ("工作证明" if lang == "zh" else "proof of employment") not in files
    assert ("Copies" if lang == "en" else "份数") not in files


@ZH_EN
def test_a_paper_only_material_stays_out_of_the_bundle_and_its_file_names(site, lang):
    html = (site / url(lang, "programs/pattern-materials/how-to-apply/index.html")).read_text(
        encoding="utf-8"
    )
    layouts = " ".join(part.split("</pre>", 1)[0] for part in html.split('<pre class="layout"')[1:])
    assert "证件照.jpg" in layouts and "工作证明" not in layouts
    page = text(site, url(lang, "programs/pattern-materials/how-to-apply/"))
    says(
        page, "纸质材料不放进压缩包" if lang == "zh" else "Paper materials do not go in the bundle"
    )
    assert ("工作证明" if lang == "zh" else "proof of employment") not in page


@ZH_EN
def test_the_amendment_history_names_the_value_that_changed(site, lang):
    page = text(site, url(lang, "programs/pattern-materials/"))
    if lang == "zh":
        says(page, "变更历史：证件照（大小上限）", "模式材〔2024〕2号 200 KB 已被替代")
    else:
        says(page, "History: ID photo (size limit)", "模式材〔2024〕2号 200 KB replaced")


# -- every page --------------------------------------------------------------------------------
GUIDE_PAGES = ("", "eligibility/", "materials/", "how-to-apply/", "exam-and-fees/", "subsidies/")


def test_no_page_of_any_pattern_shows_a_placeholder_or_untagged_chinese_in_english(site):
    for pid in PATTERNS:
        for lang in ("zh", "en"):
            folder = site / url(lang, f"programs/{pid}")
            for path in sorted(folder.rglob("index.html")):
                page = read_page(site, path).text
                assert not re.search(r"\bNone\b|undefined|\{\{|\{%", page), path
        for page in GUIDE_PAGES:
            english = read_page(site, site / f"en/programs/{pid}/{page}index.html")
            assert not english.unquoted_han, (page, english.unquoted_han[:5])


# -- the realistic test programs (tests/programs/), built as they are ---------------------------
TEST_IDS = sorted(p.stem for p in TEST_PROGRAMS.glob("*.yaml"))
TEST_AS_OF = "2025-01-01"  # some of them are past on this day, some current: both render


@pytest.fixture(scope="module")
def test_programs_site(tmp_path_factory) -> tuple[Path, dict]:
    assert len(TEST_IDS) >= 6, "tests/programs holds the six test programs"
    programs, problems = check_dir(TEST_PROGRAMS)
    assert problems == [], [str(p) for p in problems]
    out = tmp_path_factory.mktemp("test-programs") / "site"
    build(out_dir=out, data_dir=TEST_PROGRAMS, as_of=TEST_AS_OF)
    return out, programs


def within(expr) -> list[str]:
    """The division codes a condition names (GB/T 2260): each is shown with its name."""
    if isinstance(expr, list):
        return [code for e in expr for code in within(e)]
    if not isinstance(expr, dict):
        return []
    return list(expr.get("within", [])) + within([expr.get(k) for k in ("all", "any", "not")])


def expected_facts(program: dict, lang: str) -> dict[str, list[str]]:
    """Page (under programs/<id>/) -> what a reader must find there, from the program's YAML
    in the words of strings/<lang>.yaml."""
    s = strings(lang)
    notice = program["notice"]
    facts: dict[str, list[str]] = {"": [], "eligibility/": [], "exam-and-fees/": []}
    facts[""].append(notice.get("document_number") or s["program_meta"]["no_document_number"])
    facts[""].append(
        format_date(notice["date"], lang) if "date" in notice else s["program_meta"]["no_date"]
    )
    if not program.get("timeline"):
        facts[""].append(s["overview"]["no_timeline"])
    occupations = program.get("occupations") or []
    for o in occupations:
        facts["eligibility/"].append(
            s["program_meta"]["occupation_code"].format(name=o["name"][lang], code=o["code"])
        )
    for level in program["levels"]:
        if "not_stated" in level:
            pointer = level["not_stated"][lang]
            facts["eligibility/"].append(s["eligibility"]["not_stated"].format(pointer=pointer))
    facts["eligibility/"] += within((program.get("audience") or {}).get("when"))
    for fee in program.get("fees") or []:
        facts["exam-and-fees/"].append(s["money"].format(amount=fmt_num(fee["amount_cny"])))
    payment = program.get("payment")
    if payment:
        facts["exam-and-fees/"].append(payment["text"][lang])
        if payment.get("after_review"):
            facts["exam-and-fees/"].append(s["exam"]["after_review"])
        facts["exam-and-fees/"].append(
            s["exam"]["due"].format(date=format_date(payment["due"], lang))
            if "due" in payment
            else s["exam"]["no_due"]
        )
    elif program.get("fees"):
        facts["exam-and-fees/"].append(s["exam"]["no_payment"])
    for subject in (program.get("exam") or {}).get("subjects") or []:
        if "mode" in subject:
            facts["exam-and-fees/"].append(s["exam"]["modes"][subject["mode"]])
    retake = (program.get("exam") or {}).get("retake") or {}
    if retake.get("max_attempts"):
        attempts = s["exam"]["retake_attempts"].format(n=retake["max_attempts"])
        facts["exam-and-fees/"].append(attempts)
    return facts


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("program_id", TEST_IDS)
def test_each_realistic_test_program_shows_its_facts_in_both_languages(
    test_programs_site, program_id, lang
):
    site, programs = test_programs_site
    program = programs[program_id]
    for page, fragments in expected_facts(program, lang).items():
        says(text(site, url(lang, f"programs/{program_id}/{page}")), *fragments)
    materials = text(site, url(lang, f"programs/{program_id}/materials/"))
    s = strings(lang)["materials"]
    on_paper = [m for m in program["materials"] if m.get("submit", "electronic") != "electronic"]
    if on_paper:
        _, paper = materials.split(normalise(f"{s['paper_heading']} {s['paper_intro']}"), 1)
        says(paper, *(m["name"][lang] for m in on_paper))
    else:
        assert s["paper_intro"] not in materials
    for m in program["materials"]:
        photo = m.get("photo") or {}
        if "width_px" in photo and "height_px" in photo:
            says(materials, s["size_px"].format(w=photo["width_px"], h=photo["height_px"]))
        if (m.get("naming") or {}).get("uppercase_x"):
            says(materials, s["uppercase_x"])
        if "min_bytes" in m:
            says(materials, f"{s['min_size']} {human_bytes(m['min_bytes'])}")
    for path in sorted((site / url(lang, f"programs/{program_id}")).rglob("index.html")):
        assert not re.search(r"\bNone\b|undefined|\{\{|\{%", read_page(site, path).text), path
