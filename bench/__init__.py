"""Throughput, latency and memory of the platform next to raw aiokafka/PyMongo baselines.

`python -m bench` runs every scenario against the Kafka and MongoDB named by
`MMC_KAFKA_BOOTSTRAP_SERVERS` and `MMC_MONGODB_URL`. Each side of each scenario (platform or
raw) runs in its own subprocess (`python -m bench.<scenario> <side> <params>`), so its peak
memory is its own; the sides are interleaved (raw, platform, platform, raw) on the same broker
and database, in fresh topics and databases that are removed at the end. (d) replays 100,000
events with `mmc_chassis.rebuild` (the platform alone: its target is absolute).
`python -m bench.backends` (`make bench`) runs it on each FerretDB backend, the second one on
infrastructure of its own started for the run, and adds the `/metrics` outbox backlog.
"""
