"""Joining circles by one-time code, through the generated Python module, the built library
and the real relay binary: a code checked for typos before anything is sent, a join that
waits for approval and then lands, the same four words on both phones, a declined request,
a revoked code, and the events that tell each screen to refresh."""

import asyncio
import os

import pytest

import hearth_ffi as h
from recorder import Recorder


def test_joining_by_code_through_the_bindings_and_the_relay(tmp_path, relay):
    asyncio.run(scenario(tmp_path, relay))


def test_codes_are_checked_before_anything_is_sent():
    limits = h.invite_limits()
    assert limits.min_lifetime_seconds < limits.default_lifetime_seconds \
        < limits.max_lifetime_seconds
    assert h.InviteOptions().lifetime_seconds == limits.default_lifetime_seconds
    assert h.InviteOptions().auto_admit is False
    assert "nothing about the circle" in h.before_joining_notice().lower()
    assert "new code" in h.ask_for_a_new_code_notice()
    for bad in ["", "7KQ2M9", "7KQ2M9-XD4F-PW8T-EXTRA", "7KQ2M9-XD4F-PW8!"]:
        with pytest.raises(h.HearthError.InvalidInput) as refused:
            h.check_invite_code(bad)
        assert refused.value.field == "code"


def typo_of(code):
    """The code with its first character changed: the check character must catch it."""
    first = "A" if code[0] != "A" else "B"
    return first + code[1:]


