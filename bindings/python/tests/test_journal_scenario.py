"""A person's journal, driven through the generated Python module and the built library:
the same path the phone apps take through Kotlin and Swift."""

import asyncio
import os
import time

import pytest

import hearth_ffi as h
from recorder import Recorder

NOTE = "walked by the canal with Priya, felt lighter afterwards"
ENTRY = "Quiet evening. The lighthouse painting is nearly done."


def moment(day, hour, offset_hours=-5):
    """A time in March 2026 at UTC-5, as a phone in New York would send it."""
    unix = int(time.mktime((2026, 3, day, hour, 0, 0, 0, 0, 0)) - time.timezone)
    return h.Moment(unix_ms=(unix - offset_hours * 3600) * 1000,
                    offset_seconds=offset_hours * 3600)


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def key():
    return os.urandom(32)


def test_whole_journal_through_the_bindings(tmp_path, key):
    run(scenario(str(tmp_path / "profile"), str(tmp_path / "second"), key))


async def scenario(profile_dir, second_dir, key):
    client = await h.create_profile_with_key(profile_dir, key, "Sam")
    assert (await client.identity()).display_name == "Sam"
    await client.close_profile()
    with pytest.raises(h.HearthError.Closed):
        await client.identity()

    # A wrong key is its own error, and a missing profile is not mistaken for one.
    with pytest.raises(h.HearthError.WrongKey):
        await h.open_profile_with_key(profile_dir, bytes(32))
    with pytest.raises(h.HearthError.ProfileNotFound):
        await h.open_profile_with_key(second_dir + "-missing", key)
    with pytest.raises(h.HearthError.InvalidInput) as short_key:
        await h.open_profile_with_key(profile_dir, b"too short")
    assert short_key.value.field == "key"
    with pytest.raises(h.HearthError.ProfileExists):
        await h.create_profile_with_key(profile_dir, key, "Sam again")

    client = await h.open_profile_with_key(profile_dir, key)
    recorder = Recorder()
    subscription = client.subscribe(recorder)
    assert subscription.is_active()

    # Check-ins over several days; the one with a walk tag is the best mood.
    saved = []
    for day, mood, tags in [(2, 2, ["work"]), (3, 4, ["walk"]), (4, 3, ["work"]),
                            (5, 5, ["walk", "friends"])]:
        checkin = await client.add_checkin(h.CheckinDraft(
            at=moment(day, 20), mood=mood, energy=3, emotions=["calm", "Wistful"],
            tags=tags, sleep_hours=7.5, note=NOTE if day == 5 else None))
        saved.append(checkin)
    assert saved[3].local_date == h.LocalDate(year=2026, month=3, day=5)
    assert saved[3].emotions == ["calm", "wistful"]
    assert saved[3].at.offset_seconds == -5 * 3600

    with pytest.raises(h.HearthError.InvalidInput) as bad_mood:
        await client.add_checkin(h.CheckinDraft(mood=9))
    assert bad_mood.value.field == "mood"
    assert "9" not in bad_mood.value.reason  # the rule, never the value

    entry = await client.add_entry(h.EntryDraft(at=moment(5, 21), body=ENTRY,
                                                checkin_id=saved[3].id))
    assert (await client.entry(entry.id)).checkin_id == saved[3].id
    # A short id typed back resolves to the whole one.
    assert await client.resolve_checkin_id(saved[3].id[:8]) == saved[3].id
    assert await client.resolve_entry_id(entry.id[:8].upper()) == entry.id
    with pytest.raises(h.HearthError.InvalidInput):
        await client.resolve_checkin_id("ab")

    listed = await client.checkins(h.JournalQuery(tag="walk"))
    assert [c.id for c in listed] == [saved[3].id, saved[1].id]  # newest first
    in_range = await client.checkins(h.JournalQuery(
        since=h.LocalDate(year=2026, month=3, day=3), until=h.LocalDate(year=2026, month=3, day=4)))
    assert sorted(c.mood for c in in_range) == [3, 4]

    hits = await client.search("canal", 10)
    assert [(hit.kind, hit.id) for hit in hits] == [(h.SearchHitKind.CHECKIN, saved[3].id)]
    hits = await client.search("lighthouse", 10)
    assert [(hit.kind, hit.id) for hit in hits] == [(h.SearchHitKind.ENTRY, entry.id)]
    assert "[lighthouse]" in hits[0].snippet.lower()

    vocabulary = await client.emotions()
    assert "calm" in vocabulary.built_in and vocabulary.custom == ["wistful"]
    tags = await client.tags()
    assert {(t.tag, t.count) for t in tags} == {("walk", 2), ("work", 2), ("friends", 1)}
    assert tags[-1].tag == "friends"

    insights = await client.insights(h.InsightsRequest(
        since=h.LocalDate(year=2026, month=3, day=1), today=h.LocalDate(year=2026, month=3, day=5)))
    assert insights.checkin_count == 4
    assert insights.mean_mood == pytest.approx(3.5)
    assert [d.mean for d in insights.by_day] == [2, 4, 3, 5]
    assert insights.streaks.current == 4
    walk = next(t for t in insights.tags if t.tag == "walk")
    assert walk.mood.mean_with == pytest.approx(4.5) and walk.mood.mean_without == pytest.approx(2.5)
    assert walk.mood.confidence == h.Confidence.NOT_ENOUGH_DATA

    # PHQ-9 with item 9 answered "several days": the safety outcome, not a plain result.
    phq9 = [1, 1, 2, 1, 0, 1, 1, 0, 1]
    outcome = await client.record_survey(h.Instrument.PHQ9, phq9, None)
    assert outcome.is_SAFETY_CONCERN()
    assert outcome.concern == h.SafetyConcern.SELF_HARM_THOUGHTS(answer=1)
    assert "988" in outcome.guidance
    assert outcome.result.score == 8 and outcome.result.band == "Mild depression"
    calm = await client.record_survey(h.Instrument.GAD7, [0] * 7, None)
    assert calm.is_RECORDED() and calm.result.severity == h.Severity.NONE
    with pytest.raises(h.HearthError.InvalidInput):
        await client.record_survey(h.Instrument.PHQ9, [0, 1], None)
    with pytest.raises(h.HearthError.InvalidInput):
        await client.record_survey(h.Instrument.GAD2, [0, 300], None)
    info = {i.instrument: i for i in h.instrument_info()}
    assert len(info[h.Instrument.PHQ9].items) == 9

    # Reminders at fixed times come back sorted; the next times are at those wall times.
    settings = await client.set_reminder_settings(h.ReminderSettings(
        enabled=True, time_zone="America/New_York",
        schedule=h.ReminderSchedule.FIXED_TIMES(times=[h.TimeOfDay(hour=20, minute=0),
                                                        h.TimeOfDay(hour=9, minute=30)])))
    assert settings.schedule.times == [h.TimeOfDay(hour=9, minute=30), h.TimeOfDay(hour=20, minute=0)]
    upcoming = await client.next_reminders(moment(5, 12).unix_ms, 3)
    assert len(upcoming) == 3 and upcoming[0].unix_ms == moment(5, 20).unix_ms
    # A typed time is read by the core, as the CLI reads it; a bad one says what is wanted.
    assert h.parse_time_of_day(" 9:30 ") == h.TimeOfDay(hour=9, minute=30)
    for bad in ["8pm", "24:00", "9:3", ""]:
        try:
            h.parse_time_of_day(bad)
            raise AssertionError(f"{bad!r} was read as a time")
        except h.HearthError.InvalidInput as e:
            assert "HH:MM" in e.reason or "0–23" in e.reason

    # Events arrived for each write, in order, carrying the ids.
    events = recorder.wait_for(lambda evs: any(e.is_REMINDERS_CHANGED() for e in evs))
    saved_ids = [e.id for e in events if e.is_CHECKIN_SAVED()]
    assert saved_ids == [c.id for c in saved]
    assert h.HearthEvent.ENTRY_SAVED(id=entry.id) in events
    assert sum(1 for e in events if e.is_SURVEY_RECORDED()) == 2

    # Backup: export, wrong passphrase refused, import into a second profile.
    backup = await client.export_backup("a long backup passphrase")
    assert NOTE.encode() not in backup
    other = await h.create_profile_with_passphrase(second_dir, "another passphrase", "Sam")
    with pytest.raises(h.HearthError.BackupWrongPassphrase):
        await other.import_backup(backup, "not the passphrase")
    with pytest.raises(h.HearthError.BackupDamaged):
        await other.import_backup(backup[:-10], "a long backup passphrase")
    summary = await other.import_backup(backup, "a long backup passphrase")
    assert (summary.checkins_added, summary.entries_added, summary.surveys_added) == (4, 1, 2)
    again = await other.import_backup(backup, "a long backup passphrase")
    assert again.checkins_added == 0 and again.unchanged == 7
    assert (await other.search("canal", 10))[0].id == saved[3].id

    assert NOTE in await client.export_json()
    assert b"mood" in (await client.export_csv()).splitlines()[0]

    # After cancel, writes are no longer heard.
    subscription.cancel()
    assert not subscription.is_active()
    before = len(recorder.events)
    await client.delete_entry(entry.id)
    await asyncio.sleep(0.2)
    assert len(recorder.events) == before
    with pytest.raises(h.HearthError.NotFound):
        await client.entry(entry.id)

    await client.close_profile()
    await other.close_profile()

    # On disk: no SQLite header, none of the person's words.
    for name in os.listdir(profile_dir):
        with open(os.path.join(profile_dir, name), "rb") as f:
            data = f.read()
        assert b"SQLite format 3" not in data[:16]
        assert b"canal" not in data and b"lighthouse" not in data


