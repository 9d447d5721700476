"""The brief's fixed wording in both languages: one table, looked up by key."""

WORDS = {
    "path": {"zh": "按年均增长{rate}所需路径（编者计算）", "en": "Path at {rate} a year (editors’ calculation)"},
    "target": {"zh": "{year}年目标", "en": "{year} target"},
    "key_figures": {"zh": "要点数据", "en": "Key figures"},
    "figure": {"zh": "图{n}", "en": "Figure {n}"},
    "source": {"zh": "资料来源：", "en": "Source: "},
    "sources": {"zh": "资料来源", "en": "Sources"},
    "edition": {"zh": "第{n}期", "en": "Edition {n}"},
    "derived": {"zh": "编者据原文数据计算", "en": "editors’ calculation from the source’s data"},
    "assumed": {"zh": "原文“{period}”未注明年份，按{year}年计（编者推定）", "en": "the source’s “{period}” "
                "gives no year; taken as {year} (editors’ assumption)"},
    "disagrees": {"zh": "编者注（{label}）：原文为{stated}；按{start}、{end}计算，年均约为{implied}。{assumed}",
                  "en": "Editors’ note ({label}): the source gives {stated}; {start} and {end} imply about "
                        "{implied} a year. {assumed}"},
    "at": {"zh": "{period}{value}", "en": "{value} ({period})"},
    "names": {"zh": "相关企业和机构：", "en": "Companies and institutions: "},
    "list_sep": {"zh": "、", "en": "; "},
    "colon": {"zh": "：", "en": ": "},
    "title": {"zh": "《{title}》", "en": "{title}"},
    "credit_sep": {"zh": "　", "en": ". "},
    "clause_sep": {"zh": "；", "en": "; "},
    "person_sep": {"zh": "、", "en": ", "},
    "section_ref": {"zh": "第{part}部分{section}", "en": "Section {part}.{section}"},
    "publisher": {"zh": "刊发媒体", "en": "Publisher"},
    "published": {"zh": "刊发日期", "en": "Date of publication"},
    "based_on": {"zh": "本简报依据以下报道编写：", "en": "This brief is based on the following report: "},
}


def word(key: str, lang: str, **values: object) -> str:
    return WORDS[key][lang].format(**values)
