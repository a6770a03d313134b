"""Department scores: entering, refusing bad input (nothing stored), department scope."""

from decimal import Decimal

import pytest

from assessment import services
from assessment.models import Score
from assessment.services.scores import Entry
from xixiang.core.errors import DomainError

pytestmark = pytest.mark.django_db


def _set(aw, user, code, raw, village=None):
    return services.score_set(
        actor=aw.users[user], cycle=aw.cycle, village=village or aw.wufeng, indicator=aw.indicator(code), raw=raw
    )


def test_scorer_enters_a_measured_value_of_own_indicator(scoring_cycle):
    score = _set(scoring_cycle, "scorer_shuili", "B1", "85.5")
    assert (score.value, score.entered_by.username) == (Decimal("85.50"), "scorer_shuili")
    assert score.history.latest().history_user.username == "scorer_shuili"


def test_a_blank_cell_clears_the_score(scoring_cycle):
    _set(scoring_cycle, "scorer_shuili", "B1", "85")
    assert _set(scoring_cycle, "scorer_shuili", "B1", "  ") is None
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("D2", "5.5", "分数必须在 0 到 5 之间"),
        ("D2", "-1", "分数必须在 0 到 5 之间"),
        ("D2", "很好", "“很好”不是数字"),
        ("E2", "abc", "“abc”不是数字"),
    ],
)
def test_bad_direct_points_are_refused_and_nothing_stored(scoring_cycle, code, raw, message):
    with pytest.raises(DomainError) as exc:
        _set(scoring_cycle, "scorer_minzheng", code, raw)
    assert exc.value.message == message
    assert not Score.objects.exists()


def test_a_percentage_above_one_hundred_is_refused(scoring_cycle):
    with pytest.raises(DomainError) as exc:
        _set(scoring_cycle, "scorer_shuili", "B1", "100.1")
    assert exc.value.message == "百分比必须在 0 到 100 之间"
    assert not Score.objects.exists()


def test_scorer_cannot_enter_another_departments_indicator(scoring_cycle):
    with pytest.raises(DomainError) as exc:
        _set(scoring_cycle, "scorer_shuili", "B2", "80")
    assert exc.value.message == "您无权填报指标 B2"
    assert not Score.objects.exists()


def test_cooperating_department_may_enter_the_indicator_it_cooperates_on(scoring_cycle):
    score = _set(scoring_cycle, "scorer_fupin", "B3", "96")
    assert score.value == Decimal("96.00")


def test_nobody_types_a_computed_indicator(scoring_cycle):
    with pytest.raises(DomainError) as exc:
        _set(scoring_cycle, "scorer_tongji", "A1", "5000")
    assert exc.value.message == "您无权填报指标 A1"


def test_scoring_a_finalised_cycle_is_refused(verification_cycle):
    services.cycle_finalise(actor=verification_cycle.users["admin"], cycle=verification_cycle.cycle, reason="测试")
    with pytest.raises(DomainError) as exc:
        _set(verification_cycle, "scorer_shuili", "B1", "90")
    assert exc.value.message == "2009 年度考核已定案，不能再录入部门评分"
    assert not Score.objects.exists()


def test_scoring_during_verification_is_refused(verification_cycle):
    with pytest.raises(DomainError) as exc:
        _set(verification_cycle, "scorer_shuili", "B1", "90")
    assert exc.value.message == "2009 年度考核处于“检查验收”阶段，只有“部门打分”阶段可以录入部门评分"


def test_bulk_entry_stores_every_cell_with_history(scoring_cycle):
    stored = services.scores_bulk_enter(
        actor=scoring_cycle.users["scorer_minzheng"],
        cycle=scoring_cycle.cycle,
        entries=[
            Entry(2, "610724100201", "D2", "4"),
            Entry(2, "610724100201", "D3", 4.5),
            Entry(3, "610724108201", "E2", ""),
        ],
    )
    assert stored == 2
    assert dict(Score.objects.values_list("indicator__code", "value")) == {"D2": Decimal("4.00"), "D3": Decimal("4.50")}
    assert Score.history.count() == 2
    again = services.scores_bulk_enter(
        actor=scoring_cycle.users["scorer_minzheng"],
        cycle=scoring_cycle.cycle,
        entries=[Entry(2, "610724100201", "D2", "3")],
    )
    assert again == 1
    assert Score.objects.get(indicator__code="D2").value == Decimal("3.00")


def test_bulk_entry_with_any_bad_row_stores_nothing_and_lists_every_row(scoring_cycle):
    with pytest.raises(services.BulkEntryError) as exc:
        services.scores_bulk_enter(
            actor=scoring_cycle.users["scorer_minzheng"],
            cycle=scoring_cycle.cycle,
            entries=[
                Entry(2, "610724100201", "D2", "4"),
                Entry(3, "610724108201", "D2", "9"),
                Entry(4, "610724999999", "D2", "1"),
                Entry(5, "610724100201", "B1", "80"),
                Entry(6, "610724100201", "Z9", "1"),
                Entry(7, "610724108201", "E2", "好"),
            ],
        )
    assert exc.value.message == "上传的表格有 5 处错误，未保存任何数据"
    assert exc.value.errors == [
        "第 3 行 D2：分数必须在 0 到 5 之间",
        "第 4 行：没有编码为 610724999999 的村",
        "第 5 行 B1：您无权填报该指标",
        "第 6 行：没有指标 Z9",
        "第 7 行 E2：“好”不是数字",
    ]
    assert not Score.objects.exists()


def test_a_grid_upload_is_read_by_its_header_into_entries():
    from assessment.services.scores import grid_entries

    header = ["村编码", "乡镇", "行政村", "D2 文化活动与场所（0–5 分）", "E2 村务公开民主管理（0–5 分）", "备注"]
    rows = [
        (2, [610724100201.0, "城关镇", "五丰村", 4, "", "x"]),
        (3, [" 610724108201 ", "峡口镇", "江榜村", "", 2, ""]),
    ]
    assert grid_entries(header, rows) == [
        Entry(2, "610724100201", "D2", 4),
        Entry(2, "610724100201", "E2", ""),
        Entry(3, "610724108201", "D2", ""),
        Entry(3, "610724108201", "E2", 2),
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["乡镇", "D2 文化活动与场所（0–5 分）"], "表头缺少“村编码”列，请使用下载的评分表"),
        (["村编码", "乡镇", "行政村"], "表头没有指标列，请使用下载的评分表"),
    ],
)
def test_a_sheet_that_is_not_the_downloaded_grid_is_refused_on_the_file(header, message):
    from assessment.services.scores import grid_entries

    with pytest.raises(DomainError) as exc:
        grid_entries(header, [])
    assert (exc.value.message, exc.value.field) == (message, "file")
