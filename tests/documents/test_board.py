"""The notice board (牌): what it says, what it never says, who reads and prints it, the
command, and a batch that prints the others when one village fails (documents/board*.py)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from assessment.choices import CycleStatus
from assessment.models import Cycle
from documents import board
from villages.models import Village
from xixiang.core.errors import DomainError
from xixiang.core.models import DocumentJob

from .conftest import result

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text without the spaces and line breaks extraction puts between glyphs."""
    return re.sub(r"\s+", "", text)


def board_pdf(client, village, year=2009, **query) -> bytes:
    response = client.get(reverse("documents:board_pdf", args=[village.code, year]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_a_board_pdf_shows_the_villages_standing_target_commitment_and_helpers(boards):
    pages, text = pdf_text(board_pdf(boards.client_for("admin"), boards.wufeng, published="2010-01-05", days="7"))
    text = flat(text)
    assert pages == 1
    for expected in ["城关镇五丰村·2009年度", "2008年级类四类村", "2009年级类二类村", "考核总分87.9",
                     "生产发展30.95", "生活宽裕18.20", "村容整洁12.45", "乡风文明12.75", "管理民主13.50",
                     "2010年目标一类村", "2010年度目标承诺：争创一类村", "农民人均纯收入达到4200元",
                     "新修通村水泥路3.5公里", "确保2010年晋升一类村，生猪出栏翻番", "承诺人：刘书记2010年1月2日",
                     "发展生猪养殖，硬化通组道路3公里", "乡镇包村领导：陈副镇长", "村党支部书记：刘书记",
                     "赵县长（县级领导）", "县统计局", "驻村干部周驻村（县农业局副局长）", "结对帮扶1户",
                     "通村水泥路建设36.00通村水泥路3.5公里",
                     "公示期：2010年1月5日—2010年1月11日（7天）", "0916-6212345"]:
        assert expected in text, expected


def test_a_board_carries_no_household_name_phone_or_id_number(boards):
    _pages, text = pdf_text(board_pdf(boards.client_for("admin"), boards.wufeng))
    household = boards.own_household
    assert ID_NUMBER.search(flat(text)) is None and "吴已离" not in text
    for personal in (household.head_name, household.head_id_number, boards.helper_phone, "张志强"):
        assert personal not in flat(text)


def test_an_open_cycles_board_is_marked_provisional(boards):
    Cycle.objects.filter(pk=boards.cycle.pk).update(status=CycleStatus.SCORING)
    pages, text = pdf_text(board_pdf(boards.client_for("admin"), boards.wufeng))
    text = flat(text)
    assert pages == 1 and "2009年度考核尚未定案，以下得分与级类为暂定" in text and "2009年级类（暂定）二类村" in text


def test_a_village_without_a_result_in_an_open_cycle_says_not_yet_computed(boards):
    Cycle.objects.filter(pk=boards.cycle.pk).update(status=CycleStatus.SCORING)
    text = flat(pdf_text(board_pdf(boards.client_for("admin"), boards.jiangbang))[1])
    assert "2009年级类（暂定）尚未计算" in text and "尚未公开目标承诺" in text and "结对帮扶0户" in text


def test_a_year_without_a_cycle_has_no_board_and_says_so(boards):
    client = boards.client_for("admin")
    response = client.get(reverse("documents:board_page", args=[boards.wufeng.code, 2012]))
    page = response.content.decode()
    assert response.status_code == 200 and "2012 年度尚无考核周期，不能生成公示牌" in page
    assert 'id="board-pdf"' not in page
    pdf = client.get(reverse("documents:board_pdf", args=[boards.wufeng.code, 2012]), follow=True)
    assert pdf["Content-Type"].startswith("text/html") and "2012 年度尚无考核周期" in pdf.content.decode()


def test_a_public_period_under_five_days_is_refused_naming_the_field(boards):
    response = boards.client_for("admin").get(reverse("documents:board_page", args=[boards.wufeng.code, 2009]),
                                              {"days": "3"})
    page = response.content.decode()
    assert "公示天数至少 5 天" in page and "请更正公示期后再生成" in page and 'class="board"' not in page
    with pytest.raises(DomainError, match="公示天数：至少 5 天（填写的是 4 天）"):
        board.board_year(2009, days=4)


@pytest.mark.parametrize("name,own,other", [
    ("admin", 200, 200), ("leader", 200, 200), ("clerk_chengguan", 200, 404), ("clerk_xiakou", 404, 200),
    ("cadre_wufeng", 200, 404), ("scorer_tongji", 404, 404), ("inspector1", 404, 404), ("helper1", 404, 404),
])
def test_who_reads_which_villages_board_page_and_pdf(boards, name, own, other):
    client = boards.client_for(name)
    for village, status in ((boards.wufeng, own), (boards.jiangbang, other)):
        assert client.get(reverse("documents:board_page", args=[village.code, 2009])).status_code == status
        assert client.get(reverse("documents:board_pdf", args=[village.code, 2009])).status_code == status


def test_an_anonymous_visitor_is_sent_to_sign_in(boards):
    url = reverse("documents:board_page", args=[boards.wufeng.code, 2009])
    assert boards.client_for("anonymous").get(url).url == f"{reverse('login')}?next={url}"


def test_the_board_page_shows_the_board_and_links_its_pdf(boards):
    page = boards.client_for("cadre_wufeng").get(reverse("documents:board_page", args=[boards.wufeng.code, 2009]),
                                                  {"published": "2010-01-05", "days": "9"}).content.decode()
    assert 'data-village="610724100201"' in page and "87.9" in page and "二类村" in page
    assert f'href="/documents/boards/{boards.wufeng.code}/2009.pdf?published=2010-01-05&amp;days=9"' in page


def test_the_village_page_links_the_board_and_the_dossier(boards):
    page = boards.client_for("clerk_chengguan").get(
        reverse("villages:village_detail", args=[boards.wufeng.code])).content.decode()
    assert f'href="/documents/boards/{boards.wufeng.code}/2009/"' in page
    assert f'href="/documents/dossiers/{boards.wufeng.code}/2009/"' in page
    assert "2009 年度档案册" in page


def test_the_village_page_of_a_scorer_has_no_board_link(boards):
    page = boards.client_for("scorer_tongji").get(reverse("villages:village_detail", args=[boards.wufeng.code]))
    assert page.status_code == 200 and "/documents/boards/" not in page.content.decode()
    assert "/documents/dossiers/" not in page.content.decode()


# --- batches ----------------------------------------------------------------------------------


def _download(client, job) -> bytes:
    return b"".join(client.get(reverse("core:document_job_download", args=[job.pk])).streaming_content)


def test_a_clerk_prints_their_townships_boards_as_one_background_pdf(boards):
    client = boards.client_for("clerk_chengguan")
    response = client.post(reverse("documents:board_batch"), {"year": "2009", "township": boards.chengguan.code,
                                                              "published": "2010-01-05", "days": "7"})
    job = DocumentJob.objects.get()
    assert response.url == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.item_count, job.error, job.kind) == ("done", 1, "", "notice_boards")
    status = client.get(reverse("core:document_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="done"' in status and "1 块" in status
    pages, text = pdf_text(_download(client, job))
    assert pages == 1 and "五丰村" in text and "江榜村" not in text


def test_the_county_batch_prints_every_village_in_code_order(boards):
    client = boards.client_for("leader")
    client.post(reverse("documents:board_batch"), {"year": "2009", "township": "", "days": "7"})
    job = DocumentJob.objects.get()
    pages, text = pdf_text(_download(client, job))
    assert pages == 2 and text.index("五丰村") < text.index("江榜村")


@pytest.mark.parametrize("name,township,status", [
    ("clerk_chengguan", "610724108", "refused"), ("clerk_chengguan", "", "refused"),
    ("cadre_wufeng", "610724100", 403), ("scorer_tongji", "610724100", 403), ("helper1", "", 403),
])
def test_a_batch_outside_the_users_scope_is_refused(boards, name, township, status):
    response = boards.client_for(name).post(reverse("documents:board_batch"), {"year": "2009", "township": township})
    if status == "refused":
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    else:
        assert response.status_code == status
    assert not DocumentJob.objects.exists()


def test_a_batch_for_a_year_without_a_cycle_is_refused_before_queueing(boards):
    response = boards.client_for("admin").post(reverse("documents:board_batch"), {"year": "2012", "township": ""})
    assert "2012 年度尚无考核周期，不能生成公示牌" in response.content.decode() and not DocumentJob.objects.exists()


def test_a_batch_job_whose_township_left_the_clerks_scope_answers_404(boards):
    clerk = boards.users["clerk_chengguan"]
    boards.client_for("clerk_chengguan").post(reverse("documents:board_batch"),
                                              {"year": "2009", "township": boards.chengguan.code})
    job = DocumentJob.objects.get()
    clerk.township = boards.xiakou
    clerk.save()
    client = boards.client_for("clerk_chengguan")
    assert client.get(reverse("core:document_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:document_job_download", args=[job.pk])).status_code == 404


def test_a_batch_with_one_failing_village_prints_the_others_and_names_it(boards, monkeypatch):
    real = board.board_for

    def failing(village, at):
        if village.code == boards.wufeng.code:
            raise DomainError("数据不完整")
        return real(village, at)

    monkeypatch.setattr(board, "board_for", failing)
    client = boards.client_for("admin")
    client.post(reverse("documents:board_batch"), {"year": "2009", "township": ""})
    job = DocumentJob.objects.get()
    assert (job.status, job.item_count) == ("done", 1)
    assert job.error == "未能生成 1 项：城关镇五丰村（610724100201）（数据不完整）"
    status = client.get(reverse("core:document_job", args=[job.pk])).content.decode()
    assert "data-warning" in status and "城关镇五丰村（610724100201）（数据不完整）" in status
    pages, text = pdf_text(_download(client, job))
    assert pages == 1 and "江榜村" in text and "五丰村" not in text


# --- the command --------------------------------------------------------------------------------


def test_the_command_prints_a_townships_boards(boards, tmp_path):
    out, target = io.StringIO(), tmp_path / "cg.pdf"
    call_command("render_notice_board", "--year", "2009", "--township", boards.chengguan.code, "-o", str(target),
                 "--published", "2010-01-05", stdout=out)
    pages, text = pdf_text(target.read_bytes())
    assert pages == 1 and "五丰村" in text and out.getvalue().startswith(f"已生成 1 块公示牌：{target}")


def test_the_command_prints_one_village(boards, tmp_path):
    target = tmp_path / "jb.pdf"
    call_command("render_notice_board", "--year", "2009", "--village", boards.jiangbang.code, "-o", str(target),
                 stdout=io.StringIO())
    assert "江榜村" in pdf_text(target.read_bytes())[1]


@pytest.mark.parametrize("args,message", [
    (["--year", "2012", "--village", "610724100201"], "2012 年度尚无考核周期，不能生成公示牌"),
    (["--year", "2009", "--village", "610724199999"], "找不到村编码为 610724199999 的行政村"),
    (["--year", "2009", "--township", "610724199"], "找不到乡镇编码为 610724199 的乡镇"),
    (["--year", "2009", "--village", "610724100201", "--days", "3"], "公示天数：至少 5 天（填写的是 3 天）"),
    (["--year", "2009", "--village", "610724100201", "--published", "2010-13-01"], "发布日期：2010-13-01 不是日期"),
])
def test_the_command_refuses_bad_input_and_writes_nothing(boards, tmp_path, args, message):
    target = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("render_notice_board", *args, "-o", str(target), stdout=io.StringIO())
    assert not target.exists()


def test_a_second_village_result_does_not_change_the_first_board(boards):
    result(boards.cycle, boards.jiangbang, total="55.0", grade=4, previous=4)
    text = flat(pdf_text(board_pdf(boards.client_for("admin"), boards.wufeng))[1])
    assert "考核总分87.9" in text and Village.objects.count() == 2
