"""The services: designations with their plan, leader, team and cadre; meetings whose minutes are
filed in W3; actions; and every refusal with its message, nothing stored."""

import datetime
import io

import pypdf
import pytest

from archives.models import ArchiveFile, ArchiveRecord
from archives.storage import open_stream
from demonstration import services
from demonstration.models import Action, DemonstrationType, Designation, Meeting
from tests.assistance.factories import CadreFactory, LeaderPairingFactory
from xixiang.core.errors import DomainError

from .conftest import archive_record, fonts_not_embedded

D = datetime.date


def record(world, demo, user="clerk_chengguan", **overrides):
    fields = {"kind": "progress", "date": D(2009, 3, 2), "place": "五丰村村委会", "attendees": "赵县长、钱驻村",
              "decisions": "生猪养殖小区3月底前完成选址",
              "actions": [services.ActionInput("完成养殖小区选址", "钱驻村", D(2009, 3, 31))]}
    fields.update(overrides)
    return services.meeting_record(actor=world.users[user], designation=demo.designation, **fields)


def test_a_designation_keeps_its_type_plan_leader_team_and_cadre(world, demo):
    d = Designation.objects.get(pk=demo.designation.pk)
    assert (d.village, d.year, d.kind.name, d.plan, d.contact, d.township) == (
        world.wufeng, 2009, "生猪产业支撑型", demo.plan, demo.contact, world.chengguan)
    assert [(m.name, m.post, m.duty) for m in d.team.all()] == [("赵县长", "县委常委、副县长", "组长")]
    assert [(c.name, c.start_date, c.end_date) for c in d.resident_cadres.all()] == [("钱驻村", D(2009, 2, 1), None)]
    assert d.history.count() == 1


@pytest.mark.parametrize("year,kind,field,message", [
    (None, "生猪产业支撑型", "year", "请填写示范村的年度"),
    (2009, None, "kind", "请选择示范村类型"),
])
def test_a_designation_without_a_year_or_a_type_is_refused(world, year, kind, field, message):
    kind = DemonstrationType.objects.get(name=kind) if kind else None
    with pytest.raises(DomainError) as error:
        services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=year, kind=kind)
    assert (error.value.field, error.value.message) == (field, message)
    assert not Designation.objects.exists()


def test_a_village_is_designated_once_a_year(world, demo):
    with pytest.raises(DomainError, match="该村该年度已确定为示范村"):
        services.designation_create(actor=world.users["admin"], village=world.wufeng, year=2009, kind=demo.pig_type)


def test_the_contact_leader_must_be_a_county_leader_of_the_village(world, demo):
    section = LeaderPairingFactory(leader=CadreFactory(name="孙科长", level="section"), village=world.jiangbang)
    elsewhere = LeaderPairingFactory(leader=CadreFactory(name="周县长", level="county"), village=world.wufeng)
    with pytest.raises(DomainError) as error:
        services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=2009,
                                    kind=demo.pig_type, contact=section)
    assert (error.value.field, error.value.message) == ("contact", "联点领导须为县级领导，孙科长 是科级干部")
    with pytest.raises(DomainError, match="周县长 联系的不是江榜村"):
        services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=2009,
                                    kind=demo.pig_type, contact=elsewhere)
    assert Designation.objects.count() == 1


def test_the_plan_must_be_a_g1_or_g2_record_of_the_village(world, demo):
    minutes = archive_record(world, world.jiangbang, "W3", "会议记录")
    other_plan = archive_record(world, world.wufeng, "G2", "五丰村产业规划")
    with pytest.raises(DomainError) as error:
        services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=2009,
                                    kind=demo.pig_type, plan=minutes)
    assert error.value.message == "规划须为本村 G1 升级晋档规划或 G2 产业发展规划档案，“会议记录”属于 W3"
    with pytest.raises(DomainError, match="规划“五丰村产业规划”不是江榜村的档案"):
        services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=2009,
                                    kind=demo.pig_type, plan=other_plan)


def test_only_the_administrator_designates(world, demo):
    with pytest.raises(DomainError, match="只有县升级晋档办可以确定示范村"):
        services.designation_create(actor=world.users["clerk_xiakou"], village=world.jiangbang, year=2009,
                                    kind=demo.pig_type)
    with pytest.raises(DomainError, match="只有县升级晋档办可以修改示范村的包抓班子和驻村干部"):
        services.team_member_add(actor=world.users["clerk_chengguan"], designation=demo.designation, name="甲",
                                 post="镇长")


def test_a_resident_cadre_needs_a_start_and_dates_in_order(world, demo):
    admin = world.users["admin"]
    with pytest.raises(DomainError, match="请填写驻村开始日期"):
        services.resident_cadre_add(actor=admin, designation=demo.designation, name="李", unit="县局", start_date=None)
    with pytest.raises(DomainError, match="驻村结束日期不能早于开始日期"):
        services.resident_cadre_add(actor=admin, designation=demo.designation, name="李", unit="县局",
                                    start_date=D(2009, 5, 1), end_date=D(2009, 4, 1))
    assert demo.designation.resident_cadres.count() == 1


