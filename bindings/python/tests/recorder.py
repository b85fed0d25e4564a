"""A listener that records the core's events, shared by the scenarios."""

import asyncio
import threading
import time

import hearth_ffi as h


class Recorder(h.HearthListener):
    """Collects events; the listener is called on a Rust thread and returns at once."""

    def __init__(self):
        self.events = []
        self.lock = threading.Lock()

    def on_event(self, event):
        with self.lock:
            self.events.append(event)

    def wait_for(self, predicate, timeout=5.0):
        """Blocks until `predicate(all events so far)` holds; returns the events."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(self.events):
                    return list(self.events)
            time.sleep(0.01)
        with self.lock:
            raise AssertionError(f"events never matched: {self.events}")

    async def heard(self, predicate, timeout=15.0):
        """Waits, without blocking the event loop, until one event matches `predicate`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if any(predicate(e) for e in self.events):
                    return
            await asyncio.sleep(0.02)
        with self.lock:
            raise AssertionError(f"no such event among {self.events}")
