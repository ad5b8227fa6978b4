"""Every way a program file can be wrong, as one table: stable code -> Chinese and English text.

The same shape as functions/upload/problems.py: templates with named placeholders filled from
the file (keys, values, ids), so a message says what is wrong where, and the one action that
fixes it. Codes are stable (tests, tools and staff search for them); wording may improve.
"""

from __future__ import annotations

from .errors import Problem

# Codes that are warnings: worth a staff member's look, never a reason to refuse the data.
WARNINGS = frozenset({"same-document-number", "same-notice-text", "todo"})
# Warnings that nonetheless stop a build or publish: a draft's unchecked values are not facts.
UNPUBLISHABLE = frozenset({"todo"})

# code -> (zh template, en template)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- the folder and the file --------------------------------------------------------------
    "no-programs": (
        "{folder} 下没有任何 .yaml 项目文件（或者这个文件夹不存在）。",
        "there is no .yaml program file in {folder} (or the folder does not exist).",
    ),
    "duplicate-program": (
        "项目编号 “{id}” 已被另一个文件使用。",
        'program id "{id}" is already used by another file.',
    ),
    "not-utf8": (
        "文件不是 UTF-8 编码（{reason}）。请用 UTF-8 保存。",
        "the file is not UTF-8 ({reason}). Save it as UTF-8.",
    ),
    "yaml-syntax": (
        "YAML 格式错误：{reason}。请检查缩进、冒号后的空格和引号是否成对。",
        "malformed YAML: {reason}. Check the indentation, the space after each colon and that "
        "quotes are paired.",
    ),
    "yaml-control-character": (
        "文件含有不允许的控制字符（#x{char}）。请删除它（常见于从其他软件粘贴的文字）。",
        "the file holds a control character (#x{char}) that YAML does not allow. Delete it (it "
        "often comes with text pasted from other programs).",
    ),
    "yaml-too-deep": (
        "嵌套层数过多，或某个锚点（&）引用了它自身。请检查缩进和 & / * 的用法。",
        "the nesting is far too deep, or an anchor (&) refers to itself. Check the indentation "
        "and the use of & and *.",
    ),
    "yaml-too-large": (
        "文件展开后超过 {limit} 个值，通常是别名（*）层层引用造成的。请删除这些别名。",
        "the file expands to more than {limit} values, usually through aliases (*) that refer "
        "to each other. Remove those aliases.",
    ),
    "empty-file": ("文件是空的。", "the file is empty."),
    "duplicate-key": (
        "键 “{key}” 重复出现；后一个会覆盖前一个。请删除或合并重复的键。",
        'the key "{key}" appears twice; the second would silently replace the first. Remove or '
        "merge the duplicate.",
    ),
    "bad-value": (
        "无法读取的值 “{value}”（{reason}）。日期请写成 YYYY-MM-DD，例如 2024-07-05。",
        'cannot read the value "{value}" ({reason}). Write dates as YYYY-MM-DD, e.g. 2024-07-05.',
    ),
    # --- structure (the schema) ---------------------------------------------------------------
    "missing-text": (
        "缺少{lang_zh}文本（{key}）。每段文字都要有 zh 和 en 两种语言。",
        "the {lang_en} text ({key}) is missing. Every text needs both zh and en.",
    ),
    "missing-key": ("缺少必填项 “{key}”。", 'the required key "{key}" is missing.'),
    "unknown-key": (
        "未知的键 “{key}”。这里可用的键：{allowed}。",
        'unknown key "{key}". Keys allowed here: {allowed}.',
    ),
    "text-split-by-comma": (
        "“{key}” 不是键：{{zh: …, en: …}} 这种写法里，文字中的逗号把它截断了。"
        '请给这段文字加上引号，例如 {lang}: "{example}"。',
        '"{key}" is not a key: in the {{zh: …, en: …}} form, a comma in the text cut it short. '
        'Put the text in quotes, e.g. {lang}: "{example}".',
    ),
    "wrong-type": (
        "类型不对：这里应是 {want_zh}，而不是 {got}。",
        "wrong type: expected {want_en}, got {got}.",
    ),
    "level-by-name": (
        "等级要写成数字：“{got}” 是 {number} 级，请写 level: {number}。"
        "（五级/初级工 = 5，四级/中级工 = 4，三级/高级工 = 3，二级/技师 = 2，一级/高级技师 = 1）",
        'a level is written as its number: "{got}" is level {number}, so write level: {number}. '
        "(5 = junior, 4 = intermediate, 3 = senior, 2 = technician, 1 = senior technician)",
    ),
    "empty-text": ("文本不能为空。", "the text must not be empty."),
    "bad-date": (
        "日期 {value} 格式不对，请写成 YYYY-MM-DD，例如 2024-07-05。",
        "the date {value} is malformed; write YYYY-MM-DD, e.g. 2024-07-05.",
    ),
    "bad-id": (
        "编号 {value} 只能用小写字母、数字和连字符，例如 photo、id-card。",
        "the id {value} may use only lower-case letters, digits and hyphens, e.g. photo, id-card.",
    ),
    "bad-choice": ("{value} 不是可选值之一：{choices}。", "{value} is not one of: {choices}."),
    "empty-list": ("列表至少要有 {count} 项。", "the list needs at least {count} item(s)."),
    "invalid": ("取值不符合格式：{reason}", "invalid value: {reason}"),
    # --- meaning --------------------------------------------------------------------------------
    "id-file-mismatch": (
        "项目编号 “{id}” 与文件名 “{file}” 不一致；文件应命名为 {id}.yaml。",
        'program id "{id}" does not match the file name "{file}"; name the file {id}.yaml.',
    ),
    "missing-source": (
        "找不到通知原文文件 data/{source}。请把通知全文保存为这个文件。",
        "the notice text file data/{source} is missing. Save the notice's full text under that "
        "name.",
    ),
    "duplicate-id": (
        "编号 “{id}” 重复（第一次出现在 {first}）。编号必须唯一。",
        'the id "{id}" is used twice (first at {first}). Ids must be unique.',
    ),
    "duplicate-level": (
        "等级 {level} 出现了两次；同一等级的条件请写在一起。",
        "level {level} appears twice; put all its conditions under one entry.",
    ),
    "undefined-material": (
        "引用了未定义的材料 “{ref}”。已定义的材料：{defined}。",
        'refers to the undefined material "{ref}". Defined materials: {defined}.',
    ),
    "undefined-subsidy": (
        "“或”引用了未定义的补贴 “{ref}”。",
        'either_or refers to the undefined subsidy "{ref}".',
    ),
    "conditions-and-not-stated": (
        "等级 {level} 既写了 conditions 又写了 not_stated。通知写明了条件就只写 conditions；"
        "条件在附件或国家职业技能标准里时只写 not_stated。",
        "level {level} has both conditions and not_stated. Keep conditions when the notice "
        "states them; keep only not_stated when they stand in an attachment or the national "
        "standard.",
    ),
    "undefined-occupation": (
        "等级所属的职业 “{ref}” 未在 occupations 中定义（已定义：{defined}）。"
        "一份通知有多个职业时，每个等级都要用 occupation 写明它属于哪个职业。",
        'the level\'s occupation "{ref}" is not defined in occupations (defined: {defined}). '
        "When a notice covers several occupations, each level names its occupation.",
    ),
    "undefined-condition": (
        "材料只对某些条件需要，但条件 “{ref}” 不存在。请写 levels 下某个条件的 id。",
        'the material is needed only for some conditions, but there is no condition "{ref}". '
        "Use the id of a condition under levels.",
    ),
    "undefined-subject": (
        "费用对应的考试科目 “{ref}” 未在 exam.subjects 中定义（已定义：{defined}）。",
        'the fee is for the exam subject "{ref}", which exam.subjects does not define '
        "(defined: {defined}).",
    ),
    "level-not-offered": (
        "等级 {level} 不在本通知开设的等级中。",
        "level {level} is not one this notice offers.",
    ),
    "bad-naming-placeholder": (
        "命名规则里的 “{found}” 不会被替换。只能用 {{name}}（姓名）和 {{id_number}}（身份证号），"
        "例如 {{name}}_{{id_number}}.JPG。",
        'the naming rule\'s "{found}" would never be filled in. Use only {{name}} and '
        "{{id_number}}, e.g. {{name}}_{{id_number}}.JPG.",
    ),
    "pass-mark-over-full-marks": (
        "及格分 {pass_mark} 高于满分 {full_marks}。请按通知核对这两个数。",
        "the pass mark {pass_mark} is above the full marks {full_marks}. Check both against the notice.",
    ),
    "wrong-extension": (
        "项目文件要以 .yaml 结尾，否则不会被读取。请把 {file} 改名为 {fixed}。",
        "program files must end in .yaml, or they are not read. Rename {file} to {fixed}.",
    ),
    "missing-formats": (
        "材料 “{material}” 要交电子文件，但没有写 formats（可接受的文件格式）。"
        "只交纸质材料时请写 submit: paper。",
        'the material "{material}" is handed in as a file but has no formats (the file types '
        "accepted). For a paper-only material write submit: paper.",
    ),
    "todo": (
        "{where} 标着 !todo：这是草稿里待人工核对的值。请对照通知原文核对或改正，然后删去 !todo。"
        "在此之前可以预览，但不能生成和发布网站。",
        "{where} is marked !todo: a drafted value a person must check. Check it against the "
        "notice (or correct it), then delete !todo. Until then the site can be previewed, not "
        "built or published.",
    ),
    "same-document-number": (
        "文号 “{number}” 与 {other} 相同。新通知有自己的文号：请改成新通知上印的文号；"
        "新通知没有文号时，删去 document_number。",
        'the document number "{number}" is the same as {other}\'s. A new notice has its own: '
        "write the one printed on it, or leave document_number out when it has none.",
    ),
    "same-notice-text": (
        "通知原文 {source} 与 {other} 的原文完全相同。请把新通知的全文粘贴进 {source}。",
        "the notice text {source} is identical to {other}'s. Paste the new notice's full text "
        "into {source}.",
    ),
    "amount-for-unoffered-level": (
        "补贴金额对应的等级 {level} 不在本通知开设的等级中。",
        "the amount is for level {level}, which this notice does not offer.",
    ),
    "condition-too-deep": (
        "条件嵌套超过 {limit} 层。",
        "the condition nests more than {limit} levels deep.",
    ),
    "bad-condition": (
        "条件应写成 {{all: [...]}}、{{any: [...]}}、{{not: ...}} 或 {{field: 字段, eq: 值}}。",
        "a condition is {{all: [...]}}, {{any: [...]}}, {{not: ...}} or {{field: FIELD, eq: VALUE}}.",
    ),
    "bad-condition-list": (
        "“{joiner}” 后面应是一个非空列表，且不能与其他键并列。",
        '"{joiner}" takes a non-empty list and stands alone.',
    ),
    "bad-condition-not": ("“not” 不能与其他键并列。", '"not" stands alone.'),
    "bad-condition-atom": (
        "条件应写成 {{field: 字段, 运算: 值}}，运算是 {ops} 之一。",
        "a condition is {{field: FIELD, OP: VALUE}} with OP one of {ops}.",
    ),
    "bad-condition-in": ("“{op}” 后面应是列表。", '"{op}" takes a list.'),
    "unknown-field": (
        "考生资料中没有字段 “{field}”。{nearest_zh}"
        "如果考生资料里确实没有这项事实，就不能用它写机器条件：请只用文字（text）写明这一条，"
        "并请开发人员在考生资料契约（profile.schema.json）中增加字段。",
        'the candidate profile has no field "{field}". {nearest_en}'
        "If the profile really lacks this fact, a machine condition cannot test it: state the "
        "rule in the text only, and ask the developers to add the field to the profile contract "
        "(profile.schema.json).",
    ),
    "bad-condition-value": (
        "字段 “{field}” 不能与 {value} 比较；应写：{allowed_zh}。",
        'the field "{field}" cannot be compared with {value}; write {allowed_en}.',
    ),
    "empty-condition-list": (
        "“{op}” 后面的列表是空的，没有人能满足这一条：请写上至少一个值，或删去这一条。",
        '"{op}" is followed by an empty list, which no one can meet: give at least one value, '
        "or remove the condition.",
    ),
    "unknown-division": (
        "{division} 不是现行的 GB/T 2260 行政区划代码，没有人的工作地会在其中：请核对通知所说地区的"
        "6 位代码（县如 350521，市如 350500，省如 350000）。",
        "{division} is not a GB/T 2260 division code in use, so no one's workplace can lie in it: "
        "check the 6-digit code of the place the notice names (a county such as 350521, a city "
        "such as 350500, a province such as 350000).",
    ),
    "min-bytes-over-max-bytes": (
        "min_bytes（{low} 字节）大于 max_bytes（{high} 字节），任何文件都不合格：请按通知核对这两个数。",
        "min_bytes ({low} bytes) is more than max_bytes ({high} bytes), so no file can pass: "
        "check both numbers against the notice.",
    ),
    "missing-date": (
        "日程项至少要有 start 或 end 日期。",
        "a timeline entry needs a start or an end date.",
    ),
    "dates-reversed": (
        "结束日期 {end} 早于开始日期 {start}。",
        "the end date {end} is before the start date {start}.",
    ),
    # --- amendments ---------------------------------------------------------------------------
    "unknown-amended-value": (
        "修订指向不存在的值 “{value_path}”（找不到 “{missing}”）。列表项用它的 id 指明，例如 "
        "fees.retake-theory.amount_cny。",
        'the amendment names a value that does not exist, "{value_path}" (no "{missing}"). Name list '
        "items by their id, e.g. fees.retake-theory.amount_cny.",
    ),
    "amended-value-type": (
        "修订后的值 {new} 与原值 {old} 类型不同。",
        "the amended value {new} is not of the same kind as the original {old}.",
    ),
    "amendment-breaks-program": (
        "这条修订自 {date} 起生效后，{where} 出错：{reason_zh}",
        "once this amendment applies ({date}), {where} is wrong: {reason_en}",
    ),
    "unamendable-value": (
        "修订不能改动 “{value_path}”：{key} 是用来指明事物的编号或文件，不是通知的内容。"
        "后续通知改的是事实（日期、费用、条件……）；如果确实换了对象，请修改原文件中的值。",
        'an amendment cannot change "{value_path}": {key} names things, it is not a fact of '
        "the notice. A follow-up notice changes facts (dates, fees, conditions…); if what it "
        "names really changed, edit the value in the file itself.",
    ),
}


def text(code: str, **params) -> tuple[str, str]:
    """The (zh, en) message of a code with its placeholders filled."""
    zh, en = MESSAGES[code]
    return zh.format(**params), en.format(**params)


def problem(
    code: str, file: str, line: int, column: int, path: str, params: dict | None = None
) -> Problem:
    """A Problem at file:line:column (key path), worded from MESSAGES with params filled."""
    zh, en = text(code, **(params or {}))
    severity = "warning" if code in WARNINGS else "error"
    return Problem(code, file, line, column, path, zh, en, severity)
