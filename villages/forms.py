from django import forms

from xixiang.core.forms import BootstrapMixin

from .models import Group, Village


class VillageForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Village
        fields = ["name", "terrain", "is_poor", "is_key_poverty", "leading_industries"]


class GroupForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
