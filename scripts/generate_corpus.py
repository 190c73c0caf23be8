"""Write the sample reports shipped in corpus/ (invented units, figures that add up).

Run from the repository root:  python scripts/generate_corpus.py
Needs reportlab and python-docx (the rendering lives in tests/render.py, loaded by
path).  Each report NAME.{txt,docx,pdf} gets NAME.expected.json: kind,
department, year, self_score, grade, the ten headline keys (strings in 万元 / %
/ persons, null when not stated) and the top-level headings.  The generated
files are committed, so ``selfeval ingest corpus/`` works without reportlab.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "corpus"
RENDER = ROOT / "tests" / "render.py"
D = Decimal
HEADINGS = ["一、基本情况", "二、自评结论", "三、绩效分析", "四、主要绩效", "五、存在的问题及改进意见", "六、相关建议"]
ITEM_NAMES = ["预算编制", "预算执行", "资产与财务管理", "履职效能", "社会效益与满意度"]
NUMERALS = "一二三四五六七八九十"


@dataclass
class Sample:
    name: str
    fmt: str  # txt | txt-gbk | docx | pdf
    department: str
    year: int
    duties: str
    basic: Decimal
    project: Decimal
    budget_initial: Decimal
    admin_staff: int
    service_staff: int
    staff_actual: int
    items: list[tuple[int, Decimal]]  # (max, obtained) per ITEM_NAMES entry
    results: list[str]
    problems: list[str]
    advice: list[str]
    other_income: Decimal = Decimal(0)
    budget_adjusted: Decimal | None = None
    yuan: bool = False  # state income and spending in 元
    table: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def fiscal(self) -> Decimal:
        return self.total - self.other_income

    @property
    def rate(self) -> Decimal:
        base = self.budget_adjusted or self.budget_initial
        return (self.total / base * 100).quantize(D("0.01"), ROUND_HALF_UP)

    @property
    def score(self) -> Decimal:
        return sum((got for _, got in self.items), D("0"))

    @property
    def grade(self) -> str:
        return "优秀" if self.score >= 90 else "良好" if self.score >= 80 else "中" if self.score >= 60 else "差"


def wan(x: Decimal, comma: bool = False) -> str:
    return f"{x:,.2f}" if comma else f"{x:.2f}"


def yuan(x: Decimal) -> str:
    return f"{x * 10000:,.2f}"


def money(s: Sample, x: Decimal) -> str:
    return f"{yuan(x)} 元" if s.yuan else f"{wan(x, comma=x >= 1000)} 万元"


def score_text(x: Decimal) -> str:
    return format(x.normalize(), "f")


def report_text(s: Sample) -> str:
    staff = s.admin_staff + s.service_staff
    budget = f"年初预算 {wan(s.budget_initial, True)} 万元"
    if s.budget_adjusted is not None:
        budget += f"，年中追加调整后全年预算 {wan(s.budget_adjusted, True)} 万元"
    income = f"{s.year} 年度收入合计 {money(s, s.total)}，其中财政拨款收入 {money(s, s.fiscal)}"
    if s.other_income:
        income += f"，其他收入 {money(s, s.other_income)}"
    lines = [
        f"{s.department}{s.year}年度部门整体支出绩效自评报告",
        "按照本级财政部门关于开展上一年度预算绩效自评工作的安排，我单位对全年部门整体支出情况进行了自查评价，结果报告如下。",
        HEADINGS[0],
        "（一）部门职能",
        s.duties,
        "（二）机构人员",
        f"本单位核定编制 {staff} 名，其中行政编制 {s.admin_staff} 名、事业编制 {s.service_staff} 名；年末实有在职人员 {s.staff_actual} 人。",
        "（三）预算收支",
        f"{income}。本年支出合计 {money(s, s.total)}，其中基本支出 {money(s, s.basic)}，项目支出 {money(s, s.project)}。",
        f"{budget}，预算完成率 {s.rate}%。",
        HEADINGS[1],
        f"对照部门整体支出绩效评价指标逐项打分，本单位{s.year}年度自评得分 {score_text(s.score)} 分，自评等级为“{s.grade}”。",
        HEADINGS[2],
    ]
    for i, (name, (maximum, got)) in enumerate(zip(ITEM_NAMES, s.items)):
        lines.append(f"（{NUMERALS[i]}）{name}情况")
        lines.append(f"{ITEM_TEXT[name]}该项总分 {maximum} 分，得分 {score_text(got)} 分。")
    if s.table:
        lines.append("本年预算执行情况见下表。")
        lines.append("[[TABLE]]")
    lines.append(HEADINGS[3])
    lines.extend(f"{i + 1}.{text}" for i, text in enumerate(s.results))
    lines.append(HEADINGS[4])
    lines.extend(f"{i + 1}.{text}" for i, text in enumerate(s.problems))
    lines.append(HEADINGS[5])
    lines.extend(f"{i + 1}.{text}" for i, text in enumerate(s.advice))
    return "\n".join(lines) + "\n"


ITEM_TEXT = {
    "预算编制": "预算编制依据充分，支出测算与年度工作任务相衔接，但个别项目前期论证偏粗。",
    "预算执行": "全年资金拨付按计划推进，季度执行进度总体均衡，少量资金在年末集中支付。",
    "资产与财务管理": "财务审批、政府采购和资产登记制度执行到位，账实相符。",
    "履职效能": "年度重点任务按时完成，主要产出指标达到或超过预期。",
    "社会效益与满意度": "服务对象反馈总体良好，抽样回访满意度较高。",
}


def budget_table(s: Sample) -> list[list[str]]:
    return [
        ["支出类别", "年初预算（万元）", "实际支出（万元）"],
        ["基本支出", "—", wan(s.basic)],
        ["项目支出", "—", wan(s.project)],
        ["合计", wan(s.budget_initial), wan(s.total)],
    ]


def expected(s: Sample) -> dict:
    staff = s.admin_staff + s.service_staff
    headline = {
        "budget_initial": wan(s.budget_initial),
        "budget_adjusted": wan(s.budget_adjusted) if s.budget_adjusted is not None else None,
        "income_total": wan(s.total),
        "income_fiscal": wan(s.fiscal),
        "expenditure_total": wan(s.total),
        "expenditure_basic": wan(s.basic),
        "expenditure_project": wan(s.project),
        "execution_rate": str(s.rate),
        "staff_authorized": str(staff),
        "staff_actual": str(s.staff_actual),
    }
    return {
        "kind": "dept_overall",
        "department": s.department,
        "year": s.year,
        "self_score": score_text(s.score),
        "grade": s.grade,
        "headline": headline,
        "headings": HEADINGS,
    }


SAMPLES = [
    Sample(
        name="archives_2023", fmt="txt", department="示例县档案馆", year=2023,
        duties="负责全县档案的接收、保管、整理和利用，承担馆藏数字化、档案查阅服务和档案安全保护工作。",
        basic=D("286.40"), project=D("57.35"), budget_initial=D("320.00"),
        admin_staff=6, service_staff=12, staff_actual=16,
        items=[(20, D("19")), (30, D("28")), (10, D("10")), (25, D("24")), (15, D("14"))],
        results=[
            "完成馆藏纸质档案数字化扫描约 42 万页，新增电子目录 3.6 万条。",
            "全年接待查档群众 2,180 人次，查档办结率 100%。",
            "开展档案安全隐患排查 4 次，整改问题 9 项。",
        ],
        problems=["数字化项目验收偏晚，部分资金在第四季度才完成支付。", "绩效目标中的质量指标量化不足。"],
        advice=["建议财政部门提前下达数字化专项资金，便于项目按期实施。"],
    ),
    Sample(
        name="agriculture_2022", fmt="txt-gbk", department="示例市农业农村局", year=2022,
        duties="贯彻落实农业农村发展政策，统筹推进粮食生产、耕地保护、农村人居环境整治和农业技术推广。",
        basic=D("1562.48"), project=D("2293.14"), other_income=D("55.62"),
        budget_initial=D("3600.00"), budget_adjusted=D("3920.50"),
        admin_staff=58, service_staff=38, staff_actual=91, yuan=True,
        items=[(20, D("17")), (30, D("26.5")), (10, D("8")), (25, D("22")), (15, D("13"))],
        results=[
            "全市粮食播种面积稳定在 86.2 万亩，完成高标准农田建设 3.5 万亩。",
            "举办农业实用技术培训 64 期，培训农民 5,300 余人次。",
            "农村生活垃圾收运处置体系行政村覆盖率达到 98.5%。",
        ],
        problems=["部分项目资金下达较晚，全年预算执行率未达到 100%。", "个别项目绩效目标设置偏宽泛，难以考核。"],
        advice=["完善项目库管理，提前做好项目储备和论证。", "加强绩效运行监控，按季度通报执行进度。"],
    ),
    Sample(
        name="culture_2023", fmt="docx", department="示例区文化馆", year=2023,
        duties="组织开展群众文化活动，承担公益性文化艺术培训、非物质文化遗产保护和基层文艺队伍辅导工作。",
        basic=D("412.06"), project=D("138.90"), budget_initial=D("536.20"),
        admin_staff=3, service_staff=22, staff_actual=24, table=True,
        items=[(20, D("18")), (30, D("28")), (10, D("9")), (25, D("23")), (15, D("14"))],
        results=[
            "全年举办公益展演 38 场，线上线下观众约 12 万人次。",
            "开设免费艺术培训班 26 个，结业学员 1,040 人。",
            "完成非遗项目影像记录 5 项。",
        ],
        problems=["专业技术人员偏少，活动策划能力有待提升。", "部分场馆设备老化，维护经费不足。"],
        advice=["建议按服务人口核定文化活动经费，保障基层活动常态化开展。"],
    ),
    Sample(
        name="water_2022", fmt="pdf", department="示例县水务局", year=2022,
        duties="负责全县水资源管理、水利工程建设与运行管护、农村供水保障和河湖长制日常工作。",
        basic=D("735.52"), project=D("1204.33"), budget_initial=D("2015.00"),
        admin_staff=30, service_staff=12, staff_actual=40, table=True,
        items=[(20, D("18")), (30, D("26")), (10, D("9")), (25, D("22")), (15, D("13"))],
        results=[
            "完成农村供水管网改造 46.8 公里，受益群众 2.3 万人。",
            "开展河湖巡查 1,260 次，清理河道垃圾约 860 吨。",
            "全县水利工程安全度汛，未发生责任事故。",
        ],
        problems=["供水工程项目受汛期影响开工推迟，预算完成率偏低。", "部分乡镇管护经费未足额落实。"],
        advice=["建议将工程管护经费纳入年度预算统筹安排。", "加快项目前期工作，合理安排施工时序。"],
    ),
]


def load_render():
    spec = importlib.util.spec_from_file_location("selfeval_test_render", RENDER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def write_sample(s: Sample, render) -> Path:
    text = report_text(s)
    rows = budget_table(s) if s.table else None
    if s.fmt == "txt":
        path = HERE / f"{s.name}.txt"
        path.write_text(text.replace("[[TABLE]]\n", ""), encoding="utf-8")
    elif s.fmt == "txt-gbk":
        path = HERE / f"{s.name}.txt"
        path.write_bytes(text.replace("[[TABLE]]\n", "").replace("\n", "\r\n").encode("gbk"))
    elif s.fmt == "docx":
        path = render.render_docx(text, HERE / f"{s.name}.docx", table_rows=rows)
    else:
        path = render.render_pdf(text, HERE / f"{s.name}.pdf", table_rows=rows)
    record = json.dumps(expected(s), ensure_ascii=False, indent=1)
    (HERE / f"{s.name}.expected.json").write_text(record + "\n", encoding="utf-8")
    return path


def check(s: Sample) -> None:
    """The invariants the samples promise."""
    assert s.fiscal + s.other_income == s.total == s.basic + s.project
    assert sum(m for m, _ in s.items) == 100 and all(got <= m for m, got in s.items)
    assert len(s.items) == len(ITEM_NAMES)


# --- a project self-evaluation form (项目支出绩效自评表) as a web page, merged cells and all

FORM_TEXT = """青溪县水务局2023年度农村饮水安全巩固提升项目支出绩效自评报告
一、项目基本情况
项目由县水务局组织实施，主要用于农村供水管网维修和水质检测。
二、项目支出绩效自评表
[[TABLE:fund]]
[[TABLE:indicators]]
三、自评结论
项目总体完成年度绩效目标，存在的主要问题是部分工程受雨季影响推迟完工。"""
FORM_FUND = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "120", "135.5", "128.73", "10", "95%", "9.5"],
    ["其中：当年财政拨款", "100", "115.5", "110.2", "", "", ""],
    ["上年结转资金", "20", "20", "18.53", "", "", ""],
    ["其他资金", "", "", "", "", "", ""],
]
FORM_INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标", "数量指标", "★维修供水管网长度", "≥18公里", "18.6公里", "15", "15", ""],
    ["产出指标", "数量指标", "水质检测次数", "≥24次", "24次", "10", "10", ""],
    ["产出指标", "质量指标", "水质达标率", "≥95%", "97%", "15", "15", ""],
    ["产出指标", "时效指标", "按期完工率", "100%", "85%", "10", "8", "雨季推迟，已督促"],
    ["效益指标", "社会效益指标", "受益人口", "≥12000人", "12450人", "20", "20", ""],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", "20", "20", ""],
    ["总分", "", "", "", "", "100", "97.5", "优"],
]
FORM_MERGES = [(1, 0, 4, 0), (1, 1, 2, 1)]


def write_project_form(render) -> Path:
    spec = render.TableSpec(FORM_INDICATORS, merges=FORM_MERGES)
    path = render.render_html(FORM_TEXT, HERE / "waterworks_2023.html", tables={"fund": FORM_FUND, "indicators": spec})
    headline = dict.fromkeys(["budget_initial", "budget_adjusted", "income_total", "income_fiscal", "expenditure_total",
                              "expenditure_basic", "expenditure_project", "execution_rate", "staff_authorized",
                              "staff_actual"])
    headline.update(budget_initial="120", budget_adjusted="135.5", expenditure_total="128.73", execution_rate="95")
    gold = {"kind": "project", "department": "青溪县水务局", "year": 2023, "self_score": "97.5", "grade": "优",
            "headline": headline, "headings": ["一、项目基本情况", "二、项目支出绩效自评表", "三、自评结论"]}
    (HERE / "waterworks_2023.expected.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                         encoding="utf-8")
    return path


def main() -> None:
    render = load_render()
    for s in SAMPLES:
        check(s)
        print(write_sample(s, render).relative_to(HERE.parent))
    print(write_project_form(render).relative_to(HERE.parent))


if __name__ == "__main__":
    main()
