"""The one shape of edit views and POST actions (xixiang.core.edit), through real views: a
service's DomainError is shown to the user (next to the field on a form, as an error message
after an action), and 403 answers only a role that lacks the action."""

from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import ImportBatch
from villages.models import Group


def test_a_domain_error_on_a_form_is_shown_next_to_its_field_and_nothing_is_saved(world):
    response = world.client_for("clerk_chengguan").post(
        reverse("villages:group_create", args=[world.wufeng.code]), {"code": "61072410820109", "name": "外组"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": [f"组编码必须是村编码 {world.wufeng.code} 加 2 位数字"]}
    assert not Group.objects.filter(code="61072410820109").exists()


def test_a_domain_error_on_an_action_is_an_error_message_and_a_redirect(world):
    clerk = world.users["clerk_chengguan"]
    batch = ImportBatch.objects.create(created_by=clerk, township=clerk.township, original_name="a.xlsx",
                                       file=SimpleUploadedFile("a.xlsx", b"PK"), status=ImportBatch.Status.FAILED)
    response = world.client_for("clerk_chengguan").post(reverse("households:roster:batch_commit", args=[batch.pk]))
    assert (response.status_code, response.url) == (302, reverse("households:roster:batch_detail", args=[batch.pk]))
    assert [(m.level, m.message) for m in get_messages(response.wsgi_request)] == [
        (ERROR, f"只有检查通过的文件才能导入（当前状态：{ImportBatch.Status.FAILED.label}）")]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED


def test_a_role_that_lacks_the_action_gets_403_on_a_form_and_on_an_action(world):
    client = world.client_for("leader")
    assert client.get(reverse("villages:group_create", args=[world.wufeng.code])).status_code == 403
    response = client.post(reverse("households:household_delete", args=[world.own_household.number]))
    assert response.status_code == 403
    assert type(world.own_household).objects.filter(pk=world.own_household.pk).exists()
