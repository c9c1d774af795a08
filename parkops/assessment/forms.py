"""Forms of the assessment app; related choices narrowed by RestrictedModelForm."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkops.assessment import models as m
from parkops.core.forms import RestrictedModelForm, form_for

MAX_UPLOAD_MB = 20


class DocumentForm(RestrictedModelForm):
    """Upload a document or a new version of a kind (``upload_document`` does the rest)."""

    class Meta:
        model = m.Document
        fields = [
            "park",
            "kind",
            "title",
            "version",
            "effective_on",
            "expires_on",
            "approver",
            "file",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from parkops.assessment.services import writable_kinds

        allowed = set(writable_kinds(self.user))
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if not c[0] or c[0] in allowed]
        parks = self.fields["park"].queryset
        if not self.is_bound and not self.initial.get("park") and parks.count() == 1:
            self.initial["park"] = parks.get().pk

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and getattr(upload, "size", 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 %(size)s MB") % {"size": MAX_UPLOAD_MB})
        return upload


class IncidentForm(RestrictedModelForm):
    class Meta:
        model = m.Incident
        fields = ["park", "occurred_on", "category", "description", "source"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and self.user is not None:
            data["recorded_by"] = self.user  # the service stores who recorded it
        return data


GoalForm = form_for(m.Goal, ["park", "year", "title", "description"])
KPIForm = form_for(m.KPI, ["goal", "name", "unit", "target", "actual", "higher_is_better"])
SupplierForm = form_for(
    m.Supplier, ["park", "name", "category", "contact", "qualification", "rating", "active"]
)


class ServiceOfferingForm(RestrictedModelForm):
    """A catalogue entry, with the reason for the revision (kept in the revision log)."""

    revision_note = forms.CharField(
        label=gettext_lazy("修订说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("新增或修改服务内容的原因，如政策要求、企业需求、新的产业和技术发展（6.1.4）"),
    )

    class Meta:
        model = m.ServiceOffering
        fields = ["park", "category", "name", "description", "supplier", "active"]


InnovationItemForm = form_for(
    m.InnovationItem, ["park", "kind", "title", "started_on", "description", "outcome"]
)
JudgementForm = form_for(
    m.Judgement, ["park", "row", "fraction", "judged_on", "note", "judged_by", "attachment"]
)
