import datetime

import pytest
from pypdf import PdfReader

from archives.models import ArchiveFile
from targets import services
from targets.choices import PlanStatus
from targets.models import Commitment, VillagePlan, VillageTarget
from xixiang.core.errors import DomainError

from .factories import plan_village


def _save(world, plan, actor="clerk_chengguan", village=None, targets=None, **fields):
    return services.village_plan_save(actor=world.users[actor], plan=plan, village=village or world.wufeng,
                                      targets=targets if targets is not None else {2009: 3, 2010: 2, 2011: None},
                                      **fields)


def test_a_clerk_proposes_a_draft_for_a_village_of_the_township(graded, plan):
    row = _save(graded, plan, measures=" 发展茶叶 ", party_secretary="李明")
    assert (row.status, row.measures, row.party_secretary) == (PlanStatus.DRAFT, "发展茶叶", "李明")
    assert dict(row.targets.values_list("year", "grade")) == {2009: 3, 2010: 2}


def test_a_clerk_cannot_propose_for_another_townships_village(graded, plan):
    with pytest.raises(DomainError) as error:
        _save(graded, plan, village=graded.jiangbang)
    assert error.value.message == "您无权为“江榜村”制定目标：该村不在您负责的乡镇"
    assert not VillagePlan.objects.exists()


@pytest.mark.parametrize("targets,message", [
    ({2009: 5}, "2009 年目标级类必须是 1 到 4 的整数，而不是“5”"),
    ({2009: 0}, "2009 年目标级类必须是 1 到 4 的整数，而不是“0”"),
    ({2012: 3}, "年度 2012 不在规划期内（2009–2011 年）"),
    ({2009: 2, 2010: 3}, "2010 年目标级类 3 低于上一年度的目标级类 2"),
])
def test_bad_targets_are_refused_and_nothing_is_stored(graded, plan, targets, message):
    with pytest.raises(DomainError) as error:
        _save(graded, plan, targets=targets)
    assert error.value.message == message
    assert not VillageTarget.objects.exists()


def test_a_target_worse_than_the_villages_current_grade_is_refused(graded, plan):
    with pytest.raises(DomainError) as error:
        _save(graded, plan, actor="admin", village=graded.jiangbang, targets={2009: 4})
    assert error.value.message == "2009 年目标级类 4 低于该村现有级类 3（1 类最好）"


def test_the_administrator_approves_and_a_clerk_cannot(graded, plan):
    row = _save(graded, plan)
    with pytest.raises(DomainError) as error:
        services.village_plan_approve(actor=graded.users["clerk_chengguan"], village_plan=row)
    assert error.value.message == "只有县升级晋档办可以审定规划"
    services.village_plan_approve(actor=graded.users["admin"], village_plan=row)
    row.refresh_from_db()
    assert (row.status, row.approved_by) == (PlanStatus.APPROVED, graded.users["admin"])


def test_a_change_after_approval_needs_a_reason_and_is_audited(graded, plan):
    row = plan_village(graded.wufeng, {2009: 3})
    with pytest.raises(DomainError) as error:
        _save(graded, plan, actor="admin", targets={2009: 2})
    assert (error.value.message, error.value.field) == ("该规划已审定，修改必须填写修改理由", "reason")
    _save(graded, plan, actor="admin", targets={2009: 2}, reason="县里调高目标")
    row.refresh_from_db()
    assert row.status == PlanStatus.APPROVED
    target = row.targets.get()
    assert target.grade == 2
    assert target.history.first().history_change_reason == "县里调高目标"
    assert target.history.first().history_user == graded.users["admin"]


def test_a_clerks_change_after_approval_returns_the_plan_to_draft(graded, plan):
    row = plan_village(graded.wufeng, {2009: 3})
    _save(graded, plan, targets={2009: 3}, measures="新措施", reason="补充措施")
    row.refresh_from_db()
    assert (row.status, row.measures, row.approved_by) == (PlanStatus.DRAFT, "新措施", None)
    assert row.history.first().history_change_reason == "补充措施"