async def scenario(tmp, relay_url):
    fern = await h.create_profile_with_key(str(tmp / "fern"), os.urandom(32), "Fern")
    ash = await h.create_profile_with_key(str(tmp / "ash"), os.urandom(32), "Ash")
    birch = await h.create_profile_with_key(str(tmp / "birch"), os.urandom(32), "Birch")
    fern_heard, ash_heard = Recorder(), Recorder()
    fern_events = fern.subscribe(fern_heard)
    ash_events = ash.subscribe(ash_heard)
    syncs = {}
    for name, client in (("fern", fern), ("ash", ash), ("birch", birch)):
        await client.set_relay(relay_url)
        syncs[name] = await client.relay_sync()

    circle = await fern.create_circle("Tuesday evening circle", "A quiet place", "Be kind.")
    cid = circle.circle_id
    await syncs["fern"].sync_once()

    # A member cannot make codes; a lifetime out of bounds is a field error.
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.create_invite(cid, h.InviteOptions(lifetime_seconds=60))
    invite = await fern.create_invite(cid, h.InviteOptions(label="for Ash"))
    assert (invite.state, invite.auto_admit, invite.label, invite.published) == (
        h.InviteState.OPEN, False, "for Ash", False)
    assert invite.link.startswith("hearth://join#")
    assert h.check_invite_code(invite.link) == invite.code
    assert h.check_invite_code(invite.code.lower()) == invite.code
    assert invite.expires_at_ms - invite.created_at_ms == pytest.approx(
        h.invite_limits().default_lifetime_seconds * 1000, abs=2000)
    await syncs["fern"].sync_once()
    assert (await fern.invites(cid))[0].published is True
    await fern_heard.heard(lambda e: isinstance(e, h.HearthEvent.INVITE_CHANGED)
                           and e.nameplate == invite.nameplate and e.circle_id == cid)

    # A typo is caught on the phone: nothing is recorded, the code stays open.
    with pytest.raises(h.HearthError.InvalidInput) as typo:
        await ash.join_with_code(typo_of(invite.code), "Ash")
    assert typo.value.field == "code"
    assert await ash.invite_joins() == []

    # Ash joins by the link (what a scanned QR code gives); Fern must approve first.
    join = await ash.join_with_code(invite.link, "Ash")
    assert (join.nameplate, join.display_name, join.state, join.circle_id) == (
        invite.nameplate, "Ash", h.JoinState.SENDING, None)
    await syncs["ash"].sync_once()
    assert (await ash.invite_joins())[0].state == h.JoinState.WAITING_FOR_FACILITATOR
    await syncs["fern"].sync_once()
    waiting = (await fern.invites(cid))[0]
    assert (waiting.state, waiting.invitee_name, waiting.code) == (
        h.InviteState.WAITING_FOR_APPROVAL, "Ash", None)
    await syncs["ash"].sync_once()
    assert (await ash.circles()) == []  # nobody joins before approval
    await fern.approve_invite(invite.nameplate)
    await syncs["fern"].sync_once()
    await syncs["ash"].sync_once()
    await ash_heard.heard(lambda e: isinstance(e, h.HearthEvent.CIRCLE_JOINED)
                          and e.circle_id == cid)
    await ash_heard.heard(lambda e: isinstance(e, h.HearthEvent.JOIN_CHANGED)
                          and e.nameplate == invite.nameplate)
    joined = (await ash.invite_joins())[0]
    used = (await fern.invites(cid))[0]
    assert (joined.state, joined.circle_id) == (h.JoinState.JOINED, cid)
    assert used.state == h.InviteState.USED
    assert joined.words is not None and len(joined.words.split()) == 4
    assert joined.words == used.words
    ash_circle = await ash.circle(cid)
    assert (ash_circle.name, ash_circle.guidelines, ash_circle.role) == (
        "Tuesday evening circle", "Be kind.", h.Role.MEMBER)
    await syncs["ash"].sync_once()   # introduces Ash under the chosen name
    await syncs["fern"].sync_once()
    assert {m.display_name for m in await fern.circle_members(cid)} == {"Fern", "Ash"}

    # A member cannot make codes; the facilitator's own phone cannot use one.
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.create_invite(cid, h.InviteOptions())
    second = await fern.create_invite(cid, h.InviteOptions(auto_admit=True))
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.join_with_code(second.code, "Fern again")

    # The used code does not work twice: Birch's phone hears "unavailable" from the relay.
    await birch.join_with_code(invite.code, "Birch")
    await syncs["birch"].sync_once()
    assert (await birch.invite_joins())[0].state == h.JoinState.UNAVAILABLE

    # A revoked code is unavailable too, and its text is no longer shown.
    await syncs["fern"].sync_once()
    await fern.revoke_invite(second.code)
    await syncs["fern"].sync_once()
    revoked = next(i for i in await fern.invites(cid) if i.nameplate == second.nameplate)
    assert (revoked.state, revoked.code, revoked.link) == (h.InviteState.REVOKED, None, None)
    await birch.join_with_code(second.link, "Birch")
    await syncs["birch"].sync_once()
    by_nameplate = {j.nameplate: j.state for j in await birch.invite_joins()}
    assert by_nameplate[second.nameplate] == h.JoinState.UNAVAILABLE

    # Declined: Birch waits, Fern says no, Birch's phone is told and joins nothing.
    third = await fern.create_invite(cid, h.InviteOptions(label="for Birch"))
    await syncs["fern"].sync_once()
    await birch.join_with_code(third.code, "Birch")
    await syncs["birch"].sync_once()
    await syncs["fern"].sync_once()
    with pytest.raises(h.HearthError.InvalidInput):
        await fern.approve_invite(second.nameplate)  # nobody waits on a revoked code
    await fern.decline_invite(third.nameplate)
    await syncs["fern"].sync_once()
    await syncs["birch"].sync_once()
    declined = next(j for j in await birch.invite_joins() if j.nameplate == third.nameplate)
    assert (declined.state, declined.circle_id) == (h.JoinState.DECLINED, None)
    assert next(i for i in await fern.invites(cid)
                if i.nameplate == third.nameplate).state == h.InviteState.DECLINED
    assert await birch.circles() == []
    assert (await fern.circle(cid)).member_count == 2

    fern_events.cancel()
    ash_events.cancel()
    for client in (fern, ash, birch):
        await client.close_profile()
