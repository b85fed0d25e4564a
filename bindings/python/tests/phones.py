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
