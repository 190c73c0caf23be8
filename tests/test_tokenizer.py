"""jieba as the tokenizers load it: without pkg_resources, cutting as jieba imported the usual way does."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

SENTENCES = ["部门整体支出绩效自评报告预算执行率达到百分之百", "存在的问题：资金拨付滞后，项目进度较慢。",
             "加强绩效目标管理，提高资金使用效益"]

PROBE = """
import json, sys
{setup}
from extract.values.tokenizer import import_jieba
jieba = import_jieba()
jieba.setLogLevel(60)
cuts = [jieba.lcut(s, HMM=True) for s in json.loads(sys.argv[1])]
print(json.dumps({{"pkg_resources": "pkg_resources" in sys.modules, "cuts": cuts}}))
"""


def _probe(setup: str) -> dict:
    code = PROBE.format(setup=setup)
    done = subprocess.run([sys.executable, "-c", code, json.dumps(SENTENCES)], capture_output=True, text=True,
                          check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def usual_import() -> dict:
    pytest.importorskip("pkg_resources", reason="no setuptools here: nothing to compare with")
    return _probe("import pkg_resources, warnings")


def test_jieba_is_imported_without_pkg_resources_and_cuts_the_same(usual_import):
    ours = _probe("")
    assert ours["pkg_resources"] is False
    assert usual_import["pkg_resources"] is True  # the other way, jieba had it (so the comparison means something)
    assert ours["cuts"] == usual_import["cuts"]


def test_pkg_resources_can_still_be_imported_after_jieba():
    pytest.importorskip("pkg_resources", reason="no setuptools here")
    result = subprocess.run([sys.executable, "-c", "from extract.values.tokenizer import import_jieba; import_jieba(); "
                             "import pkg_resources; print(pkg_resources.__name__)"],
                            capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "pkg_resources"
