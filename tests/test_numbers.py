"""Table-driven tests of extract/numbers.py: exact Decimal parsing of numbers and money phrases.

Cases follow the phrasings real self-evaluation reports use, plus the kinds of phrasing
other Chinese-numeral test suites exercise (strict / colloquial / 大写 / mixed Arabic-Chinese).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.values.amounts import Number, normalize_digits, parse_money, parse_number, to_decimal

D = Decimal

# (id, text, expected value, expected approx)
NUMBER_CASES = [
    # Arabic, separators, full-width, wrapped spacing
    ("plain-int", "64", D("64"), False),
    ("comma-sep", "1,234.5", D("1234.5"), False),
    ("cjk-comma-sep", "1，234.5", D("1234.5"), False),
    ("millions-sep", "282,796.90", D("282796.90"), False),
    ("fullwidth-point", "０．８６", D("0.86"), False),
    ("fullwidth-digits", "１２３", D("123"), False),
    ("space-before-point", "60 .00", D("60.00"), False),
    ("newline-before-point", "60\n.00", D("60.00"), False),
    ("keeps-scale", "100.00", D("100.00"), False),
    ("negative-arabic", "-10.1", D("-10.1"), False),
    # Chinese numerals, strict forms
    ("cn-zero", "零", D("0"), False),
    ("cn-ling-circle", "〇", D("0"), False),
    ("cn-ten", "十", D("10"), False),
    ("cn-eleven", "十一", D("11"), False),
    ("cn-one-ten-one", "一十一", D("11"), False),
    ("cn-sixty-four", "六十四", D("64"), False),
    ("cn-zero-filler", "一百零五", D("105"), False),
    ("cn-thousand-zero-ten", "一千零十", D("1010"), False),
    ("cn-liang-thousand", "两千", D("2000"), False),
    ("cn-wan-zero-one", "十万零一", D("100001"), False),
    ("cn-yi-wan", "一亿五千万零六千三百五十五", D("150006355"), False),
    ("cn-wan-before-yi", "一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一",
     D("1111111111111111"), False),
    ("cn-point", "一百点五", D("100.5"), False),
    ("cn-small-fraction", "零点零一", D("0.01"), False),
    ("cn-point-wan", "一点五万", D("15000"), False),
    ("cn-negative", "负十一", D("-11"), False),
    # 大写 and traditional forms
    ("daxie-111", "壹佰壹拾壹", D("111"), False),
    ("daxie-wan", "壹拾万零叁仟肆佰伍拾叁", D("103453"), False),
    ("daxie-traditional-wan", "肆佰叁拾萬", D("4300000"), False),
    ("traditional-liang", "兩千六", D("2600"), False),
    # colloquial and positional
    ("colloquial-wan", "三万五", D("35000"), False),
    ("colloquial-bai", "一百二", D("120"), False),
    ("positional-year", "二〇二二", D("2022"), False),
    ("positional-digits", "一七二零点一", D("1720.1"), False),
    # multipliers mixed with Arabic digits
    ("arabic-wan", "1.2万", D("12000"), False),
    ("arabic-qian-wan", "3千万", D("30000000"), False),
    ("arabic-yi", "16.4亿", D("1640000000"), False),
    ("arabic-wan-cn-rest", "100万三千", D("1003000"), False),
    ("arabic-wan-arabic-rest", "1万600", D("10600"), False),
    ("arabic-wan-yi", "3万亿", D("3000000000000"), False),
    # approximations before / after / inside
    ("approx-wan-yu-spaced", "1 万余", D("10000"), True),
    ("approx-yu", "2000余", D("2000"), True),
    ("approx-jin", "近700", D("700"), True),
    ("approx-yue", "约3.5", D("3.5"), True),
    ("approx-zuoyou", "60左右", D("60"), True),
    ("approx-yishang", "90以上", D("90"), True),
    ("approx-duo", "三百多", D("300"), True),
    ("approx-inner-yu", "十余万", D("100000"), True),
    ("approx-inner-duo", "三千多万", D("30000000"), True),
    ("approx-jiangjin", "将近一万", D("10000"), True),
    ("approx-chaoguo", "超过500", D("500"), True),
]

NOT_NUMBERS = [
    ("empty", ""),
    ("blank", "  \n"),
    ("letters", "abc"),
    ("ordinal", "第三"),
    ("doc-number", "2019〔5〕"),
    ("percent-words", "百分之九十八"),
    ("percent-sign", "98%"),
    ("bad-grouping", "1,23"),
    ("list-comma", "1，2"),
    ("double-point", "10..1万"),
    ("bare-unit", "万"),
    ("bare-yi-yi", "亿亿"),
    ("approx-only", "约"),
    ("minus-only", "负"),
    ("point-only-left", "零点"),
    ("point-only-right", "点零"),
    ("trailing-word", "零点零大"),
    ("rising-units", "十一十二"),
    ("ocr-noise", "3M.8"),
    ("with-money-unit", "5元"),
]

# (id, text, value in 万元, approx)
MONEY_CASES = [
    # Arabic amounts and their units
    ("wan-yuan", "651.17万元", D("651.17"), False),
    ("wan-yuan-spaced", "803.74 万元", D("803.74"), False),
    ("wan-yuan-keeps-scale", "651.10万元", D("651.10"), False),
    ("yuan-separated", "6,511,700.00元", D("651.17"), False),
    ("yuan-plain", "9570171.39元", D("957.017139"), False),
    ("traditional-yuan", "伍拾萬圓整", D("50"), False),
    ("traditional-yi", "1.5億元", D("15000"), False),
    ("yuan-cjk-comma", "7，686，456.33元", D("768.645633"), False),
    ("yuan-fullwidth", "１２３４５元", D("1.2345"), False),
    ("yuan-zero", "0元", D("0"), False),
    ("yi-yuan", "1.5亿元", D("15000"), False),
    ("yi-yuan-traditional", "3.30億元", D("33000"), False),
    ("qian-wan-yuan", "3千万元", D("3000"), False),
    ("qian-yuan", "5千元", D("0.5"), False),
    ("yuan-ren-min-bi", "人民币12.5万元", D("12.5"), False),
    ("yuan-sign", "￥1,234.56元", D("0.123456"), False),
    ("yuan-sign-no-unit", "￥1,234.56", D("0.123456"), False),
    ("rmb-latin", "RMB 12.5万元", D("12.5"), False),
    ("negative-adjustment", "-5.2万元", D("-5.2"), False),
    # approximations
    ("approx-yue-wan", "约3万元", D("3"), True),
    ("approx-yu-yuan", "2000余元", D("0.2"), True),
    ("approx-jin-wan", "近700万元", D("700"), True),
    ("approx-wan-yu-yuan", "1 万余元", D("1"), True),
    ("approx-inner-yu-wan", "十余万元", D("10"), True),
    ("approx-inner-duo-wan", "三千多万元", D("3000"), True),
    ("approx-arabic-yu-wan", "2000余万元", D("2000"), True),
    ("approx-after-unit", "100万元以上", D("100"), True),
    ("approx-zuoyou", "50万元左右", D("50"), True),
    ("approx-before-sign", "约￥100元", D("0.01"), True),
    # Chinese numerals and 大写
    ("cn-liang-wan", "两万元", D("2"), False),
    ("cn-shi-wan", "十万元", D("10"), False),
    ("cn-yi-bai-yi-shi-wan", "一百一十万元", D("110"), False),
    ("cn-yi-wan-qian", "一亿五千万元", D("15000"), False),
    ("cn-wan-qian-yuan", "一万五千元", D("1.5"), False),
    ("cn-point-wan", "一点五万元", D("1.5"), False),
    ("cn-jiao-fen", "六十四万零一百四十三元一角七分", D("64.014317"), False),
    ("daxie-traditional-zheng", "肆佰叁拾萬圆整", D("430"), False),
    ("daxie-zheng", "壹仟贰佰元整", D("0.12"), False),
    ("daxie-zheng-alt", "壹拾壹元正", D("0.0011"), False),
    ("daxie-jiao-fen", "玖仟陆佰陆拾伍圆壹角捌分", D("0.966518"), False),
    ("daxie-jiao-only-tail", "壹佰捌拾壹圆柒角", D("0.01817"), False),
    ("daxie-ren-min-bi", "人民币伍万元", D("5"), False),
    ("daxie-jiao-alone", "捌角", D("0.00008"), False),
    ("cn-ling-fen", "十元零五分", D("0.001005"), False),
]

NOT_MONEY = [
    ("year", "2022年"),
    ("document-number", "粤发〔2019〕5号"),
    ("count-of-trees", "600万株"),
    ("number-without-unit", "1.2万"),
    ("plain-number", "651.17"),
    ("score", "64分"),
    ("score-cn", "五分"),
    ("header-unit", "万元"),
    ("header-unit-bracketed", "（万元）"),
    ("closer-only", "元整"),
    ("foreign-currency", "5万美元"),
    ("ocr-noise", "3M.8万元"),
    ("percent", "98.5%"),
    ("empty", ""),
    ("bad-grouping", "28,2796.90万元"),
]


@pytest.mark.parametrize("text,value,approx", [c[1:] for c in NUMBER_CASES], ids=[c[0] for c in NUMBER_CASES])
def test_parse_number(text, value, approx):
    number = parse_number(text)
    assert number == Number(value=value, approx=approx, raw=text)
    assert isinstance(number.value, Decimal)


@pytest.mark.parametrize("text", [c[1] for c in NOT_NUMBERS], ids=[c[0] for c in NOT_NUMBERS])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,value,approx", [c[1:] for c in MONEY_CASES], ids=[c[0] for c in MONEY_CASES])
def test_parse_money(text, value, approx):
    money = parse_money(text)
    assert money == Number(value=value, approx=approx, raw=text)
    assert "E" not in str(money.value)  # never 7E+2 for a value of 700


@pytest.mark.parametrize("text", [c[1] for c in NOT_MONEY], ids=[c[0] for c in NOT_MONEY])
def test_parse_money_rejects(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [("1,234", D("1234")), ("１，２３４．５", D("1234.5")), ("12 345", D("12345")), ("－3", D("-3")),
     ("1.2万", None), ("一", None), ("", None), ("1e5", None), ("NaN", None), ("Infinity", None)],
    ids=["comma", "fullwidth", "wrapped", "fullwidth-minus", "multiplier", "chinese", "empty", "exponent",
         "nan", "infinity"],
)
def test_to_decimal(text, expected):
    assert to_decimal(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [("１２３", "123"), ("０．８６", "0.86"), ("１，２３４", "1,234"), ("共３项，合计", "共3项，合计"),
     ("第1，2条", "第1，2条")],
    ids=["digits", "point", "thousands-comma", "sentence-comma-kept", "list-comma-kept"],
)
def test_normalize_digits(text, expected):
    assert normalize_digits(text) == expected


def test_scale_is_tidied_after_conversion():
    assert str(parse_money("7,000,000元").value) == "700"
    assert str(parse_money("1.5亿元").value) == "15000"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_on_arbitrary_text(text):
    for parse in (parse_number, parse_money):
        result = parse(text)
        assert result is None or isinstance(result.value, Decimal)


NUMBERISH = st.text(alphabet="0123456789,.，．０１２３４５６７８９零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億"
                    "点元圆角分整约近余多左右以上负-￥人民币 ", max_size=30)


@settings(max_examples=500, deadline=None)
@given(NUMBERISH)
def test_never_raises_on_number_like_text(text):
    for parse in (parse_number, parse_money):
        result = parse(text)
        assert result is None or isinstance(result.value, Decimal)


AMOUNTS = st.decimals(min_value=0, max_value=D("999999999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(AMOUNTS)
def test_round_trip_yuan_with_separators(d):
    assert parse_money(f"{d:,}元").value == d / 10000


@settings(max_examples=300, deadline=None)
@given(AMOUNTS)
def test_round_trip_wan_yuan(d):
    assert parse_money(f"{d}万元").value == d
