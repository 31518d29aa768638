"""The board's commands: one plain async function per command, by resource.

A command function takes its command (which carries the `EventContext`: who acts, when, in
which flow) and the service's parts; it loads the aggregates, lets the domain decide, and saves
the new state with its events in one write per aggregate. "Today" is the parts' clock.

Concurrency: a command with `expected_version` fails with `StaleVersion` unless the aggregate is
at that version; without it, it is re-applied to a fresh copy a few times before giving up
(`mmc_chassis.commands.change_aggregate`).
"""
