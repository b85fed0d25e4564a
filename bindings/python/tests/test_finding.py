"""Finding a circle through the generated Python module and the real relay binary: an
organisation signs its directory with the `hearth` CLI, any web server (here Python's own)
serves it, and a person who trusts the organisation's key finds the circle, asks to join and
gets in by the code the facilitator sends back. A directory signed by another key is refused."""

import asyncio
import functools
import http.server
import json
import subprocess
import threading

import pytest

import hearth_ffi as h
from conftest import TARGET
from phones import circle_of_three, person, settle

HEARTH = TARGET / "debug" / "hearth"
NOTE = "I have been low since the winter"


def test_a_person_finds_a_circle_and_joins_through_the_bindings(tmp_path, relay):
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        asyncio.run(scenario(tmp_path, www, f"http://127.0.0.1:{server.server_port}", relay))
    finally:
        server.shutdown()


def sign(tmp, entry, name):
    """The organisation's key (a new one, called `name`) and its signed directory."""
    circle = json.loads(entry)
    circle.update(id="low-mood", topics=["depression"], languages=["en"],
                  schedule="Wednesdays 18:30")
    listing = tmp / f"{name}-listing.json"
    listing.write_text(json.dumps(
        {"organisation": "Riverside", "published_at": 1, "circles": [circle]}))
    key_file = tmp / f"{name}.key"
    made = subprocess.run([str(HEARTH), "directory", "keygen", "--out", str(key_file)],
                          check=True, capture_output=True, text=True).stdout
    out = tmp / f"{name}-directory.json"
    subprocess.run([str(HEARTH), "directory", "sign", str(listing), "--key-file", str(key_file),
                    "--out", str(out)], check=True, capture_output=True)
    return made.strip().splitlines()[-1], out.read_text()


async def scenario(tmp, www, web, relay_url):
    fern, ash, birch, syncs, cid = await circle_of_three(tmp, relay_url)
    with pytest.raises(h.HearthError.NotPermitted):
        await ash.open_to_requests(cid)
    inbox = await fern.open_to_requests(cid)
    await settle(syncs, rounds=1)
    assert (await fern.request_inbox(cid)).ready

    org_key, signed = sign(tmp, inbox.listing_entry, "riverside")
    _, forged = sign(tmp, inbox.listing_entry, "someone-else")
    robin, robin_sync, _ = await person(tmp, "Robin", relay_url)

    # A file signed by another key is refused, and the directory is not kept.
    (www / "directory.json").write_text(forged)
    with pytest.raises(h.HearthError.DirectoryNotTrusted):
        await robin.add_directory(f"{web}/directory.json", org_key)
    assert await robin.directories() == []

    (www / "directory.json").write_text(signed)
    await robin.add_directory(f"{web}/directory.json", org_key)
    [source] = await robin.directories()
    assert (source.organisation, source.circles) == ("Riverside", 1)
    assert [t.topic for t in await robin.directory_topics()] == ["depression"]
    [found] = await robin.find_circles("Depression", None)
    assert (found.name, found.schedule) == ("Evening circle", "Wednesdays 18:30")

    sent = await robin.ask_to_join(found.org_key, found.circle_id, "Robin", NOTE)
    assert sent.state == h.SentRequestState.SENDING
    await robin_sync.sync_once()
    await settle(syncs, rounds=1)
    [arrived] = await fern.join_requests(cid)
    assert (arrived.name, arrived.note, arrived.state) == (
        "Robin", NOTE, h.ReceivedRequestState.WAITING)
    assert await ash.join_requests(None) == []

    await fern.invite_requester(arrived.id, "See you Wednesday")
    await settle(syncs, rounds=1)
    await robin_sync.sync_once()
    [answer] = await robin.sent_requests()
    assert (answer.state, answer.has_code, answer.message) == (
        h.SentRequestState.INVITED, True, "See you Wednesday")
    await robin.join_from_request(answer.id, "Robin")
    await settle(syncs + [robin_sync, robin_sync])
    assert (await robin.circle(cid)).name == "Evening circle"
    assert (await robin.sent_requests())[0].state == h.SentRequestState.JOINED
