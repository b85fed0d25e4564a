"""Guidelines and the facilitator's tools through the generated Python module and the real
relay binary: acceptance before posting, a member refused every tool, removal for everyone,
pins, a pause judged by the relay, a local mute, and closing the circle."""

import asyncio

import pytest

import hearth_ffi as h
from phones import circle_of_three, settle


def test_moderation_through_the_bindings_and_the_relay(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def message(client, cid, body):
    page = await client.latest_circle_messages(cid, 100)
    return next(m for m in page if m.body == body or (m.deleted and body is None))


async def scenario(tmp, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    for member in (ash, birch):
        circle = await member.circle(cid)
        assert (circle.guidelines_version, circle.guidelines_accepted) == (1, 0)
        with pytest.raises(h.HearthError.GuidelinesNotAccepted):
            await member.send_text(cid, "hello", None)
        await member.accept_guidelines(cid, circle.guidelines_version)
    await ash.send_text(cid, "that's a silly feeling", None)
    await fern.send_text(cid, "Welcome, both of you.", None)
    await settle(syncs)
    # The facilitator sees who accepted which version; a member's phone does not show it.
    accepted = {m.display_name: m.guidelines_accepted for m in await fern.circle_members(cid)}
    assert accepted == {"Fern": 1, "Ash": 1, "Birch": 1}
    assert all(m.guidelines_accepted is None for m in await ash.circle_members(cid))

    members = {m.display_name: m.key for m in await fern.circle_members(cid)}
    unkind = (await message(birch, cid, "that's a silly feeling")).id
    welcome = (await message(birch, cid, "Welcome, both of you.")).id
    # A member has none of the tools.
    for refused in (
        ash.remove_message_for_everyone(cid, welcome),
        ash.pin_message(cid, welcome, True),
        ash.time_out_member(cid, members["Birch"], 600, ""),
        ash.hand_over_circle(cid, members["Birch"], h.Role.MEMBER),
        ash.close_circle(cid),
    ):
        with pytest.raises(h.HearthError.NotPermitted):
            await refused

    await fern.remove_message_for_everyone(cid, unkind)
    await fern.pin_message(cid, welcome, True)
    await fern.time_out_member(cid, members["Ash"], 3600, "Let's pause for a moment")
    await settle(syncs)
    gone = next(m for m in await birch.latest_circle_messages(cid, 100) if m.id == unkind)
    assert (gone.deleted, gone.removed_by_facilitator, gone.body) == (True, True, "")
    assert [m.id for m in await birch.pinned_messages(cid)] == [welcome]
    paused = await ash.circle(cid)
    assert paused.paused_until_ms is not None
    assert paused.paused_reason == "Let's pause for a moment"
    with pytest.raises(h.HearthError.TimedOut) as timed_out:
        await ash.send_text(cid, "but", None)
    assert timed_out.value.until_ms == paused.paused_until_ms

    # Disappearing messages: the facilitator sets the timer; every phone learns it.
    with pytest.raises(h.HearthError.NotPermitted):
        await birch.set_disappearing(cid, 86400)
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.set_disappearing(cid, 1)
    await fern.set_disappearing(cid, 86400)
    await settle(syncs)
    assert (await birch.circle(cid)).disappear_after_s == 86400

    # Muting stays on one phone.
    await birch.mute_member(cid, members["Fern"], True)
    assert (await message(birch, cid, "Welcome, both of you.")).muted
    assert not (await message(ash, cid, "Welcome, both of you.")).muted

    await fern.close_circle(cid)
    await settle(syncs)
    for member in (fern, ash, birch):
        assert (await member.circle(cid)).state == h.CircleState.CLOSED
        with pytest.raises(h.HearthError.CircleClosed):
            await member.accept_guidelines(cid, 1)
