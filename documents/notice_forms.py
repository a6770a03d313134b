"""The form that publishes a public notice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PublicNotice


class NoticeForm(forms.ModelForm):
    class Meta:
        model = PublicNotice
        fields = ["kind", "year", "township", "published_on", "posting_days", "contact_phone"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, townships, county_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships.order_by("code")
        self.fields["township"].required = not county_allowed
        self.fields["township"].empty_label = _("全县") if county_allowed else None
        self.fields["published_on"].initial = timezone.localdate()
        self.fields["posting_days"].help_text = _("不少于 5 天")
