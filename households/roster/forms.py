from django import forms
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import BootstrapMixin


class RosterUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("农户信息表（.xlsx）"),
        help_text=_("请使用本页提供的模板；上传后先检查全部内容，确认无误后再导入。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
