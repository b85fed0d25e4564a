"""One-to-one talks through the generated Python module and the real relay binary: asked,
accepted into a circle of two, ended; a block through the bindings."""

import asyncio

import pytest

import hearth_ffi as h
from phones import circle_of_three, settle


def test_a_talk_is_asked_accepted_used_and_ended_through_the_bindings(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def scenario(tmp, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    members = await ash.circle_members(cid)
    fern_key = next(m.key for m in members if m.display_name == "Fern")
    birch_key = next(m.key for m in members if m.display_name == "Birch")
    # Members ask facilitators; not each other unless the circle allows it.
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.ask_to_talk(cid, birch_key, "")
    with pytest.raises(h.HearthError.InvalidInput):
        await ash.ask_to_talk(cid, fern_key, "x" * 501)
    talk_id = await ash.ask_to_talk(cid, fern_key, "Could we talk?")
    await settle(syncs)
    [asked] = await fern.talks(cid)
    assert (asked.id, asked.with_name, asked.asked_by_me, asked.state, asked.note) == (
        talk_id, "Ash", False, h.TalkState.ASKED, "Could we talk?")
    assert await birch.talks(None) == []

    talk = await fern.accept_talk(talk_id)
    await settle(syncs)
    [mine] = await ash.talks(None)
    assert (mine.state, mine.talk_circle_id) == (h.TalkState.OPEN, talk)
    assert (await ash.circle(talk)).talk_with == "Fern"
    assert (await fern.circle(talk)).talk_with == "Ash"
    await ash.send_text(talk, "Thank you", None)
    await settle(syncs)
    assert [m.body for m in await fern.latest_circle_messages(talk, 10) if m.body] == ["Thank you"]
    # Nobody else is offered a talk inside a talk.
    fern_in_talk = next(m for m in await ash.circle_members(talk) if not m.is_me)
    assert h.member_actions(await ash.circle(talk), fern_in_talk, 0) == []

    # Fern blocks Ash: the talk ends on both phones and is listed as blocked on Fern's.
    await fern.block_talker(talk_id)
    await settle(syncs)
    assert (await ash.circle(talk)).state == h.CircleState.CLOSED
    [blocked] = await fern.blocked_talkers()
    assert blocked.display_name == "Ash"
    await fern.unblock_talker(blocked.key)
    assert await fern.blocked_talkers() == []
    with pytest.raises(h.HearthError.NotFound):
        await fern.unblock_talker(blocked.key)
