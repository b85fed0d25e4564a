"""What the relay scenarios share: a person's phone on the relay, and sync rounds."""

import os

import hearth_ffi as h


async def person(tmp, name, relay_url):
    """A new profile on the relay, registered: (client, sync, device id)."""
    client = await h.create_profile_with_key(str(tmp / name), os.urandom(32), name)
    await client.set_relay(relay_url)
    sync = await client.relay_sync()
    device_id = await sync.register()
    await sync.sync_once()
    return client, sync, device_id


async def settle(syncs, rounds=4):
    """A few sync rounds for every phone, enough for posts and commits to reach everyone."""
    for _ in range(rounds):
        for s in syncs:
            await s.sync_once()


async def circle_of_three(tmp, relay_url):
    """Fern's new circle with Ash and Birch added, their invitations accepted and synced
    (guidelines not yet accepted): (fern, ash, birch, syncs, circle id)."""
    fern, fern_sync, _ = await person(tmp, "Fern", relay_url)
    ash, ash_sync, ash_device = await person(tmp, "Ash", relay_url)
    birch, birch_sync, birch_device = await person(tmp, "Birch", relay_url)
    syncs = [fern_sync, ash_sync, birch_sync]
    cid = (await fern.create_circle("Evening circle", "", "Listen first.")).circle_id
    await fern.add_member(cid, ash_device)
    await fern.add_member(cid, birch_device)
    await settle(syncs)
    for invited in (ash, birch):
        assert (await invited.circle(cid)).state == h.CircleState.INVITED
        await invited.accept_invitation(cid)
    await settle(syncs)
    return fern, ash, birch, syncs, cid
