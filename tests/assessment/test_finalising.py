"""Finalising refuses a half-scored cycle (listing what is missing, by department) unless the
administrator writes a reason; reopening withdraws the grades the cycle wrote (domain.md §7)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment import completeness, selectors, services
from assessment.completeness import IndicatorRef, VillageRef
from assessment.models import Cycle, Score
from villages import selectors as village_selectors
from villages.models import VillageGrade
from xixiang.core.errors import DomainError

FINALISE = reverse("assessment:cycle_finalise", args=[2009])
DETAIL = reverse("assessment:cycle_detail", args=[2009])

# --- the rule (pure) -------------------------------------------------------------------------

WUFENG = VillageRef("610724100201", "五丰村", "城关镇")
JIANGBANG = VillageRef("610724108201", "江榜村", "峡口镇")
A1 = IndicatorRef("A1", "农民人均纯收入", "县统计局", True)
B1 = IndicatorRef("B1", "安全饮水普及率", "县水利局", False)
D2 = IndicatorRef("D2", "文化活动与场所", "县民政局", False)
E2 = IndicatorRef("E2", "村务公开民主管理", "县民政局", False)


def test_a_village_lacks_a_non_computed_indicator_nobody_entered():
    missing = completeness.missing_scores(
        [JIANGBANG, WUFENG], [A1, B1, D2, E2], {(WUFENG.code, "B1"), (JIANGBANG.code, "D2"), (WUFENG.code, "E2")}
    )
    assert [(m.department, m.indicator.code, m.village.name) for m in missing] == [
        ("县水利局", "B1", "江榜村"),
        ("县民政局", "D2", "五丰村"),
        ("县民政局", "E2", "江榜村"),
    ]


def test_computed_indicators_are_never_missing():
    assert completeness.missing_scores([WUFENG], [A1], set()) == []


def test_missing_scores_are_grouped_by_department_then_indicator():
    missing = completeness.missing_scores([WUFENG, JIANGBANG], [B1, D2, E2], {(WUFENG.code, "E2")})
    groups = completeness.by_department(missing)
    assert [(g.department, g.count, [(gap.indicator.code, [v.name for v in gap.villages]) for gap in g.indicators])
            for g in groups] == [
        ("县水利局", 2, [("B1", ["五丰村", "江榜村"])]),
        ("县民政局", 3, [("D2", ["五丰村", "江榜村"]), ("E2", ["江榜村"])]),
    ]
    assert completeness.missing_lines(groups) == [
        "县水利局（2 项）：",
        "  B1 安全饮水普及率（2 个村）：城关镇五丰村、峡口镇江榜村",
        "县民政局（3 项）：",
        "  D2 文化活动与场所（2 个村）：城关镇五丰村、峡口镇江榜村",
        "  E2 村务公开民主管理（1 个村）：峡口镇江榜村",
    ]


def test_change_summary_counts_grades_and_moves():
    summary = completeness.change_summary([(1, "up2"), (2, "up1"), (3, "same"), (4, "down"), (4, "new")])
    assert summary == {"grades": {1: 1, 2: 1, 3: 1, 4: 2}, "up": 2, "same": 1, "down": 1, "new": 1, "villages": 5}


# --- the service -----------------------------------------------------------------------------

needs_db = pytest.mark.django_db


@needs_db
def test_finalising_a_half_scored_cycle_is_refused_and_writes_nothing(verification_cycle):
    admin, cycle = verification_cycle.users["admin"], verification_cycle.cycle
    with pytest.raises(DomainError) as exc:
        services.cycle_finalise(actor=admin, cycle=cycle)
    assert exc.value.message == "还有 24 项评分未填（村×指标），不能定案；如确需定案，请写明理由"
    assert Cycle.objects.get(pk=cycle.pk).status == "verification"
    assert not VillageGrade.objects.filter(year=2009).exists()
    assert not cycle.results.exists()


@needs_db
def test_an_adjustment_counts_as_a_score(verification_cycle):
    services.adjustment_set(actor=verification_cycle.users["inspector1"], cycle=verification_cycle.cycle,
                            village=verification_cycle.wufeng, indicator=verification_cycle.indicator("B1"),
                            points="3", reason="实地核定")
    missing = selectors.missing_scores(verification_cycle.cycle)
    assert len(missing) == 23 and ("B1", "五丰村") not in [(m.indicator.code, m.village.name) for m in missing]


@needs_db
def test_the_administrator_overrides_only_with_a_reason_which_is_kept(verification_cycle):
    admin, cycle = verification_cycle.users["admin"], verification_cycle.cycle
    services.cycle_finalise(actor=admin, cycle=cycle, reason="  部门数据延迟，县委同意先行定案  ")
    cycle.refresh_from_db()
    reason = "部门数据延迟，县委同意先行定案"
    assert (cycle.status, cycle.finalise_missing, cycle.finalise_reason) == ("finalised", 24, reason)
    latest = cycle.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.finalise_reason) == (
        admin, "强制定案（24 项未评分）：部门数据延迟，县委同意先行定案", "部门数据延迟，县委同意先行定案")
    assert VillageGrade.objects.filter(year=2009).count() == 2


@needs_db
def test_a_complete_cycle_finalises_without_a_reason(complete_cycle):
    admin, cycle = complete_cycle.users["admin"], complete_cycle.cycle
    assert selectors.missing_scores(cycle) == []
    services.cycle_finalise(actor=admin, cycle=cycle)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.finalise_missing, cycle.finalise_reason) == ("finalised", 0, "")
    assert cycle.history.latest().history_change_reason == "定案"


@needs_db
def test_removing_one_score_makes_the_cycle_incomplete_again(complete_cycle):
    Score.objects.filter(cycle=complete_cycle.cycle, village=complete_cycle.jiangbang, indicator__code="C2").delete()
    missing = selectors.missing_scores(complete_cycle.cycle)
    assert [(m.department, m.indicator.code, m.village.name) for m in missing] == [
        ("县住房和城乡建设局", "C2", "江榜村")]


# --- reopening -------------------------------------------------------------------------------


@needs_db
def test_reopening_withdraws_the_cycles_grades_until_finalised_again(complete_cycle):
    admin, cycle = complete_cycle.users["admin"], complete_cycle.cycle
    VillageGrade.objects.create(village=complete_cycle.wufeng, year=2008, grade=3, source="2008 年摸底评定")
    VillageGrade.objects.create(village=complete_cycle.jiangbang, year=2008, grade=4, source="2008 年摸底评定")
    services.cycle_finalise(actor=admin, cycle=cycle)
    assert village_selectors.latest_grade_year() == 2009
    written = VillageGrade.objects.get(village=complete_cycle.wufeng, year=2009)

    services.cycle_reopen(actor=admin, cycle=cycle, reason="复核五丰村")
    assert not VillageGrade.objects.filter(year=2009).exists()
    assert sorted(VillageGrade.objects.values_list("village__name", "year", "grade")) == [
        ("五丰村", 2008, 3), ("江榜村", 2008, 4)]
    assert village_selectors.latest_grade_year() == 2008
    deleted = VillageGrade.history.filter(id=written.pk).order_by("history_date").last()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason, deleted.grade) == (
        "-", admin, "重新打开：复核五丰村", written.grade)
    dashboard = complete_cycle.client_for("admin").get(reverse("home:overview")).context
    assert (dashboard["grade_year"], dashboard["grade_counts"]) == (2008, {1: 0, 2: 0, 3: 1, 4: 1})

    services.cycle_finalise(actor=admin, cycle=cycle)
    assert VillageGrade.objects.filter(year=2009, source="2009 年度考核").count() == 2
    assert village_selectors.latest_grade_year() == 2009


@needs_db
def test_reopening_leaves_grades_the_cycle_did_not_write(complete_cycle):
    admin, cycle = complete_cycle.users["admin"], complete_cycle.cycle
    services.cycle_finalise(actor=admin, cycle=cycle)
    VillageGrade.objects.filter(village=complete_cycle.jiangbang, year=2009).update(source="县委认定")
    services.cycle_reopen(actor=admin, cycle=cycle, reason="复核")
    assert list(VillageGrade.objects.values_list("village__name", "source")) == [("江榜村", "县委认定")]


# --- the page --------------------------------------------------------------------------------


@needs_db
def test_the_finalise_page_lists_the_missing_scores_by_department(scoring_cycle):
    services.score_set(actor=scoring_cycle.users["scorer_shuili"], cycle=scoring_cycle.cycle,
                       village=scoring_cycle.wufeng, indicator=scoring_cycle.indicator("B1"), raw="80")
    services.cycle_start_verification(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    response = scoring_cycle.client_for("admin").get(FINALISE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "还有 23 项评分未填（村×指标）" in body
    groups = {g.department: g for g in response.context["groups"]}
    assert [(gap.indicator.code, [v.name for v in gap.villages]) for gap in groups["县水利局"].indicators] == [
        ("B1", ["江榜村"])]
    assert groups["县民政局"].count == 6
    assert "写明理由后仍然定案" in body and "确认定案" not in body
    assert "共 2 个村：与上年相比升级 0 个，持平 0 个，下降 0 个，无上年级类 2 个。" in body


@needs_db
def test_finalising_from_the_page_without_a_reason_is_refused_next_to_the_reason(verification_cycle):
    response = verification_cycle.client_for("admin").post(FINALISE, {"reason": ""})
    assert response.status_code == 200
    assert "还有 24 项评分未填（村×指标），不能定案；如确需定案，请写明理由" in response.content.decode()
    assert Cycle.objects.get(year=2009).status == "verification"


@needs_db
def test_finalising_from_the_page_with_a_reason_writes_the_grades(verification_cycle):
    client = verification_cycle.client_for("admin")
    response = client.post(FINALISE, {"reason": "部门数据延迟"})
    assert (response.status_code, response["Location"]) == (302, DETAIL)
    assert Cycle.objects.get(year=2009).status == "finalised"
    body = client.get(DETAIL).content.decode()
    assert "定案时还有 24 项评分未填，管理员写明理由后定案：部门数据延迟" in body


@needs_db
def test_the_confirmation_shows_what_finalising_will_change_and_writes_the_same(complete_cycle):
    VillageGrade.objects.create(village=complete_cycle.wufeng, year=2008, grade=4)
    VillageGrade.objects.create(village=complete_cycle.jiangbang, year=2008, grade=1)
    client = complete_cycle.client_for("admin")
    response = client.get(FINALISE)
    body = response.content.decode()
    preview = response.context["preview"]
    assert "每个村的每个非系统计算指标都已评分。" in body and "确认定案" in body
    assert (preview["up"], preview["same"], preview["down"], preview["new"]) == (0, 1, 1, 0)
    assert preview["previous"] == {1: 1, 2: 0, 3: 0, 4: 1}
    assert not complete_cycle.cycle.results.exists()  # the confirmation stores nothing
    client.post(FINALISE, {})
    assert selectors.grade_summary(Cycle.objects.get(year=2009))["grades"] == preview["grades"]


@needs_db
def test_the_cycle_page_links_to_the_confirmation_instead_of_finalising_at_once(verification_cycle):
    body = verification_cycle.client_for("admin").get(DETAIL).content.decode()
    assert f'href="{FINALISE}"' in body and 'value="finalise"' not in body


@needs_db
@pytest.mark.parametrize("user", ["leader", "scorer_tongji", "inspector1", "clerk_chengguan"])
def test_only_the_administrator_opens_or_posts_the_finalise_page(verification_cycle, user):
    client = verification_cycle.client_for(user)
    assert client.get(FINALISE).status_code == 403
    assert client.post(FINALISE, {"reason": "x"}).status_code == 403
    assert Cycle.objects.get(year=2009).status == "verification"


@needs_db
def test_anonymous_is_sent_to_login_from_the_finalise_page(verification_cycle):
    response = verification_cycle.client_for("anonymous").get(FINALISE)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={FINALISE}"


@needs_db
def test_the_finalise_page_of_an_open_scoring_cycle_says_it_cannot_be_finalised_yet(scoring_cycle):
    body = scoring_cycle.client_for("admin").get(FINALISE).content.decode()
    assert "本周期处于“部门打分”阶段，只有“检查验收”阶段可以定案。" in body and "finalise-form" not in body


# --- the command -----------------------------------------------------------------------------


@needs_db
def test_run_assessment_finalise_exits_1_and_prints_what_is_missing(scoring_cycle, capsys):
    services.score_set(actor=scoring_cycle.users["scorer_minzheng"], cycle=scoring_cycle.cycle,
                       village=scoring_cycle.wufeng, indicator=scoring_cycle.indicator("D2"), raw="4")
    services.cycle_start_verification(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    with pytest.raises(CommandError) as exc:
        call_command("run_assessment", "--year", "2009", "--finalise")
    assert exc.value.returncode == 1
    assert str(exc.value) == ("2009 年度考核还有 23 项评分未填（村×指标），未定案；"
                              "如确需定案，请加 --force --reason 理由")
    out = capsys.readouterr().out.splitlines()
    assert "县民政局（5 项）：" in out
    assert "  D2 文化活动与场所（1 个村）：峡口镇江榜村" in out
    assert "  B1 安全饮水普及率（2 个村）：城关镇五丰村、峡口镇江榜村" in out
    assert Cycle.objects.get(year=2009).status == "verification"


@needs_db
def test_run_assessment_force_needs_a_reason(verification_cycle):
    with pytest.raises(CommandError) as exc:
        call_command("run_assessment", "--year", "2009", "--finalise", "--force")
    assert str(exc.value) == "强制定案必须用 --reason 写明理由"
    assert Cycle.objects.get(year=2009).status == "verification"


@needs_db
def test_run_assessment_force_with_a_reason_finalises_and_keeps_the_reason(verification_cycle, capsys):
    call_command("run_assessment", "--year", "2009", "--finalise", "--force", "--reason", "先行定案")
    cycle = Cycle.objects.get(year=2009)
    assert (cycle.status, cycle.finalise_missing, cycle.finalise_reason) == ("finalised", 24, "先行定案")
    assert capsys.readouterr().out.splitlines()[-1] == "（强制定案：24 项评分未填，理由已记入修改历史）"


@needs_db
def test_run_assessment_finalises_a_complete_cycle_with_exit_0(complete_cycle, capsys):
    call_command("run_assessment", "--year", "2009", "--finalise")
    assert capsys.readouterr().out.strip() == "2009 年度考核已定案：2 个村，一类 0，二类 0，三类 0，四类 2"
    assert Cycle.objects.get(year=2009).finalise_missing == 0


@needs_db
def test_the_finalise_page_speaks_english(verification_cycle):
    from django.conf import settings

    client = verification_cycle.client_for("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(FINALISE).content.decode()
    assert "24 scores (village × indicator) are still missing, listed below by department." in body
    assert "Finalise anyway, with this reason" in body
    assert "2 villages: against last year 0 up, 0 unchanged, 0 down, 2 without last year's grade." in body
