"""Variants of the national forms that the corpus does not hold, read from the templates alone.

Each family is a made-up filled form (figures invented here) in the layout of a published
template variant (the sources are named in patterns/templates.yaml).  Each is flattened the
three ways a web page gives it -- one non-empty cell per line, ``|`` rows, cells separated
by spaces -- and must give the same score rows (name, 分值, 得分, level, group path) and the
same fund cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from extract.pipeline import ingest_text
from extract.read.document import table_row_line
from extract.tables.columns import role_of


@dataclass
class Family:
    title: str
    tables: list[list[list[str]]]
    scores: set = field(default_factory=set)
    fund: set = field(default_factory=set)
    headline: dict = field(default_factory=dict)
    grade: str | None = None


# 四川 部门预算项目支出绩效自评表: 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因;
# 总额 / 其中：财政资金 / 财政专户管理资金 / 单位资金 / 其他资金; 指标性质 | 指标值 | 度量单位 | 完成值; 合计
SICHUAN = Family(
    "示例县人社局2023年度职业技能培训项目支出绩效自评表",
    [
        [["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
         ["总额", "60", "58", "55.1", "95.00%", "10", "9.5", "部分培训费用未到结算期。"],
         ["其中：财政资金", "50", "50", "47.5", "95.00%", "/", "/", ""],
         ["财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/", ""],
         ["单位资金", "10", "8", "7.6", "95.00%", "/", "/", ""],
         ["其他资金", "", "", "", "", "/", "/", ""]],
        [["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
         ["", "产出指标", "数量指标", "培训人次", "≥", "500", "人次", "520", "20", "20", ""],
         ["", "", "质量指标", "培训合格率", "≥", "95", "%", "96", "20", "20", ""],
         ["", "", "时效指标", "按期完成率", "=", "100", "%", "90", "10", "8", "受天气影响延期。"],
         ["", "效益指标", "社会效益指标", "学员就业率", "≥", "80", "%", "85", "20", "20", ""],
         ["", "满意度指标", "服务对象满意度指标", "学员满意度", "≥", "90", "%", "95", "20", "19", ""],
         ["合计", "", "", "", "", "", "", "", "100", "96.5", ""]],
    ],
    scores={("预算执行情况", "10", "9.5", 1, ""),
            ("培训人次", "20", "20", 3, "产出指标 / 数量指标"), ("培训合格率", "20", "20", 3, "产出指标 / 质量指标"),
            ("按期完成率", "10", "8", 3, "产出指标 / 时效指标"), ("学员就业率", "20", "20", 3, "效益指标 / 社会效益指标"),
            ("学员满意度", "20", "19", 3, "满意度指标 / 服务对象满意度指标"), ("合计", "100", "96.5", None, "")},
    fund={("总额", "年初预算", "60"), ("总额", "调整后预算数", "58"), ("总额", "预算执行数", "55.1"),
          ("总额", "预算执行率", "95.00"), ("其中：财政资金", "预算执行数", "47.5"), ("单位资金", "调整后预算数", "8")},
    headline={"budget_initial": "60", "budget_adjusted": "58", "expenditure_total": "55.1", "execution_rate": "95.00"},
)

# 中央部门 项目支出绩效自评表 (2018 年度起): 年度指标值 | 全年实际值 | 分值 | 得分 | 未完成原因分析; 其中：财政拨款;
# 2018 vocabulary (成本指标 under 产出指标, 生态效益指标, 可持续影响指标); 总分 row with its grade
CENTRAL_2018 = Family(
    "示例部2018年度信息系统运维项目支出绩效自评表",
    [
        [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
         ["年度资金总额", "200", "180", "171", "10", "95%", "9.5"],
         ["其中：财政拨款", "200", "180", "171", "", "", ""],
         ["其他资金", "", "", "", "", "", ""]],
        [["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分", "未完成原因分析"],
         ["产出指标", "数量指标", "运维系统数量", "12个", "12个", "15", "15", ""],
         ["", "质量指标", "系统可用率", "≥99%", "99.5%", "15", "15", ""],
         ["", "时效指标", "故障响应时间", "≤2小时", "2小时", "10", "10", ""],
         ["", "成本指标", "单系统运维成本", "≤15万元", "14.25万元", "10", "10", ""],
         ["效益指标", "生态效益指标", "纸质办公减少率", "≥10%", "8%", "10", "7.5", "推广期较短。"],
         ["", "可持续影响指标", "系统持续运行年限", "≥5年", "5年", "20", "18", ""],
         ["满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90%", "93%", "10", "7", ""],
         ["总分", "", "", "", "", "100", "92", "优"]],
    ],
    scores={("年度资金总额(执行率)", "10", "9.5", 1, ""),
            ("运维系统数量", "15", "15", 3, "产出指标 / 数量指标"), ("系统可用率", "15", "15", 3, "产出指标 / 质量指标"),
            ("故障响应时间", "10", "10", 3, "产出指标 / 时效指标"), ("单系统运维成本", "10", "10", 3, "产出指标 / 成本指标"),
            ("纸质办公减少率", "10", "7.5", 3, "效益指标 / 生态效益指标"),
            ("系统持续运行年限", "20", "18", 3, "效益指标 / 可持续影响指标"),
            ("使用人员满意度", "10", "7", 3, "满意度指标 / 服务对象满意度指标"), ("总分", "100", "92", None, "")},
    fund={("年度资金总额", "全年预算数", "180"), ("年度资金总额", "全年执行数", "171"),
          ("其中：财政拨款", "全年执行数", "171")},
    headline={"budget_initial": "200", "budget_adjusted": "180", "expenditure_total": "171", "execution_rate": "95"},
    grade="优",
)

# 2021 起的指标框架 (财预〔2021〕101号): 成本指标 a level-1 group with 经济成本指标 / 社会成本指标 /
# 生态环境成本指标; 年初目标值 | 实际完成值 | 权重 | 自评得分 | 偏差原因分析及改进措施
NATIONAL_2021 = Family(
    "示例市文旅局2022年度公共文化服务项目支出绩效自评表",
    [
        [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "权重", "执行率", "自评得分"],
         ["年度资金总额", "80", "80", "76", "10", "95%", "9.5"],
         ["其中：当年财政拨款", "80", "80", "76", "", "", ""]],
        [["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "权重", "自评得分", "偏差原因分析及改进措施"],
         ["产出指标", "数量指标", "送戏下乡场次", "≥40场", "42场", "20", "20", ""],
         ["", "质量指标", "演出验收合格率", "100%", "100%", "10", "10", ""],
         ["成本指标", "经济成本指标", "单场演出成本", "≤1.8万元", "1.75万元", "10", "10", ""],
         ["", "社会成本指标", "安全责任事故", "0起", "0起", "5", "5", ""],
         ["", "生态环境成本指标", "演出垃圾清运率", "100%", "100%", "5", "5", ""],
         ["效益指标", "社会效益指标", "受惠群众人次", "≥2万人次", "2.1万人次", "30", "28", "部分场次因天气取消。"],
         ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "10", "10", ""],
         ["总分", "", "", "", "", "100", "97.5", ""]],
    ],
    scores={("年度资金总额(执行率)", "10", "9.5", 1, ""),
            ("送戏下乡场次", "20", "20", 3, "产出指标 / 数量指标"), ("演出验收合格率", "10", "10", 3, "产出指标 / 质量指标"),
            ("单场演出成本", "10", "10", 3, "成本指标 / 经济成本指标"), ("安全责任事故", "5", "5", 3, "成本指标 / 社会成本指标"),
            ("演出垃圾清运率", "5", "5", 3, "成本指标 / 生态环境成本指标"),
            ("受惠群众人次", "30", "28", 3, "效益指标 / 社会效益指标"),
            ("群众满意度", "10", "10", 3, "满意度指标 / 服务对象满意度指标"), ("总分", "100", "97.5", None, "")},
    fund={("年度资金总额", "全年执行数", "76"), ("其中：当年财政拨款", "全年执行数", "76")},
    headline={"budget_initial": "80", "budget_adjusted": "80", "expenditure_total": "76", "execution_rate": "95"},
)

# 湖南式 部门整体支出绩效评价指标体系: 一级 投入 / 过程 / 产出 / 效果, 二级 目标设定 … 履职效益 (its
# leaves 经济效益 / 社会效益 carry level-2 words), 权重 for 分值
DEPT_SYSTEM = Family(
    "示例县档案局2019年度部门整体支出绩效评价指标",
    [
        [["一级指标", "权重", "二级指标", "权重", "三级指标", "权重", "得分"],
         ["投入", "20", "目标设定", "5", "绩效目标合理性", "2", "2"],
         ["", "", "", "", "绩效指标明确性", "3", "3"],
         ["", "", "预算配置", "15", "在职人员控制率", "5", "5"],
         ["", "", "", "", "“三公经费”变动率", "5", "4"],
         ["", "", "", "", "重点支出安排率", "5", "5"],
         ["过程", "30", "预算执行", "15", "预算完成率", "8", "7"],
         ["", "", "", "", "预算调整率", "7", "7"],
         ["", "", "预算管理", "10", "管理制度健全性", "10", "9"],
         ["", "", "资产管理", "5", "资产管理安全性", "5", "5"],
         ["产出", "25", "职责履行", "25", "实际完成率", "15", "14"],
         ["", "", "", "", "质量达标率", "10", "10"],
         ["效果", "25", "履职效益", "25", "经济效益", "5", "5"],
         ["", "", "", "", "社会效益", "10", "9"],
         ["", "", "", "", "社会公众或服务对象满意度", "10", "9"]],
    ],
    scores={("投入", "20", None, 1, ""), ("目标设定", "5", None, 2, "投入"),
            ("绩效目标合理性", "2", "2", 3, "投入 / 目标设定"), ("绩效指标明确性", "3", "3", 3, "投入 / 目标设定"),
            ("预算配置", "15", None, 2, "投入"), ("在职人员控制率", "5", "5", 3, "投入 / 预算配置"),
            ("“三公经费”变动率", "5", "4", 3, "投入 / 预算配置"), ("重点支出安排率", "5", "5", 3, "投入 / 预算配置"),
            ("过程", "30", None, 1, ""), ("预算执行", "15", None, 2, "过程"),
            ("预算完成率", "8", "7", 3, "过程 / 预算执行"), ("预算调整率", "7", "7", 3, "过程 / 预算执行"),
            ("预算管理", "10", None, 2, "过程"), ("管理制度健全性", "10", "9", 3, "过程 / 预算管理"),
            ("资产管理", "5", None, 2, "过程"), ("资产管理安全性", "5", "5", 3, "过程 / 资产管理"),
            ("产出", "25", None, 1, ""), ("职责履行", "25", None, 2, "产出"),
            ("实际完成率", "15", "14", 3, "产出 / 职责履行"), ("质量达标率", "10", "10", 3, "产出 / 职责履行"),
            ("效果", "25", None, 1, ""), ("履职效益", "25", None, 2, "效果"),
            ("经济效益", "5", "5", 3, "效果 / 履职效益"), ("社会效益", "10", "9", 3, "效果 / 履职效益"),
            ("社会公众或服务对象满意度", "10", "9", 3, "效果 / 履职效益")},
)

# 部门整体支出绩效自评表: its fund part, the total row then the amounts split 按收入性质分 / 按支出性质分
DEPT_FUND_SPLIT = Family(
    "示例市统计局2022年度部门整体支出绩效自评表",
    [
        [["年度部门整体支出预算（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
         ["年度资金总额", "1200", "1300", "1248", "10", "96%", "9.6"],
         ["按收入性质分", "全年执行数", "按支出性质分", "全年执行数"],
         ["其中：一般公共预算", "1100", "其中：基本支出", "900"],
         ["政府性基金", "100", "项目支出", "348"],
         ["国有资本经营预算", "", "", ""],
         ["财政专户管理资金", "20", "", ""],
         ["单位资金", "28", "", ""]],
    ],
    scores={("年度资金总额(执行率)", "10", "9.6", 1, "")},
    fund={("年度资金总额", "全年预算数", "1300"), ("年度资金总额", "全年执行数", "1248"),
          ("其中：一般公共预算", "全年执行数", "1100"), ("政府性基金", "全年执行数", "100"),
          ("其中：基本支出", "全年执行数", "900"), ("项目支出", "全年执行数", "348"),
          ("财政专户管理资金", "全年执行数", "20"), ("单位资金", "全年执行数", "28")},
    headline={"budget_initial": "1200", "budget_adjusted": "1300", "expenditure_total": "1248", "execution_rate": "96",
              "expenditure_basic": "900", "expenditure_project": "348"},
)

# 湖南 部门整体支出绩效评价基础数据表: 单位：万元 stated once above; 财政供养人员情况 | 编制数 | 实际在职人数 |
# 控制率 over one row of values; 经费控制情况 | 上年决算数 | 本年预算数 | 本年决算数 with its expense rows
BASIC_DATA = Family(
    "示例县档案局2019年度部门整体支出绩效评价基础数据表",
    [
        [["填报单位：示例县档案局", "单位：万元"],
         ["财政供养人员情况", "编制数", "2019年实际在职人数", "控制率"],
         ["", "40", "38", "95%"],
         ["经费控制情况", "2018年决算数", "2019年预算数", "2019年决算数"],
         ["三公经费", "12.5", "12", "10.8"],
         ["1、公务用车购置和维护经费", "8", "8", "7.2"],
         ["2、公务接待", "4.5", "4", "3.6"],
         ["公用经费", "60", "58", "57.5"],
         ["其中：办公经费", "20", "18", "17.6"],
         ["政府采购金额", "35", "30", "29.4"],
         ["楼堂馆所控制情况", "", "", ""]],
    ],
    fund={("三公经费", "2019年决算数", "10.8"), ("公用经费", "2019年预算数", "58"), ("其中：办公经费", "2018年决算数", "20"),
          ("政府采购金额", "2019年决算数", "29.4")},
    headline={"staff_authorized": "40", "staff_actual": "38"},
)

# 2017 项目支出绩效评价 framework (…绩效自评得分表): 项目决策 / 项目管理 / 项目绩效 with their maximum in the
# cell, 二级 科学决策 … 项目效益 (a word of both levels) without one, 分值 | 得分 only
FRAMEWORK_2017 = Family(
    "示例县农业局2017年度农机补贴项目绩效自评得分表",
    [
        [["一级指标", "二级指标", "三级指标", "分值", "得分"],
         ["项目决策(20分)", "科学决策", "必要性", "5", "5"],
         ["", "", "可行性", "5", "5"],
         ["", "绩效目标", "明确性", "5", "5"],
         ["", "", "合理性", "5", "4"],
         ["项目管理(10分)", "资金管理", "资金分配", "3", "3"],
         ["", "", "资金使用", "4", "4"],
         ["", "项目执行", "执行规范", "3", "2"],
         ["项目绩效(70分)", "项目完成", "完成数量", "15", "15"],
         ["", "", "完成质量", "15", "14"],
         ["", "", "完成时效", "10", "10"],
         ["", "", "完成成本", "10", "10"],
         ["", "项目效益", "社会效益", "10", "9"],
         ["", "", "服务对象满意度", "10", "10"],
         ["总分", "", "", "100", "96"]],
    ],
    scores={("项目决策", "20", None, 1, ""), ("必要性", "5", "5", 3, "项目决策 / 科学决策"),
            ("可行性", "5", "5", 3, "项目决策 / 科学决策"), ("明确性", "5", "5", 3, "项目决策 / 绩效目标"),
            ("合理性", "5", "4", 3, "项目决策 / 绩效目标"), ("项目管理", "10", None, 1, ""),
            ("资金分配", "3", "3", 3, "项目管理 / 资金管理"), ("资金使用", "4", "4", 3, "项目管理 / 资金管理"),
            ("执行规范", "3", "2", 3, "项目管理 / 项目执行"), ("项目绩效", "70", None, 1, ""),
            ("完成数量", "15", "15", 3, "项目绩效 / 项目完成"), ("完成质量", "15", "14", 3, "项目绩效 / 项目完成"),
            ("完成时效", "10", "10", 3, "项目绩效 / 项目完成"), ("完成成本", "10", "10", 3, "项目绩效 / 项目完成"),
            ("社会效益", "10", "9", 3, "项目绩效 / 项目效益"), ("服务对象满意度", "10", "10", 3, "项目绩效 / 项目效益"),
            ("总分", "100", "96", None, "")},
)

# 2017 部门整体支出绩效评价得分表: 一级指标 | 二级指标 | 三级指标 | 得分 -- every name carries its maximum
# (部门决策(25分) | 目标任务(15分) | 相关性(5分) | 5), a leaf has one number, its score
SCORE_SHEET_2017 = Family(
    "示例市商务局2017年部门整体支出绩效评价得分表",
    [
        [["一级指标", "二级指标", "三级指标", "得分"],
         ["部门决策(25分)", "目标任务(15分)", "相关性(5分)", "5"],
         ["", "", "明确性(5分)", "5"],
         ["", "", "合理性(5分)", "4"],
         ["", "预算编制(10分)", "测算依据(5分)", "5"],
         ["", "", "目标管理(5分)", "4"],
         ["综合管理(30分)", "资产管理(10分)", "资产管理信息化情况(5分)", "5"],
         ["", "", "资产报告情况(5分)", "5"],
         ["", "信息公开(20分)", "预算公开(10分)", "10"],
         ["", "", "决算公开(10分)", "9"],
         ["部门绩效(45分)", "履职成效(25分)", "重点工作完成率(25分)", "24"],
         ["", "社会满意度(20分)", "服务对象满意度(20分)", "18"]],
    ],
    scores={("部门决策", "25", None, 1, ""), ("目标任务", "15", None, 2, "部门决策"),
            ("相关性", "5", "5", 3, "部门决策 / 目标任务"), ("明确性", "5", "5", 3, "部门决策 / 目标任务"),
            ("合理性", "5", "4", 3, "部门决策 / 目标任务"), ("预算编制", "10", None, 2, "部门决策"),
            ("测算依据", "5", "5", 3, "部门决策 / 预算编制"), ("目标管理", "5", "4", 3, "部门决策 / 预算编制"),
            ("综合管理", "30", None, 1, ""), ("资产管理", "10", None, 2, "综合管理"),
            ("资产管理信息化情况", "5", "5", 3, "综合管理 / 资产管理"), ("资产报告情况", "5", "5", 3, "综合管理 / 资产管理"),
            ("信息公开", "20", None, 2, "综合管理"), ("预算公开", "10", "10", 3, "综合管理 / 信息公开"),
            ("决算公开", "10", "9", 3, "综合管理 / 信息公开"), ("部门绩效", "45", None, 1, ""),
            ("履职成效", "25", None, 2, "部门绩效"), ("重点工作完成率", "25", "24", 3, "部门绩效 / 履职成效"),
            ("社会满意度", "20", None, 2, "部门绩效"), ("服务对象满意度", "20", "18", 3, "部门绩效 / 社会满意度")},
)

# 湖南 部门整体支出绩效评价评分表(参考样表): 一级指标 | 二级指标 | 三级指标 | 评分标准 | 分值 | 自评得分 |
# 扣分原因和其他说明 -- a scoring rule between the name and its 分值 (its points must not become scores), group
# names with their maximum in the cell
HUNAN_SCORE_RULES = Family(
    "示例县水利局2019年度部门整体支出绩效评价评分表",
    [
        [["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"],
         ["投入(20分)", "预算配置(20分)", "在职人员控制率", "以100%为标准,控制率100%计10分;每超过一个百分点扣0.5分,扣完为止。", "10", "10", ""],
         ["", "", "重点支出安排率", "安排率≥90%计10分;低于60%不得分。", "10", "9", "部分重点支出安排偏低。"],
         ["过程(40分)", "预算执行(25分)", "预算调整率", "调整率为0计10分;每增加一个百分点扣1分。", "10", "8", ""],
         ["", "", "支付进度", "按进度支付计15分;每延迟一个月扣1分。", "15", "15", ""],
         ["", "预算管理(15分)", "管理制度健全性", "①制度健全,5分;②执行有效,5分;③档案完整,5分。", "15", "14", "档案归集不完整。"],
         ["产出(20分)", "职责履行(20分)", "重点工作完成率", "完成率100%计20分;每降低一个百分点扣1分。", "20", "19", "无"],
         ["效果(20分)", "履职效益(20分)", "社会公众满意度", "满意度≥90%计20分;80%-90%计15分。", "20", "18", ""],
         ["总分", "", "", "", "100", "93", ""]],
    ],
    scores={("投入", "20", None, 1, ""), ("预算配置", "20", None, 2, "投入"),
            ("在职人员控制率", "10", "10", 3, "投入 / 预算配置"), ("重点支出安排率", "10", "9", 3, "投入 / 预算配置"),
            ("过程", "40", None, 1, ""), ("预算执行", "25", None, 2, "过程"),
            ("预算调整率", "10", "8", 3, "过程 / 预算执行"), ("支付进度", "15", "15", 3, "过程 / 预算执行"),
            ("预算管理", "15", None, 2, "过程"), ("管理制度健全性", "15", "14", 3, "过程 / 预算管理"),
            ("产出", "20", None, 1, ""), ("职责履行", "20", None, 2, "产出"),
            ("重点工作完成率", "20", "19", 3, "产出 / 职责履行"), ("效果", "20", None, 1, ""),
            ("履职效益", "20", None, 2, "效果"), ("社会公众满意度", "20", "18", 3, "效果 / 履职效益"),
            ("总分", "100", "93", None, "")},
)

# 项目支出绩效自评表 with a reviewer's column: 分值 | 自评分 | 复核分 in the fund block and the indicator block;
# 复核分 is never 得分. 道路养护机制's 复核分 is empty: its two numbers may be 分值/自评分, 分值/复核分 or
# 自评分/复核分 once the empty cell is dropped, so neither is placed
REVIEWED = Family(
    "示例县交通局2022年度农村公路建设项目支出绩效自评表",
    [
        [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评分", "复核分"],
         ["年度资金总额", "300", "320", "304", "10", "95%", "9.5", "9.5"],
         ["其中：当年财政拨款", "300", "320", "304", "", "", "", ""]],
        [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评分", "复核分", "偏差原因分析及改进措施"],
         ["产出指标", "数量指标", "新建村道里程", "≥12公里", "12.5公里", "20", "20", "20", ""],
         ["", "质量指标", "工程验收合格率", "100%", "100%", "20", "20", "18", "部分路段返工。"],
         ["", "时效指标", "按期完工率", "≥95%", "92%", "10", "8", "7", "雨季延误工期。"],
         ["效益指标", "社会效益指标", "受益群众人数", "≥3000人", "3200人", "20", "20", "19", ""],
         ["", "可持续影响指标", "道路养护机制", "健全", "健全", "10", "10", "", ""],
         ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "95%", "10", "9", "9", ""],
         ["总分", "", "", "", "", "100", "96.5", "92.5", ""]],
    ],
    scores={("年度资金总额(执行率)", "10", "9.5", 1, ""),
            ("新建村道里程", "20", "20", 3, "产出指标 / 数量指标"), ("工程验收合格率", "20", "20", 3, "产出指标 / 质量指标"),
            ("按期完工率", "10", "8", 3, "产出指标 / 时效指标"), ("受益群众人数", "20", "20", 3, "效益指标 / 社会效益指标"),
            ("沿线群众满意度", "10", "9", 3, "满意度指标 / 服务对象满意度指标"), ("总分", "100", "96.5", None, "")},
    fund={("年度资金总额", "全年预算数", "320"), ("年度资金总额", "全年执行数", "304"),
          ("其中：当年财政拨款", "全年执行数", "304")},
    headline={"budget_initial": "300", "budget_adjusted": "320", "expenditure_total": "304", "execution_rate": "95"},
)

# 湖南 部门整体支出绩效评价参考指标 (附件2 of the 部门整体 自评报告): 分值 before two text columns (指标解释 |
# 指标说明) and 得分 after them; groups named by the framework's words, with no maximum of their own
HUNAN_REFERENCE = Family(
    "示例县林业局2019年部门整体支出绩效自评报告",
    [
        [["一级指标", "二级指标", "三级指标", "分值", "指标解释", "指标说明", "得分"],
         ["投入", "目标设定", "绩效目标合理性", "5", "所设目标是否有依据、合乎实际。", "评价要点:是否合乎规划;是否合乎部门职责。", "5"],
         ["", "", "绩效指标明确性", "5", "指标是否细化、可以衡量。", "评价要点:是否分解为具体任务。", "4"],
         ["", "预算配置", "在职人员控制率", "5", "在职人数与编制数的比率。", "控制率=(在职人数/编制数)×100%。", "5"],
         ["过程", "预算执行", "预算完成率", "10", "预算完成数与预算数的比率。", "完成率=(完成数/预算数)×100%。", "9"],
         ["", "", "公用经费控制率", "5", "", "", "5"],
         ["产出", "职责履行", "重点工作完成率", "10", "完成的重点工作与计划的比率。", "", "10"],
         ["效果", "履职效益", "社会公众满意度", "10", "公众对部门履职的满意程度。", "以问卷结果为准。", "8"]],
    ],
    scores={("绩效目标合理性", "5", "5", 3, "投入 / 目标设定"), ("绩效指标明确性", "5", "4", 3, "投入 / 目标设定"),
            ("在职人员控制率", "5", "5", 3, "投入 / 预算配置"), ("预算完成率", "10", "9", 3, "过程 / 预算执行"),
            ("公用经费控制率", "5", "5", 3, "过程 / 预算执行"), ("重点工作完成率", "10", "10", 3, "产出 / 职责履行"),
            ("社会公众满意度", "10", "8", 3, "效果 / 履职效益")},
)

# 湖北 项目绩效目标自评表 (e.g. 湖北工程学院 学生资助项目绩效目标自评表): 预算执行情况(万元)(分) | 预算数 | 执行数 |
# 执行率 | 得分(分*执行率), one 年度财政资金总额 row; 预算数 is the budget the rate divides by (全年预算数)
HUBEI_FUND = Family(
    "示例学院2021年学生资助项目绩效目标自评表",
    [
        [["预算执行情况(万元)(10分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(分*执行率)"],
         ["年度财政资金总额", "500", "480", "96%", "9.6"]],
    ],
    scores={("年度财政资金总额(执行率)", "10", "9.6", 1, "")},
    fund={("年度财政资金总额", "预算数(A)", "500"), ("年度财政资金总额", "执行数(B)", "480"),
          ("年度财政资金总额", "执行率(B/A)", "96")},
    headline={"budget_initial": None, "budget_adjusted": "500", "expenditure_total": "480", "execution_rate": "96"},
)

# 安徽 项目支出绩效自评表 (e.g. 池州市贵池区棠溪镇人民政府 委托业务项目, 2022年度): 年度资金总额： with its colon,
# 其中：本年财政拨款, level-1 groups with their maximum (产出指标(50分)), 满意度指标(10分) over a level-2 满意度指标,
# a level-2 group left empty (经济效益指标), results written as words (达成预期指标)
ANHUI = Family(
    "示例镇人民政府2022年度委托业务项目支出绩效自评表",
    [
        [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
         ["年度资金总额：", "60", "60", "57", "10", "95%", "9.5"],
         ["其中：本年财政拨款", "60", "60", "57", "", "", ""],
         ["上年结转资金", "", "", "", "", "", ""]],
        [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
         ["产出指标(50分)", "数量指标", "委托审计项目数", "≥20个", "22个", "20", "20", ""],
         ["", "质量指标", "审计报告合格率", "100%", "100%", "15", "15", ""],
         ["", "时效指标", "报告提交及时性", "按期提交", "达成预期指标", "15", "13", "个别报告延期。"],
         ["效益指标(30分)", "社会效益指标", "工程造价节约率", "≥5%", "6%", "30", "30", ""],
         ["", "经济效益指标", "", "", "", "", "", ""],
         ["满意度指标(10分)", "满意度指标", "委托单位满意度", "≥90%", "95%", "10", "9", ""],
         ["总分", "", "", "", "", "100", "96.5", ""]],
    ],
    scores={("年度资金总额：(执行率)", "10", "9.5", 1, ""), ("产出指标", "50", None, 1, ""),
            ("委托审计项目数", "20", "20", 3, "产出指标 / 数量指标"), ("审计报告合格率", "15", "15", 3, "产出指标 / 质量指标"),
            ("报告提交及时性", "15", "13", 3, "产出指标 / 时效指标"), ("效益指标", "30", None, 1, ""),
            ("工程造价节约率", "30", "30", 3, "效益指标 / 社会效益指标"), ("满意度指标", "10", None, 1, ""),
            ("委托单位满意度", "10", "9", 3, "满意度指标 / 满意度指标"), ("总分", "100", "96.5", None, "")},
    fund={("年度资金总额：", "全年预算数", "60"), ("年度资金总额：", "全年执行数", "57"),
          ("其中：本年财政拨款", "全年执行数", "57")},
    headline={"budget_initial": "60", "budget_adjusted": "60", "expenditure_total": "57", "execution_rate": "95"},
)

# 部门整体支出绩效自评表, its fund part with the splits as heading rows of the block: 年度资金总额 then 按收入性质分
# / 按支出性质分 over rows of the block's own columns (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分); the
# parts' 全年执行数 of 基本支出 / 项目支出 are the department's spending
DEPT_FUND_ROWS = Family(
    "示例区卫健委2023年度部门整体支出绩效自评表",
    [
        [["年度部门整体支出预算（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
         ["年度资金总额", "2000", "2200", "2090", "10", "95%", "9.5"],
         ["按收入性质分", "", "", "", "", "", ""],
         ["一般公共预算", "1800", "1950", "1860", "", "95.38%", ""],
         ["政府性基金", "150", "200", "185", "", "92.5%", ""],
         ["单位资金", "50", "50", "45", "", "90%", ""],
         ["按支出性质分", "", "", "", "", "", ""],
         ["基本支出", "1200", "1250", "1240", "", "99.2%", ""],
         ["项目支出", "800", "950", "850", "", "89.47%", ""]],
    ],
    scores={("年度资金总额(执行率)", "10", "9.5", 1, "")},
    fund={("年度资金总额", "全年预算数", "2200"), ("一般公共预算", "全年预算数", "1950"),
          ("政府性基金", "全年执行数", "185"), ("单位资金", "执行率", "90"), ("基本支出", "全年执行数", "1240"),
          ("项目支出", "年初预算数", "800"), ("项目支出", "执行率", "89.47")},
    headline={"budget_initial": "2000", "budget_adjusted": "2200", "expenditure_total": "2090", "execution_rate": "95",
              "expenditure_basic": "1240", "expenditure_project": "850"},
)

# 部门整体支出绩效自评表, its 年度主要任务 table: 任务名称 | 主要内容 | 预算资金 | 执行数 | 执行率; a task whose 执行数
# is empty keeps its amount without a column (预算资金 or 执行数 cannot be told once the empty cell is dropped)
DEPT_TASKS = Family(
    "示例县档案馆2023年度部门整体支出绩效自评表",
    [
        [["年度主要任务", "任务名称", "主要内容", "预算资金", "执行数", "执行率"],
         ["", "档案数字化", "完成馆藏档案扫描,建成检索平台。", "120", "114", "95%"],
         ["", "档案安全保管", "更新库房温湿度设备,开展安全检查。", "60", "60", "100%"],
         ["", "档案利用服务", "接待查档群众,提供线上查询。", "30", "", ""],
         ["", "史志编纂", "出版年鉴一部。", "45", "40.5", "90%"]],
    ],
    fund={("档案数字化", "预算资金", "120"), ("档案数字化", "执行数", "114"), ("档案数字化", "执行率", "95"),
          ("档案安全保管", "执行数", "60"), ("史志编纂", "执行数", "40.5"), ("史志编纂", "执行率", "90")},
)

# An indicator block with a completion-rate column: 标准值 | 完成值 | 完成率 | 分值 | 得分 | 偏差原因; targets and
# results as bare numbers. 受训人员就业人数 lost its empty 完成率: 300 | 270 stay without a column
COMPLETION = Family(
    "示例市人社局2022年度就业培训项目支出绩效自评表",
    [
        [["一级指标", "二级指标", "三级指标", "标准值", "完成值", "完成率", "分值", "得分", "偏差原因分析及改进措施"],
         ["产出指标", "数量指标", "培训场次", "40", "42", "105%", "25", "25", ""],
         ["", "质量指标", "考核合格率", "95%", "97%", "102.11%", "25", "25", ""],
         ["", "时效指标", "按时开班率", "100%", "90%", "90%", "20", "18", "两期延后开班。"],
         ["效益指标", "社会效益指标", "受训人员就业人数", "300", "270", "", "20", "18", ""],
         ["满意度指标", "服务对象满意度指标", "学员满意度", "90%", "96%", "106.67%", "10", "10", ""],
         ["总分", "", "", "", "", "", "100", "96", ""]],
    ],
    scores={("培训场次", "25", "25", 3, "产出指标 / 数量指标"), ("考核合格率", "25", "25", 3, "产出指标 / 质量指标"),
            ("按时开班率", "20", "18", 3, "产出指标 / 时效指标"), ("受训人员就业人数", "20", "18", 3, "效益指标 / 社会效益指标"),
            ("学员满意度", "10", "10", 3, "满意度指标 / 服务对象满意度指标"), ("总分", "100", "96", None, "")},
)

# A 评分表 with a deduction column: 分值 | 扣分 | 得分 | 扣分原因 (分值 - 扣分 = 得分); 扣分 never becomes 得分, and
# 资金到位率, whose 扣分 is empty, keeps its two numbers without a column (分值 | 得分 or 分值 | 扣分 cannot be told)
DEDUCTION = Family(
    "示例县农业农村局2021年度高标准农田建设项目绩效自评评分表",
    [
        [["一级指标", "二级指标", "三级指标", "分值", "扣分", "得分", "扣分原因"],
         ["决策(20分)", "项目立项(10分)", "立项依据充分性", "5", "0", "5", ""],
         ["", "", "立项程序规范性", "5", "1", "4", "备案材料缺页。"],
         ["", "绩效目标(10分)", "绩效目标合理性", "5", "0", "5", ""],
         ["", "", "绩效指标明确性", "5", "2", "3", "指标未量化。"],
         ["过程(30分)", "资金管理(15分)", "资金到位率", "5", "", "5", ""],
         ["", "", "预算执行率", "10", "1", "9", "年末有结余。"],
         ["", "组织实施(15分)", "管理制度健全性", "15", "0", "15", ""],
         ["产出(30分)", "产出数量(30分)", "计划完成率", "30", "3", "27", "一项任务延期。"],
         ["效益(20分)", "项目效益(20分)", "服务对象满意度", "20", "2", "18", ""],
         ["总分", "", "", "100", "9", "91", ""]],
    ],
    scores={("决策", "20", None, 1, ""), ("项目立项", "10", None, 2, "决策"),
            ("立项依据充分性", "5", "5", 3, "决策 / 项目立项"), ("立项程序规范性", "5", "4", 3, "决策 / 项目立项"),
            ("绩效目标", "10", None, 2, "决策"), ("绩效目标合理性", "5", "5", 3, "决策 / 绩效目标"),
            ("绩效指标明确性", "5", "3", 3, "决策 / 绩效目标"), ("过程", "30", None, 1, ""), ("资金管理", "15", None, 2, "过程"),
            ("预算执行率", "10", "9", 3, "过程 / 资金管理"), ("组织实施", "15", None, 2, "过程"),
            ("管理制度健全性", "15", "15", 3, "过程 / 组织实施"), ("产出", "30", None, 1, ""), ("产出数量", "30", None, 2, "产出"),
            ("计划完成率", "30", "27", 3, "产出 / 产出数量"), ("效益", "20", None, 1, ""), ("项目效益", "20", None, 2, "效益"),
            ("服务对象满意度", "20", "18", 3, "效益 / 项目效益"), ("总分", "100", "91", None, "")},
)

# 部门整体支出绩效评价指标体系 with text columns: 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 指标解释 | 评价标准 |
# 得分 -- a group is a name and one number, a leaf a name, its 分值, its text and its 得分; the rules' points (得4分)
# are never scores
DEPT_SYSTEM_TEXT = Family(
    "示例县档案局2020年度部门整体支出绩效评价指标体系",
    [
        [["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标解释", "评价标准", "得分"],
         ["投入", "20", "目标设定", "8", "绩效目标合理性", "4", "目标是否合乎职责。", "合乎得4分,否则酌情扣分。", "4"],
         ["", "", "", "", "绩效指标明确性", "4", "指标是否细化量化。", "细化量化得4分。", "3"],
         ["", "", "预算配置", "12", "在职人员控制率", "6", "在职人数与编制数之比。", "不超过100%得6分。", "6"],
         ["", "", "", "", "三公经费变动率", "6", "三公经费的增减比率。", "不增长得6分。", "5"],
         ["产出", "80", "职责履行", "80", "重点工作完成率", "80", "完成的重点工作之比。", "每少完成一项扣2分。", "76"]],
    ],
    scores={("投入", "20", None, 1, ""), ("目标设定", "8", None, 2, "投入"),
            ("绩效目标合理性", "4", "4", 3, "投入 / 目标设定"), ("绩效指标明确性", "4", "3", 3, "投入 / 目标设定"),
            ("预算配置", "12", None, 2, "投入"), ("在职人员控制率", "6", "6", 3, "投入 / 预算配置"),
            ("三公经费变动率", "6", "5", 3, "投入 / 预算配置"), ("产出", "80", None, 1, ""), ("职责履行", "80", None, 2, "产出"),
            ("重点工作完成率", "80", "76", 3, "产出 / 职责履行")},
)

# 云南 项目支出绩效自评表 with no 分值 column: 年度绩效目标(80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) |
# 实际完成值(B) | 得分; numbered sub-items (一、 / 1、) under a leaf, rows without the merged leading cells; a level-2
# name of the form's own (生态效益效益指标); the last row 其他需要说明事项 | 无 | 总分 | 100 | 91.5 | 优
YUNNAN_SCORE_ONLY = Family(
    "示例县农技站2022年度耕地质量提升项目支出绩效自评表",
    [
        [["预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
         ["年度财政资金总额", "120", "108", "90%", "18"]],
        [["年度绩效目标(80分)", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
         ["", "产出指标", "数量指标", "一、示范片建设", "≧3000亩", "2700亩", "18"],
         ["", "", "", "1、绿肥种植", "≧1000亩", "900亩", "9"],
         ["", "", "", "2、秸秆还田", "≧2000亩", "1800亩", "9"],
         ["", "", "质量指标", "土壤有机质提升率", "≧5%", "6.2%", "15"],
         ["", "", "时效指标", "项目按时完成率", "100%", "80%", "12"],
         ["", "效益指标", "生态效益效益指标", "化肥使用减少量", "≧30吨", "32吨", "15"],
         ["", "满意度指标", "服务对象满意度指标", "农户满意度", "≧90%", "88%", "13.5"],
         ["其他需要说明事项", "无", "总分", "100", "91.5", "优"]],
    ],
    scores={("年度财政资金总额(执行率)", "20", "18", 1, ""),
            ("一、示范片建设", None, "18", 3, "产出指标 / 数量指标"), ("1、绿肥种植", None, "9", 3, "产出指标 / 数量指标"),
            ("2、秸秆还田", None, "9", 3, "产出指标 / 数量指标"), ("土壤有机质提升率", None, "15", 3, "产出指标 / 质量指标"),
            ("项目按时完成率", None, "12", 3, "产出指标 / 时效指标"),
            ("化肥使用减少量", None, "15", 3, "效益指标 / 生态效益效益指标"),
            ("农户满意度", None, "13.5", 3, "满意度指标 / 服务对象满意度指标"), ("总分", "100", "91.5", None, "")},
    fund={("年度财政资金总额", "预算数(A)", "120"), ("年度财政资金总额", "执行数(B)", "108"),
          ("年度财政资金总额", "执行率(B/A)", "90")},
    headline={"budget_adjusted": "120", "expenditure_total": "108", "execution_rate": "90"},
    grade="优",
)

# 安徽 绩效目标自评表: 分值 before the targets (一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因),
# long leaf names that state their target's form ((≥**人)), targets written >=9000人: one cell per line, the lone 分值
# between a long name and its target is a cell, not a page number
ANHUI_MAX_FIRST = Family(
    "示例县民政局2021年度临时救助项目绩效目标自评表",
    [
        [["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"],
         ["产出指标(50分)", "数量指标", "★★★城乡低保对象月均救助人数(按月平均)(≥**人)", "20", ">=9000人", "8740人", "18", "部分对象退出"],
         ["", "质量指标", "★农村低保救助标准达标情况(≥**元/人·月)", "30", ">=600元/人*月", "650元/人*月", "30", ""],
         ["效益指标(40分)", "社会效益指标", "受助困难群众基本生活保障人数≥**人", "40", ">=9000人", "9120人", "40", ""],
         ["满意度指标(10分)", "服务对象满意度指标", "受助对象满意度(≥**%)", "10", ">=90%", "95%", "10", ""]],
    ],
    scores={("产出指标", "50", None, 1, ""),
            ("城乡低保对象月均救助人数(按月平均)(≥**人)", "20", "18", 3, "产出指标 / 数量指标"),
            ("农村低保救助标准达标情况(≥**元/人·月)", "30", "30", 3, "产出指标 / 质量指标"),
            ("效益指标", "40", None, 1, ""), ("受助困难群众基本生活保障人数≥**人", "40", "40", 3, "效益指标 / 社会效益指标"),
            ("满意度指标", "10", None, 1, ""), ("受助对象满意度(≥**%)", "10", "10", 3, "满意度指标 / 服务对象满意度指标")},
)

FAMILIES = {"sichuan-project-form": SICHUAN, "central-2018-project-form": CENTRAL_2018,
            "national-2021-cost-level1": NATIONAL_2021, "hunan-dept-indicator-system": DEPT_SYSTEM,
            "framework-2017-project-scores": FRAMEWORK_2017, "dept-score-sheet-2017": SCORE_SHEET_2017,
            "dept-fund-by-nature": DEPT_FUND_SPLIT, "hunan-basic-data-table": BASIC_DATA,
            "hunan-score-rules": HUNAN_SCORE_RULES, "review-score-column": REVIEWED,
            "hunan-reference-indicators": HUNAN_REFERENCE, "hubei-fund-budget-only": HUBEI_FUND,
            "anhui-project-form": ANHUI, "dept-fund-split-rows": DEPT_FUND_ROWS, "dept-annual-tasks": DEPT_TASKS,
            "completion-rate-column": COMPLETION, "deduction-column": DEDUCTION,
            "dept-indicator-system-text-columns": DEPT_SYSTEM_TEXT, "yunnan-score-only": YUNNAN_SCORE_ONLY,
            "anhui-max-first-long-names": ANHUI_MAX_FIRST}
STYLES = ["lines", "pipes", "spaces"]


def flatten(family: Family, style: str) -> str:
    out = [family.title, "一、自评表"]
    for table in family.tables:
        for row in table:
            cells = [c for c in row if c]
            if style == "lines":
                out += cells
            elif style == "pipes":
                out.append(table_row_line(row))
            else:
                out.append(" ".join(cells))
    out += ["二、其他需要说明的情况", "无。"]
    return "\n".join(out) + "\n"


def record(name: str, style: str):
    return ingest_text(flatten(FAMILIES[name], style), path=f"{name}-{style}.txt")


def score_rows(rec) -> set:
    return {(s.item, None if s.max is None else str(s.max), None if s.score is None else str(s.score), s.level, s.group)
            for s in rec.scores if s.origin == "table"}


def fund_cells(rec) -> set:
    return {(m.row, m.column, str(m.value)) for m in rec.mentions if m.origin == "table" and m.row and m.column}


CASES = [pytest.param(name, style, id=f"{name}-{style}") for name in FAMILIES for style in STYLES]


@pytest.mark.parametrize("name,style", CASES)
def test_score_rows(name, style):
    """Every row of the form, as the form has it; other items only for the form's own section cells
    (预算执行情况(10分), 绩效指标(90分)), which the prose readers state with their maximum and no score."""
    got, want = score_rows(record(name, style)), FAMILIES[name].scores
    assert want <= got
    assert all(item[2] is None and item[3] is None for item in got - want)


@pytest.mark.parametrize("name,style", CASES)
def test_fund_cells(name, style):
    assert fund_cells(record(name, style)) >= FAMILIES[name].fund


@pytest.mark.parametrize("name,style", CASES)
def test_headline_from_the_form(name, style):
    rec = record(name, style)
    got = {k: str(v.value) for k, v in rec.headline if v is not None}
    assert {k: got.get(k) for k in FAMILIES[name].headline} == FAMILIES[name].headline


@pytest.mark.parametrize("name,style", CASES)
def test_grade_from_the_total_row(name, style):
    rec = record(name, style)
    assert rec.grade == FAMILIES[name].grade
    if rec.grade:
        span = rec.provenance["grade"]
        assert rec.text[span.start:span.end] == span.raw == rec.grade


@pytest.mark.parametrize("name,style", CASES)
def test_every_table_figure_points_at_its_text(name, style):
    rec = record(name, style)
    for m in rec.mentions:
        assert rec.text[m.start:m.end] == m.raw
    for s in rec.scores:
        assert rec.text[s.start:s.end] == s.raw


def _in_its_column(family: Family, row: str, column: str, raw: str) -> bool:
    """Whether some row of the family labelled ``row`` holds ``raw`` under a header cell named ``column`` (an
    indicator block names its columns by their role: target, actual)."""
    for table in family.tables:
        heads = [[c.replace(" ", "") for c in r] for r in table]
        for r in table:
            if row not in r:
                continue
            for h in heads:  # a header with more cells than the row: its first cells head the label column
                for shift in {0, max(len(h) - len(r), 0)}:
                    if any(0 <= k - shift < len(r) and column in (name, role_of(name)) and r[k - shift]
                           and raw.startswith(r[k - shift]) for k, name in enumerate(h)):
                        return True
    return False


@pytest.mark.parametrize("name,style", CASES)
def test_no_figure_in_a_wrong_column(name, style):
    """Every table figure given a column stands under that column's header in the made-up form; the scores'
    figures sit in 分值 / 得分 and nowhere else (a 复核分 or a scoring rule's points never become one)."""
    rec, family = record(name, style), FAMILIES[name]
    for m in rec.mentions:
        if m.origin == "table" and m.row and m.column:
            assert _in_its_column(family, m.row, m.column, m.raw), (m.row, m.column, m.raw)
    for s in rec.scores:
        if s.origin == "table" and s.score is not None:
            assert (s.item, None if s.max is None else str(s.max), str(s.score), s.level, s.group) in family.scores


def test_a_stated_grade_wins_over_the_table():
    text = flatten(CENTRAL_2018, "lines") + "三、自评结论\n自评结论为“良好”。\n"
    rec = ingest_text(text)
    assert rec.grade == "良好"


# ---------------------------------------------------------------- what the variants must not add

def _lines(rows: list[list[str]]) -> str:
    return "示例表\n" + "\n".join(c for row in rows for c in row if c) + "\n"


def test_a_lone_number_after_heji_is_not_taken_for_the_score():
    rows = SICHUAN.tables[1][:-1] + [["合计", "100"]]
    rec = ingest_text(_lines(rows))
    assert not [s for s in rec.scores if s.item == "合计" and s.score is not None]


def test_a_split_row_with_two_amounts_places_none():
    rows = DEPT_FUND_SPLIT.tables[0][:3] + [["其中：一般公共预算", "1100", "1050"]]
    rec = ingest_text(_lines(rows))
    assert not [m for m in rec.mentions if m.origin == "table" and m.row == "其中：一般公共预算" and m.column]


def test_split_amounts_keep_no_column_when_the_splits_name_none():
    rows = DEPT_FUND_SPLIT.tables[0][:2] + [["按收入性质分", "按支出性质分"], ["其中：一般公共预算", "1100", "其中：基本支出", "900"]]
    rec = ingest_text(_lines(rows))
    placed = [m for m in rec.mentions if m.origin == "table" and m.row in ("其中：一般公共预算", "其中：基本支出")]
    assert placed and all(m.column is None and m.key is None for m in placed)


def test_no_grade_without_a_total_row():
    rows = CENTRAL_2018.tables[1][:-1] + [["优"]]
    assert ingest_text(_lines(rows)).grade is None


def test_a_score_sheet_whose_maxima_do_not_add_up_is_left_to_the_other_readers():
    rows = [list(r) for r in SCORE_SHEET_2017.tables[0]]
    rows[1][3], rows[2][2] = "", "5明确性(5分)"  # a PDF copy glued a score to the next row's name
    rec = ingest_text(_lines(rows))
    assert not [s for s in rec.scores if s.origin == "table" and s.level and s.item.startswith("5")]


def test_a_group_maximum_wrapped_to_its_own_line():
    """投  入 / (20分): the printed 评分表 wraps a group's maximum under its name."""
    rows = [[c.replace("(", "\n(") if c.endswith("分)") else c for c in row] for row in HUNAN_SCORE_RULES.tables[0]]
    rec = ingest_text(HUNAN_SCORE_RULES.title + "\n" + _lines(rows))
    assert score_rows(rec) >= HUNAN_SCORE_RULES.scores


def test_a_reviewed_leaf_short_of_a_cell_places_no_score():
    rec = record("review-score-column", "lines")
    assert not [s for s in rec.scores if s.item == "道路养护机制" and (s.score is not None or s.max is not None)]


@pytest.mark.parametrize("name", ["hunan-score-rules", "dept-indicator-system-text-columns"])
def test_scoring_rule_points_are_not_scores(name):
    """计10分, 得4分 in a 评分标准 cell: never a score item, whatever the flattening."""
    for style in STYLES:
        rec = record(name, style)
        assert not [s for s in rec.scores if s.origin == "prose"]


def test_a_split_part_row_short_of_cells_keeps_its_amounts_without_a_column():
    """政府性基金 | 150 | 185 once an empty cell is dropped: 年初 / 全年预算数 / 全年执行数 cannot be told apart."""
    rows = DEPT_FUND_ROWS.tables[0][:3] + [["政府性基金", "150", "", "185", "", "", ""], ["按支出性质分"]]
    rec = ingest_text(_lines(rows))
    cells = [m for m in rec.mentions if m.origin == "table" and m.row == "政府性基金"]
    assert cells and all(m.column is None and m.key is None for m in cells)


def test_a_task_short_of_a_value_keeps_its_amount_without_a_column():
    for style in STYLES:
        rec = record("dept-annual-tasks", style)
        placed = [m for m in rec.mentions if m.origin == "table" and m.row == "档案利用服务"]
        assert placed and all(m.column is None for m in placed)


def test_a_task_text_broken_over_lines_stays_text():
    rows = [r[1:] for r in DEPT_TASKS.tables[0]]
    rows[1][1:2] = ["完成馆藏档案扫描,", "建成检索平台。"]
    rec = ingest_text(_lines(rows))
    got = {(m.row, m.column, str(m.value)) for m in rec.mentions if m.origin == "table" and m.column}
    assert {("档案数字化", "预算资金", "120"), ("档案数字化", "执行数", "114")} <= got


@pytest.mark.parametrize("style", STYLES)
def test_deductions_are_kept_apart_from_scores(style):
    rec = record("deduction-column", style)
    got = {s.item: s.deduction for s in rec.scores if s.origin == "table" and s.deduction is not None}
    assert got == {"立项依据充分性": 0, "立项程序规范性": 1, "绩效目标合理性": 0, "绩效指标明确性": 2, "预算执行率": 1,
                   "管理制度健全性": 0, "计划完成率": 3, "服务对象满意度": 2, "总分": 9}
    assert not [s for s in rec.scores if s.item == "资金到位率" and (s.score is not None or s.max is not None)]


HEADER_SYNONYMS = [("评分标准", "评价标准"), ("评分标准", "指标解释"), ("自评得分", "评分"), ("自评得分", "自评分"),
                   ("扣分原因和其他说明", "扣分原因"), ("分值", "权重"), ("分值", "标准分")]


@pytest.mark.parametrize("old,new", HEADER_SYNONYMS)
def test_header_synonyms_of_the_score_rules_form(old, new):
    """The 湖南 评分表 with another province's name for a column reads the same."""
    header = [new if c == old else c for c in HUNAN_SCORE_RULES.tables[0][0]]
    family = Family(HUNAN_SCORE_RULES.title, [[header, *HUNAN_SCORE_RULES.tables[0][1:]]], scores=HUNAN_SCORE_RULES.scores)
    for style in STYLES:
        rec = ingest_text(flatten(family, style))
        assert score_rows(rec) >= family.scores, style


def test_a_unit_cell_is_no_heading_of_a_form_block():
    """(万元) | (万元) | 率 over 309 | 309: a cell stating a unit opens a block, it does not name a value's column."""
    rec = ingest_text("来源 合计 执行数 执行 (万元) (万元) 率 309 309 项目年度目标\n")
    assert not [m for m in rec.mentions if m.origin == "table" and m.column]