def test_saving_the_same_plan_again_changes_nothing(graded, plan):
    row = plan_village(graded.wufeng, {2009: 3}, measures="m", township_leader="a", party_secretary="b",
                       contact_leader="c")
    before = row.history.count()
    _save(graded, plan, targets={2009: 3, 2010: None}, measures="m", township_leader="a", party_secretary="b",
          contact_leader="c")
    assert row.history.count() == before


def test_approving_a_township_approves_its_drafts_only(graded, plan):
    _save(graded, plan)
    _save(graded, plan, actor="admin", village=graded.jiangbang, targets={2009: 3})
    services.township_plan_save(actor=graded.users["clerk_chengguan"], plan=plan, township=graded.chengguan,
                                measures="整乡推进")
    count = services.township_plans_approve(actor=graded.users["admin"], plan=plan, township=graded.chengguan)
    assert count == 2
    assert VillagePlan.objects.get(village=graded.jiangbang).status == PlanStatus.DRAFT


def test_a_clerk_keeps_only_their_townships_own_plan(graded, plan):
    with pytest.raises(DomainError) as error:
        services.township_plan_save(actor=graded.users["clerk_chengguan"], plan=plan, township=graded.xiakou)
    assert error.value.message == "您无权修改“峡口镇”的规划"


# --- commitments -----------------------------------------------------------------------------

def _commit(world, actor="cadre_wufeng", **fields):
    values = {"year": 2009, "township": world.chengguan, "village": world.wufeng, "target_grade": 3,
              "text": "确保今年晋升为三类村", "signer": "李明", "signed_on": datetime.date(2009, 3, 2),
              "income_per_capita": "2800", "road_km": "3.5", "biogas_digesters": 40}
    values.update(fields)
    return services.commitment_save(actor=world.users[actor], **values)


def test_a_village_cadre_signs_their_villages_commitment_and_it_is_filed_in_g3(graded, plan, archive_dir):
    commitment = _commit(graded)
    record = commitment.archive_record
    assert (record.village, record.year, record.category.code, record.title) == (
        graded.wufeng, 2009, "G3", "五丰村2009年度目标承诺书")
    archive_file = record.files.get()
    assert archive_file.content_type == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(archive_dir / archive_file.stored_name).pages)
    assert "五丰村2009年度目标承诺书" in text
    assert "确保今年晋升为三类村" in text
    assert "承诺人：李明" in text


def test_signing_again_replaces_the_pdf_in_the_same_record(graded, plan):
    first = _commit(graded)
    second = _commit(graded, text="确保晋升为三类村，争创二类村")
    assert second.pk == first.pk
    assert second.archive_record_id == first.archive_record_id
    assert ArchiveFile.objects.live().filter(record=first.archive_record).count() == 1
    assert ArchiveFile.objects.filter(record=first.archive_record).count() == 2


def test_a_village_cadre_cannot_sign_for_another_village_or_the_township(graded, plan):
    with pytest.raises(DomainError) as error:
        _commit(graded, village=graded.jiangbang, township=graded.xiakou)
    assert error.value.message == "您无权为“江榜村”签署目标承诺"
    with pytest.raises(DomainError) as error:
        _commit(graded, village=None, target_grade=None)
    assert error.value.message == "您无权为“城关镇”签署目标承诺"
    assert not Commitment.objects.exists()


def test_a_clerk_signs_the_townships_commitment_which_is_not_filed_in_a_village(graded, plan):
    commitment = _commit(graded, actor="clerk_chengguan", village=None, target_grade=None, signer="赵刚")
    assert (commitment.is_township, commitment.archive_record) == (True, None)


@pytest.mark.parametrize("fields,message,field", [
    ({"signer": " "}, "请填写承诺人（签名的责任人）", "signer"),
    ({"signed_on": None}, "请填写承诺日期", "signed_on"),
    ({"target_grade": 7}, "目标级类必须是 1 到 4", "target_grade"),
    ({"target_grade": None}, "请填写目标级类", "target_grade"),
    ({"text": ""}, "请填写承诺内容", "text"),
])
def test_a_commitment_without_signer_or_date_is_refused_and_nothing_is_filed(graded, plan, fields, message, field):
    with pytest.raises(DomainError) as error:
        _commit(graded, **fields)
    assert (error.value.message, error.value.field) == (message, field)
    assert not Commitment.objects.exists()
    assert not ArchiveFile.objects.exists()
