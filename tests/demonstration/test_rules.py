"""The pure rules: the weekly progress meeting, overdue actions, held in the future, required
fields (no database). The minutes PDF is tested with the services (test_services.py)."""

import datetime
import unittest

from demonstration import rules

D = datetime.date


class MissedWeeksTest(unittest.TestCase):
    def test_a_week_without_a_progress_meeting_is_missed(self):
        meetings = [D(2009, 1, 5), D(2009, 1, 21), D(2009, 1, 30)]  # weeks of 5, 19 and 26 January
        missed = rules.missed_weeks(meetings, start=D(2009, 1, 5), end=D(2009, 2, 1), today=D(2009, 3, 1))
        self.assertEqual(missed, [D(2009, 1, 12)])

    def test_any_day_of_the_week_covers_it(self):
        missed = rules.missed_weeks([D(2009, 1, 11)], start=D(2009, 1, 5), end=D(2009, 1, 11), today=D(2009, 2, 1))
        self.assertEqual(missed, [])

    def test_the_week_under_way_is_not_missed_yet(self):
        # today is Wednesday 14 January: the week of 12 January is not over
        missed = rules.missed_weeks([], start=D(2009, 1, 5), end=D(2009, 12, 31), today=D(2009, 1, 14))
        self.assertEqual(missed, [D(2009, 1, 5)])

    def test_a_week_ending_today_is_not_missed_yet(self):
        missed = rules.missed_weeks([], start=D(2009, 1, 5), end=D(2009, 1, 11), today=D(2009, 1, 11))
        self.assertEqual(missed, [])

    def test_nothing_is_missed_before_the_start(self):
        self.assertEqual(rules.missed_weeks([], start=D(2010, 1, 1), end=D(2010, 12, 31), today=D(2009, 6, 1)), [])

    def test_a_first_week_partly_in_the_year_counts(self):
        # 1 January 2009 is a Thursday: the week of Monday 29 December 2008 is the year's first
        missed = rules.missed_weeks([], start=D(2009, 1, 1), end=D(2009, 1, 4), today=D(2009, 2, 1))
        self.assertEqual(missed, [D(2008, 12, 29)])

    def test_a_whole_year_without_meetings_misses_every_week(self):
        start, end = rules.designation_period(2009, D(2026, 1, 1))
        self.assertEqual(len(rules.missed_weeks([], start=start, end=end, today=D(2026, 1, 1))), 53)

    def test_the_period_of_the_current_year_ends_today(self):
        self.assertEqual(rules.designation_period(2009, D(2009, 6, 3)), (D(2009, 1, 1), D(2009, 6, 3)))


class ActionAndMeetingRulesTest(unittest.TestCase):
    def test_an_open_action_past_its_due_date_is_overdue(self):
        self.assertTrue(rules.is_overdue(due_date=D(2009, 3, 1), done=False, today=D(2009, 3, 2)))

    def test_an_action_due_today_or_done_is_not_overdue(self):
        self.assertFalse(rules.is_overdue(due_date=D(2009, 3, 2), done=False, today=D(2009, 3, 2)))
        self.assertFalse(rules.is_overdue(due_date=D(2009, 3, 1), done=True, today=D(2009, 3, 2)))

    def test_a_meeting_in_the_future_cannot_be_marked_held(self):
        self.assertEqual(rules.meeting_held_problem(date=D(2009, 3, 3), held=True, today=D(2009, 3, 2)),
                         "会议日期 2009-03-03 在今天（2009-03-02）之后，不能标记为已召开")

    def test_a_planned_meeting_in_the_future_is_fine(self):
        self.assertIsNone(rules.meeting_held_problem(date=D(2009, 3, 3), held=False, today=D(2009, 3, 2)))
        self.assertIsNone(rules.meeting_held_problem(date=D(2009, 3, 2), held=True, today=D(2009, 3, 2)))

    def test_a_designation_needs_a_year_and_a_type(self):
        self.assertEqual(rules.designation_problems(year=None, kind=None),
                         {"year": "请填写示范村的年度", "kind": "请选择示范村类型"})
        self.assertEqual(rules.designation_problems(year=2009, kind=object()), {})

