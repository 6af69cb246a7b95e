"""The shell: the `huddlebot` command line, the composition root (`bootstrap.build`), the HTTP
server, settings, logs, health and metrics. It wires the core, the adapters and the scheduler.
"""
