from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("考核评价")

    def ready(self):
        from assessment import scope as assessment_scope
        from assessment import selectors
        from xixiang.audit import registry
        from xixiang.core import working_year

        from .models import (
            Adjustment,
            Ballot,
            ComputedValue,
            Cycle,
            Indicator,
            SampleDraw,
            Score,
            SpotCheck,
            SurveyResponse,
        )

        def admins_and_leaders(model):
            return (
                lambda user: model.objects.all()
                if assessment_scope.can_read_county_results(user)
                else model.objects.none()
            )

        def draw_related(draw):
            return [SurveyResponse.history.filter(draw_id=draw.pk)]

        working_year.register(selectors.working_year)
        registry.register(Cycle, assessment_scope.cycles)
        registry.register(Indicator, admins_and_leaders(Indicator))
        registry.register(ComputedValue, admins_and_leaders(ComputedValue))
        registry.register(Score, assessment_scope.scores)
        registry.register(Adjustment, lambda user: assessment_scope.inspection_records(user, Adjustment))
        registry.register(Ballot, lambda user: assessment_scope.inspection_records(user, Ballot))
        registry.register(SpotCheck, lambda user: assessment_scope.inspection_records(user, SpotCheck))
        registry.register(SampleDraw, assessment_scope.draws, related=draw_related)
        registry.register(SurveyResponse, assessment_scope.survey_responses)