def test_calls_run_concurrently_without_blocking_the_event_loop(tmp_path, key):
    async def go():
        client = await h.create_profile_with_key(str(tmp_path / "p"), key, "Sam")
        results = await asyncio.gather(*[
            client.add_checkin(h.CheckinDraft(mood=1 + i % 5)) for i in range(20)])
        assert len({c.id for c in results}) == 20
        listed = await client.checkins(h.JournalQuery())
        assert len(listed) == 20
        sample = await client.add_sample_data("Europe/Dublin",
                                              h.LocalDate(year=2026, month=3, day=5), 60, 7)
        assert sample.checkins > 40
        with pytest.raises(h.HearthError.InvalidInput) as bad_zone:
            await client.add_sample_data("Mars/Olympus", h.LocalDate(year=2026, month=3, day=5), 5, 7)
        assert bad_zone.value.field == "time_zone"
        await client.delete_everything()
        assert not os.path.exists(str(tmp_path / "p"))
        with pytest.raises(h.HearthError.Closed):
            await client.checkins(h.JournalQuery())
    run(go())


def test_another_apps_export_is_previewed_then_imported_once(tmp_path, key):
    fixtures = os.path.join(os.path.dirname(__file__), "..", "..", "..", "core", "tests", "fixtures", "foreign")
    with open(os.path.join(fixtures, "daylio.csv"), "rb") as f:
        daylio = f.read()

    async def go():
        client = await h.create_profile_with_key(str(tmp_path / "profile"), key, "Sam")
        dublin = h.ForeignImportOptions(time_zone="Europe/Dublin", moods=[])
        preview = await client.preview_foreign_import(h.ForeignApp.DAYLIO, daylio, dublin)
        assert (preview.checkins, preview.already_here) == (4, 0)
        assert [(m.label, m.mood) for m in preview.moods if m.mood is None] == [("sad", None)]
        assert [(p.line, p.reason) for p in preview.problems] == [
            (6, "date: not a date"), (7, "time: not a clock time")]
        with pytest.raises(h.HearthError.InvalidInput) as refused:
            await client.import_foreign(h.ForeignApp.DAYLIO, daylio, dublin)
        assert refused.value.field == "moods"
        told = h.ForeignImportOptions(time_zone="Europe/Dublin", moods=[h.MoodMapping(label="sad", mood=2)])
        done = await client.import_foreign(h.ForeignApp.DAYLIO, daylio, told)
        assert done.summary.checkins_added == 5 and len(done.problems) == 2
        again = await client.import_foreign(h.ForeignApp.DAYLIO, daylio, told)
        assert (again.summary.checkins_added, again.summary.unchanged) == (0, 5)
        with pytest.raises(h.HearthError.InvalidInput) as wrong:
            await client.import_foreign(h.ForeignApp.BEARABLE, daylio, told)
        assert wrong.value.field == "file"
        await client.close_profile()

    run(go())


