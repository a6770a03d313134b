"""Optimistic locking of the village and township plans (targets.services, xixiang.core.concurrency)."""

import pytest

from targets import services
from targets.choices import PlanStatus
from targets.models import TownshipPlan, VillagePlan
from xixiang.core.errors import ConcurrentEditError

from .factories import TownshipPlanFactory, plan_village


def _save(world, plan, version, actor="clerk_chengguan", targets=None, **fields):
    people = {"measures": "发展茶叶产业，硬化通组道路", "township_leader": "王建国", "party_secretary": "李明",
              "contact_leader": "张华"}
    return services.village_plan_save(actor=world.users[actor], plan=plan, village=world.wufeng,
                                      targets=targets if targets is not None else {2009: 3, 2010: 2},
                                      version=version, **(people | fields))


def test_two_edits_from_the_same_version_the_second_is_refused_and_nothing_is_overwritten(graded, plan):
    vp = plan_village(graded.wufeng, {2009: 3, 2010: 2}, status=PlanStatus.DRAFT)
    assert vp.version == 1
    _save(graded, plan, 1, targets={2009: 3, 2010: 1})
    with pytest.raises(ConcurrentEditError) as error:
        _save(graded, plan, 1, actor="admin", targets={2009: 2, 2010: 2}, measures="改过的措施")
    assert "已被 clerk_chengguan 于 " in error.value.message
    assert "现有目标：2009 年 3 类、2010 年 1 类。" in error.value.message
    assert error.value.current_version == 2
    vp.refresh_from_db()
    assert (vp.version, vp.measures, dict(vp.targets.values_list("year", "grade"))) == (
        2, "发展茶叶产业，硬化通组道路", {2009: 3, 2010: 1})
    assert vp.history.count() == 2


def test_the_refusal_lists_the_plans_field_changes(graded, plan):
    plan_village(graded.wufeng, {2009: 3}, status=PlanStatus.DRAFT)
    _save(graded, plan, 1, targets={2009: 3}, measures="新措施")
    with pytest.raises(ConcurrentEditError) as error:
        _save(graded, plan, 1, targets={2009: 2})
    assert error.value.changes == [("工作措施", "发展茶叶产业，硬化通组道路", "新措施")]


def test_saving_again_at_the_current_version_applies_the_edit(graded, plan):
    plan_village(graded.wufeng, {2009: 3}, status=PlanStatus.DRAFT)
    _save(graded, plan, 1, targets={2009: 3, 2010: 2})
    row = _save(graded, plan, 2, targets={2009: 2, 2010: 2})
    assert (row.version, dict(row.targets.values_list("year", "grade"))) == (3, {2009: 2, 2010: 2})


def test_two_forms_opened_before_the_village_had_a_plan_the_second_is_refused(graded, plan):
    _save(graded, plan, 0)
    with pytest.raises(ConcurrentEditError) as error:
        _save(graded, plan, 0, targets={2009: 2})
    assert "在您打开后已被 clerk_chengguan 于 " in error.value.message
    assert dict(VillagePlan.objects.get().targets.values_list("year", "grade")) == {2009: 3, 2010: 2}


def test_an_approval_moves_the_version_so_a_form_opened_before_it_is_refused(graded, plan):
    row = _save(graded, plan, 0)
    services.village_plan_approve(actor=graded.users["admin"], village_plan=row)
    row.refresh_from_db()
    assert (row.status, row.version) == (PlanStatus.APPROVED, 2)
    with pytest.raises(ConcurrentEditError) as error:
        _save(graded, plan, 1, targets={2009: 2}, reason="调高")
    assert error.value.changes[0] == ("状态", "草稿", "已审定")
    assert row.targets.get(year=2009).grade == 3


def test_an_unchanged_save_claims_no_version(graded, plan):
    plan_village(graded.wufeng, {2009: 3, 2010: 2}, status=PlanStatus.DRAFT)
    assert _save(graded, plan, 1).version == 1
    assert VillagePlan.objects.get().version == 1


def test_a_save_without_a_version_claims_the_next_one(graded, plan):
    plan_village(graded.wufeng, {2009: 3}, status=PlanStatus.DRAFT)
    assert _save(graded, plan, None, targets={2009: 2}).version == 2
    with pytest.raises(ConcurrentEditError):
        _save(graded, plan, 1, targets={2009: 3})


def test_two_township_plan_edits_from_the_same_version_the_second_is_refused(graded, plan):
    TownshipPlanFactory(plan=plan, township=graded.chengguan, status=PlanStatus.DRAFT)
    clerk = graded.users["clerk_chengguan"]
    services.township_plan_save(actor=clerk, plan=plan, township=graded.chengguan, measures="甲", version=1)
    with pytest.raises(ConcurrentEditError) as error:
        services.township_plan_save(actor=graded.users["admin"], plan=plan, township=graded.chengguan,
                                    measures="乙", version=1)
    assert error.value.changes == [("工作措施", "整合项目资金，重点扶持升级村", "甲"), ("乡镇包抓领导", "赵刚", "—"),
                                   ("联系领导", "孙强", "—")]
    assert TownshipPlan.objects.values_list("measures", "version").get() == ("甲", 2)
