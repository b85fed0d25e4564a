"""Two people in a circle, through the generated Python module, the built library and the
real relay binary on 127.0.0.1: create, add by device id, join, talk, reply, react, roles
refused, live push in the background, offline errors, and leaving."""

import asyncio
import os

import pytest

import hearth_ffi as h
from recorder import Recorder


def test_a_circle_through_the_bindings_and_the_relay(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


async def texts(client, circle_id):
    page = await client.circle_messages(circle_id, 0, 500)
    return [m for m in page if m.kind == h.CircleMessageKind.TEXT]


async def scenario(tmp, relay_url):
    fern = await h.create_profile_with_key(str(tmp / "fern"), os.urandom(32), "Fern")
    ash = await h.create_profile_with_key(str(tmp / "ash"), os.urandom(32), "Ash")
    heard = Recorder()
    subscription = ash.subscribe(heard)

    # No relay yet: a typed error naming the field.
    with pytest.raises(h.HearthError.InvalidInput) as no_relay:
        await ash.relay_sync()
    assert no_relay.value.field == "relay"
    with pytest.raises(h.HearthError.InvalidInput):
        await ash.set_relay("ftp://relay.example")

    await fern.set_relay(relay_url)
    await ash.set_relay(relay_url)
    fern_sync = await fern.relay_sync()
    ash_sync = await ash.relay_sync()
    device_id = await ash_sync.register()
    assert len(device_id) == 32
    assert (await ash.relay_account()).device_id == device_id
    await ash_sync.sync_once()  # publishes KeyPackages

    circle = await fern.create_circle("Tuesday evening circle", "A quiet place", "Be kind.")
    cid = circle.circle_id
    assert (circle.role, circle.state, circle.member_count) == (
        h.Role.FACILITATOR, h.CircleState.ACTIVE, 1)
    with pytest.raises(h.HearthError.InvalidInput) as bad_device:
        await fern.add_member(cid, "not-a-device")
    assert bad_device.value.field == "device_id"
    await fern.add_member(cid, device_id)
    assert (await fern.circle(cid)).waiting > 0
    await fern_sync.sync_once()  # opens the mailbox, claims, commits, sends the Welcome
    await ash_sync.sync_once()   # an invitation: Ash was added by device id
    await heard.heard(lambda e: isinstance(e, h.HearthEvent.CIRCLE_INVITED)
                         and e.circle_id == cid)
    invited = await ash.circle(cid)
    assert (invited.state, invited.added_by) == (h.CircleState.INVITED, h.Role.FACILITATOR)
    await ash.accept_invitation(cid)
    await heard.heard(lambda e: isinstance(e, h.HearthEvent.CIRCLE_JOINED)
                         and e.circle_id == cid)
    joined = await ash.circle(cid)
    assert (joined.name, joined.guidelines, joined.role) == (
        "Tuesday evening circle", "Be kind.", h.Role.MEMBER)
    assert joined.member_count == 2

    # Talk, reply, react.
    welcome_id = await fern.send_text(cid, "Welcome, Ash. Glad you are here.", None)
    await fern_sync.sync_once()
    await ash_sync.sync_once()
    got = await texts(ash, cid)
    assert [(m.body, m.sender_name, m.from_me) for m in got] == [
        ("Welcome, Ash. Glad you are here.", "Fern", False)]
    assert got[0].id == welcome_id
    assert (await ash.circle(cid)).unread == 1
    await ash.mark_read(cid, got[0].relay_seq)
    assert (await ash.circle(cid)).unread == 0
    # Posting waits until Ash has read and accepted the guidelines.
    assert joined.guidelines_accepted == 0
    with pytest.raises(h.HearthError.GuidelinesNotAccepted) as refused:
        await ash.send_text(cid, "Thank you, it helps.", welcome_id)
    assert refused.value.version == joined.guidelines_version
    await ash.accept_guidelines(cid, joined.guidelines_version)
    reply_id = await ash.send_text(cid, "Thank you, it helps.", welcome_id)
    await ash_sync.sync_once()
    await fern_sync.sync_once()
    fern_texts = await texts(fern, cid)
    reply = next(m for m in fern_texts if m.id == reply_id)
    assert (reply.body, reply.reply_to, reply.sender_name) == (
        "Thank you, it helps.", welcome_id, "Ash")
    await fern.react(cid, reply_id, "💛", False)
    await fern_sync.sync_once()
    await ash_sync.sync_once()
    mine = next(m for m in await texts(ash, cid) if m.id == reply_id)
    assert [(r.emoji, r.count, r.mine) for r in mine.reactions] == [("💛", 1, False)]
    history = await ash.circle_messages(cid, 0, 500)
    assert await ash.latest_circle_messages(cid, 2) == history[-2:]

    # Roles: a member cannot remove anyone; a bad key is a typed error.
    members = await ash.circle_members(cid)
    fern_key = next(m.key for m in members if not m.is_me)
    assert {(m.display_name, m.role) for m in members} == {
        ("Fern", h.Role.FACILITATOR), ("Ash", h.Role.MEMBER)}
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.remove_member(cid, fern_key)
    with pytest.raises(h.HearthError.InvalidInput) as bad_key:
        await ash.remove_member(cid, "zz")
    assert bad_key.value.field == "member_key"
    with pytest.raises(h.HearthError.NotPermitted):
        await fern.leave_circle(cid)  # the only facilitator
    assert await fern.epoch_authenticator(cid) == await ash.epoch_authenticator(cid)

    # In the background: live push brings a message without any sync call.
    fern_sync.start()
    ash_sync.start()
    assert ash_sync.is_running()
    await heard.heard(lambda e: isinstance(e, h.HearthEvent.SYNC_STATE_CHANGED)
                         and e.state.is_online())
    live_id = await fern.send_text(cid, "Same time next week?", None)
    await heard.heard(lambda e: isinstance(e, h.HearthEvent.CIRCLE_MESSAGE)
                         and e.message_id == live_id)
    assert any(m.id == live_id for m in await texts(ash, cid))
    fern_sync.stop()
    ash_sync.stop()
    assert not ash_sync.is_running()

    # A relay that cannot be reached: retryable, and the message waits on the device.
    lost = await h.create_profile_with_key(str(tmp / "lost"), os.urandom(32), "Lost")
    await lost.set_relay("http://127.0.0.1:9")
    lost_sync = await lost.relay_sync()
    with pytest.raises(h.HearthError.Network):
        await lost_sync.sync_once()

    # Leaving: Ash proposes, Fern's phone commits, Ash sees it done.
    await ash.leave_circle(cid)
    await ash_sync.sync_once()
    await fern_sync.sync_once()
    await ash_sync.sync_once()
    await heard.heard(lambda e: isinstance(e, h.HearthEvent.CIRCLE_LEFT)
                         and e.circle_id == cid)
    assert (await ash.circle(cid)).state == h.CircleState.LEFT
    assert (await fern.circle(cid)).member_count == 1
    with pytest.raises(h.HearthError.NotAMember):
        await ash.send_text(cid, "still here?", None)

    subscription.cancel()
    for client in (fern, ash, lost):
        await client.close_profile()