def test_a_goal_is_planned_logged_and_counted_through_the_bindings(tmp_path, key):
    day = lambda d: h.LocalDate(year=2025, month=12, day=d)  # 2025-12-01 is a Monday

    async def go():
        client = await h.create_profile_with_key(str(tmp_path / "profile"), key, "Sam")
        plan = h.GoalPlan.WEEKDAYS(days=[h.Weekday.MONDAY, h.Weekday.WEDNESDAY, h.Weekday.FRIDAY])
        draft = h.GoalDraft(title="Walk 20 minutes", why="clears my head", plan=plan,
                            reminder=h.GoalReminder(time=h.TimeOfDay(hour=18, minute=0),
                                                    time_zone="Europe/Dublin"),
                            starts_on=day(1))
        goal = await client.add_goal(draft, day(1))
        assert goal.plan_text == "mon,wed,fri" and goal.starts_on == day(1)
        await client.log_goal(goal.id, day(1), h.GoalOutcome.DONE, None)
        await client.log_goal(goal.id, day(3), h.GoalOutcome.PARTLY, "short one")
        progress = await client.goal_progress(goal.id, day(5))
        # By hand: Mon done, Wed partly, Fri (today) open: 1 done, 1 partly of 3; a streak of
        # 2 planned days; asked 2 so far, earned 1.5.
        assert (progress.week_done, progress.week_partly, progress.week_target) == (1, 1, 3)
        assert (progress.streak, progress.streak_unit) == (2, h.StreakUnit.DAYS)
        assert progress.completion_rate == pytest.approx(0.75)
        assert progress.due_today and progress.today is None
        assert [d.planned for d in progress.week] == [True, False, True, False, True, False, False]
        with pytest.raises(h.HearthError.InvalidInput) as not_planned:
            await client.log_goal(goal.id, day(2), h.GoalOutcome.DONE, None)
        assert not_planned.value.field == "day"
        with pytest.raises(h.HearthError.InvalidInput) as no_title:
            await client.add_goal(h.GoalDraft(title=" ", why=None, plan=plan, reminder=None,
                                              starts_on=None), day(1))
        assert no_title.value.field == "title"
        reminders = await client.next_goal_reminders(None, 3)
        assert len(reminders) == 3 and all(r.goal_id == goal.id for r in reminders)
        log = await client.goal_log(goal.id)
        assert [(e.outcome, e.note) for e in log] == [(h.GoalOutcome.DONE, None),
                                                      (h.GoalOutcome.PARTLY, "short one")]
        await client.delete_goal(goal.id)
        assert await client.goals(day(5), True) == []
        await client.close_profile()

    run(go())


def test_the_example_programmes_ship_through_the_bindings():
    examples = h.example_programmes()
    assert [p.id for p in examples] == ["steady-ground", "after-a-loss"]
    assert all(len(p.weeks) == 6 and all(w.prompts for w in p.weeks) for p in examples)
