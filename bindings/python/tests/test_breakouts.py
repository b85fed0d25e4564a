"""Breakout groups through the generated Python module and the real relay binary: a
facilitator splits the circle, the members post in their group (nothing shows in the circle's
chat), and the facilitator ends it on every phone."""

import asyncio

import pytest

import hearth_ffi as h
from phones import circle_of_three, settle


def test_breakout_groups_through_the_bindings(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def scenario(tmp, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    for member in (ash, birch):
        await member.accept_guidelines(cid, 1)
    await settle(syncs)
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.start_breakouts_at_random(cid, 2, 10)
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.start_breakouts_at_random(cid, 9, 10)
    [made] = await fern.start_breakouts_at_random(cid, 2, 10)
    assert sorted(m.name for m in made.members) == ["Ash", "Birch"]
    await settle(syncs)
    [mine] = await ash.breakouts(cid)
    assert (mine.id, mine.mine) == (made.id, True)

    chat = len(await birch.latest_circle_messages(cid, 50))
    await ash.post_in_breakout(cid, mine.id, "Just us two here")
    await settle(syncs)
    [said] = await birch.breakout_messages(cid, mine.id)
    assert (said.sender_name, said.body, said.is_mine) == ("Ash", "Just us two here", False)
    assert len(await birch.latest_circle_messages(cid, 50)) == chat

    await fern.end_breakouts(cid)
    await settle(syncs)
    for phone in (fern, ash, birch):
        assert await phone.breakouts(cid) == []
    with pytest.raises(h.HearthError.NotFound):
        await birch.breakout_messages(cid, mine.id)
