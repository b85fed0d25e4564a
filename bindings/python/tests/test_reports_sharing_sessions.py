"""Reports, "let my facilitator know", shared check-in cards and scheduled sessions through
the generated Python module and the real relay binary."""

import asyncio

import pytest

import hearth_ffi as h
from phones import circle_of_three, settle


def test_reports_cards_and_sessions_through_the_bindings(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def scenario(tmp, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    for member in (ash, birch):
        await member.accept_guidelines(cid, 1)
    await birch.send_text(cid, "nobody cares what you think", None)
    await settle(syncs)

    # Ash reports Birch's message; only Fern's phone can open it.
    assert h.report_reasons()[0] == h.ReportReason.HARASSMENT
    assert h.report_reason_label(h.ReportReason.SPAM) == "Spam"
    target = next(m for m in await ash.latest_circle_messages(cid, 50)
                  if m.body == "nobody cares what you think").id
    with pytest.raises(h.HearthError.InvalidInput):
        await ash.report_message(cid, target, h.ReportReason.OTHER, "x" * 501)
    report_id = await ash.report_message(cid, target, h.ReportReason.HARASSMENT, "unkind to me")
    support_id = await ash.ask_facilitators_for_support(cid, "rough week")
    assert [r.id for r in await ash.sent_reports(cid)] != []
    await settle(syncs)
    reports = {r.id: r for r in await fern.circle_reports(cid, False)}
    assert set(reports) == {report_id, support_id}
    about = reports[report_id]
    assert (about.reason, about.comment, about.reporter_name) == (
        h.ReportReason.HARASSMENT, "unkind to me", "Ash")
    assert about.message.body == "nobody cares what you think"
    assert about.message.sender_name == "Birch"
    assert reports[support_id].reason == h.ReportReason.SUPPORT_REQUEST
    assert reports[support_id].message is None
    assert await birch.circle_reports(cid, True) == []
    await fern.set_report_handled(cid, report_id, True)
    assert [r.id for r in await fern.circle_reports(cid, False)] == [support_id]

    # Ash shares a check-in: the mood and energy, not the note.
    checkin = await ash.add_checkin(h.CheckinDraft(mood=2, energy=4, note="private words"))
    card_id = await ash.share_checkin(cid, checkin.id, h.ShareChoice(energy=True))
    await settle(syncs)
    card = next(m for m in await birch.latest_circle_messages(cid, 50) if m.id == card_id)
    assert (card.checkin.mood, card.checkin.energy, card.checkin.note) == (2, 4, None)
    assert "private words" not in card.body

    # Fern schedules a weekly meeting; Birch's phone computes the reminders.
    with pytest.raises(h.HearthError.NotPermitted):
        await birch.add_session(cid, "Mine", "2030-01-08T19:00", "UTC", 60, h.Repeat.NEVER)
    session_id = await fern.add_session(
        cid, "Tuesday check-in", "2030-01-08T19:00", "Europe/London", 90, h.Repeat.WEEKLY)
    await settle(syncs)
    assert [s.id for s in await birch.circle_sessions(cid)] == [session_id]
    coming = await birch.upcoming_sessions(None, 2)
    assert [o.title for o in coming] == ["Tuesday check-in"] * 2
    assert coming[1].starts_at.unix_ms - coming[0].starts_at.unix_ms == 7 * 24 * 3600 * 1000
    assert coming[0].starts_at.unix_ms - coming[0].remind_at.unix_ms == 30 * 60 * 1000
    await fern.cancel_session(cid, session_id)
    await settle(syncs)
    assert await birch.circle_sessions(cid) == []