def test_a_held_meeting_files_its_minutes_in_w3(world, demo, archive_dir):
    meeting = record(world, demo)
    minutes = ArchiveRecord.objects.get(pk=meeting.minutes_id)
    assert (minutes.village, minutes.year, minutes.category.code, minutes.record_date, minutes.title) == (
        world.wufeng, 2009, "W3", D(2009, 3, 2), "五丰村推进会会议纪要（2009-03-02）")
    stored = ArchiveFile.objects.get(record=minutes)
    assert (stored.type_code, stored.original_name, stored.uploaded_by) == (
        "pdf", "五丰村_2009-03-02_progress.pdf", world.users["clerk_chengguan"])
    with open_stream(stored.stored_name) as handle:
        content = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().splitlines() == [
        "西乡县村级组织升级晋档、科学发展活动领导小组办公室", "五丰村推进会会议纪要（2009-03-02）", "村：五丰村",
        "会议类型：推进会", "时间：2009年3月2日", "地点：五丰村村委会", "参会人员：赵县长、钱驻村", "议定事项：",
        "生猪养殖小区3月底前完成选址", "落实事项：", "1. 完成养殖小区选址（责任人：钱驻村，完成时限：2009年3月31日）",
        "第 1 页"]
    assert fonts_not_embedded(content) == []
    assert [(a.description, a.owner, a.due_date, a.done, a.designation) for a in meeting.actions.all()] == [
        ("完成养殖小区选址", "钱驻村", D(2009, 3, 31), False, demo.designation)]


def test_a_meeting_in_the_future_marked_held_is_refused_and_nothing_stored(world, demo, archive_dir):
    with pytest.raises(DomainError) as error:
        record(world, demo, date=D(2009, 3, 9), today=D(2009, 3, 2))
    assert error.value.field == "held"
    assert error.value.message == "会议日期 2009-03-09 在今天（2009-03-02）之后，不能标记为已召开"
    assert (Meeting.objects.count(), Action.objects.count()) == (0, 0)
    assert not ArchiveRecord.objects.filter(category__code="W3").exists()


def test_a_planned_meeting_files_no_minutes_until_it_is_held(world, demo):
    meeting = record(world, demo, date=D(2009, 3, 9), held=False, today=D(2009, 3, 2))
    assert meeting.minutes_id is None
    with pytest.raises(DomainError, match="会议日期 2009-03-09 在今天（2009-03-02）之后"):
        services.meeting_hold(actor=world.users["admin"], meeting=meeting, today=D(2009, 3, 2))
    held = services.meeting_hold(actor=world.users["admin"], meeting=meeting, today=D(2009, 3, 9))
    assert (held.held, held.minutes.category.code) == (True, "W3")


def test_an_action_without_an_owner_refuses_the_whole_meeting(world, demo):
    with pytest.raises(DomainError) as error:
        record(world, demo, actions=[services.ActionInput("修路", "", D(2009, 4, 1))])
    assert (error.value.field, error.value.message) == ("actions", "第 1 项落实事项：请填写责任人")
    assert not Meeting.objects.exists()


def test_a_clerk_of_another_township_cannot_record_meetings(world, demo):
    with pytest.raises(DomainError, match="您无权登记五丰村的会议"):
        record(world, demo, user="clerk_xiakou")
    with pytest.raises(DomainError, match="您无权登记五丰村的会议"):
        record(world, demo, user="leader")
    assert not Meeting.objects.exists()


def test_an_action_is_marked_done_once_and_not_in_the_future(world, demo):
    action = record(world, demo).actions.get()
    with pytest.raises(DomainError, match="完成日期不能晚于今天"):
        services.action_done(actor=world.users["clerk_chengguan"], action=action, done_on=D(2009, 4, 2),
                             today=D(2009, 4, 1))
    with pytest.raises(DomainError, match="您无权修改该落实事项"):
        services.action_done(actor=world.users["clerk_xiakou"], action=action)
    done = services.action_done(actor=world.users["clerk_chengguan"], action=action, done_on=D(2009, 3, 30),
                                today=D(2009, 4, 1))
    assert (done.done, done.done_on) == (True, D(2009, 3, 30))
    with pytest.raises(DomainError, match="落实事项“完成养殖小区选址”已完成"):
        services.action_done(actor=world.users["clerk_chengguan"], action=done)


def generated(world, village, title="五丰村推进会会议纪要"):
    from archives import demo_files
    from archives.services import GeneratedDocument

    return GeneratedDocument(village=village, year=2009, title=title, record_date=D(2009, 3, 2),
                             filename=f"{title}.pdf", content=demo_files.tiny_pdf([title]))


def test_generated_minutes_are_filed_in_bulk_with_their_hashes_and_history(world, archive_dir):
    import hashlib

    from archives.services import archive_documents_file

    documents = [generated(world, world.wufeng, "纪要一"), generated(world, world.jiangbang, "纪要二")]
    records = archive_documents_file(actor=world.users["admin"], category_code="W3", documents=documents)
    assert [(r.village, r.category.code, r.medium.code, r.title, r.history.count()) for r in records] == [
        (world.wufeng, "W3", "text", "纪要一", 1), (world.jiangbang, "W3", "text", "纪要二", 1)]
    stored = ArchiveFile.objects.get(record=records[1])
    assert (stored.sha256, stored.type_code, stored.original_name) == (
        hashlib.sha256(documents[1].content).hexdigest(), "pdf", "纪要二.pdf")


def test_generated_minutes_outside_the_actors_villages_are_refused_and_nothing_stored(world, archive_dir):
    from archives.services import archive_documents_file

    with pytest.raises(DomainError, match="您无权向“五丰村”上传档案"):
        archive_documents_file(actor=world.users["clerk_xiakou"], category_code="W3",
                               documents=[generated(world, world.jiangbang), generated(world, world.wufeng)])
    assert not ArchiveRecord.objects.exists()
    assert not archive_dir.exists() or not any(p.is_file() for p in archive_dir.rglob("*"))
